#include "tests/kiosk/procedure/run_helper.h"

#include <gtest/gtest.h>

#include "kiosk/procedure/loader.h"

namespace kiosk::procedure::testing_helpers {

std::shared_ptr<const Procedure> ShippedProcedure(const std::string& id) {
  ProcedureLoad load =
      LoadProcedureFile(std::string(KIOSK_SOURCE_DIR) + "/procedures/" + id + ".yaml");
  EXPECT_TRUE(load.ok()) << (load.errors.empty() ? "" : load.errors[0].ToString());
  return load.procedure;
}

const Clock& FixedClock() {
  static const FakeClock clock(*ParseUtc(kFixedTime));
  return clock;
}

SessionOptions TestOptions(const std::string& language) {
  SessionOptions options;
  options.language = language;
  options.kiosk_id = "test-kiosk";
  options.identity_source = IdentitySource::kTyped;
  options.clock = &FixedClock();
  options.new_id = []() -> StatusOr<std::string> { return std::string(kFixedId); };
  return options;
}

RunResult RunAnswers(std::shared_ptr<const Procedure> procedure, const nlohmann::json& answers,
                     const std::string& language) {
  ProcedureSession session(std::move(procedure), TestOptions(language));
  RunResult result;
  for (const auto& [id, value] : answers.items()) {
    auto message = session.SetAnswer(id, value);
    EXPECT_TRUE(message.ok()) << id << ": " << message.status().message();
  }
  while (session.phase() == ProcedureSession::Phase::kStep && session.Next()) {
  }
  result.errors = session.AllErrors();
  if (!result.errors.empty()) return result;
  auto frozen = session.Confirm();
  EXPECT_TRUE(frozen.ok()) << frozen.status().message();
  if (frozen.ok()) result.bytes = frozen->bytes;
  return result;
}

}  // namespace kiosk::procedure::testing_helpers
