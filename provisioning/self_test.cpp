#include "provisioning/self_test.h"

namespace kiosk::provisioning {

std::string_view CheckOutcomeName(CheckOutcome outcome) {
  switch (outcome) {
    case CheckOutcome::kPass:
      return "pass";
    case CheckOutcome::kWarn:
      return "warn";
    case CheckOutcome::kFail:
      return "fail";
    case CheckOutcome::kSkipped:
      return "skipped";
  }
  return "fail";
}

bool SelfTestReport::passed() const {
  for (const auto& r : results) {
    if (r.outcome == CheckOutcome::kFail) return false;
  }
  return true;
}

void SelfTest::Add(std::unique_ptr<Check> check) { checks_.push_back(std::move(check)); }

SelfTestReport SelfTest::Run() {
  SelfTestReport report;
  for (auto& check : checks_) {
    for (auto& result : check->Run()) report.results.push_back(std::move(result));
  }
  return report;
}

CheckResult Pass(std::string name, std::string detail) {
  return {std::move(name), CheckOutcome::kPass, std::move(detail), ""};
}
CheckResult Fail(std::string name, std::string detail, std::string hint) {
  return {std::move(name), CheckOutcome::kFail, std::move(detail), std::move(hint)};
}
CheckResult Warn(std::string name, std::string detail, std::string hint) {
  return {std::move(name), CheckOutcome::kWarn, std::move(detail), std::move(hint)};
}
CheckResult Skipped(std::string name, std::string detail) {
  return {std::move(name), CheckOutcome::kSkipped, std::move(detail), ""};
}

}  // namespace kiosk::provisioning
