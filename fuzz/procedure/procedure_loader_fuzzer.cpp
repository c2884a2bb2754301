// Fuzzes the procedure loader: any bytes give a procedure or diagnostics, never a crash. What
// loads must also run: a session over it walks to the review with no answers given.
#include <cstdint>
#include <string_view>

#include "kiosk/procedure/loader.h"
#include "kiosk/procedure/session.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  kiosk::procedure::ProcedureLoad load = kiosk::procedure::ParseProcedure(text, "fuzz.yaml");
  if (!load.ok()) {
    if (load.errors.empty()) __builtin_trap();  // a rejection must say why
    return 0;
  }
  kiosk::FakeClock clock;
  kiosk::procedure::SessionOptions options;
  options.kiosk_id = "fuzz";
  options.clock = &clock;
  options.new_id = []() -> kiosk::StatusOr<std::string> {
    return std::string("0f8fad5b-d9cb-469f-a165-70867728950e");
  };
  kiosk::procedure::ProcedureSession session(load.procedure, options);
  for (int i = 0; i < 60 && session.phase() == kiosk::procedure::ProcedureSession::Phase::kStep;
       ++i) {
    (void)session.CurrentStep();
    if (!session.Next()) break;
  }
  (void)session.Review();
  return 0;
}
