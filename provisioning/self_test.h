// The technician's self-test: a list of independent checks (reader, card, printer, centre,
// clock, disk, queue...), each reporting pass / fail with a detail and, on failure, a hint
// saying what to do. Used by `kioskctl selftest` and meant for the staff-mode technician
// panel, which can show the same CheckResults.
//
// Each part is a Check injected into the SelfTest, so tests (and the panel) can replace one.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace kiosk::provisioning {

enum class CheckOutcome { kPass, kWarn, kFail, kSkipped };
std::string_view CheckOutcomeName(CheckOutcome outcome);  // "pass", "warn", "fail", "skipped"

struct CheckResult {
  std::string name;  // stable id: "pcscd", "reader", "printer", "centre", "clock", ...
  CheckOutcome outcome = CheckOutcome::kPass;
  std::string detail;  // what was seen, for the technician (no personal data)
  std::string hint;    // what to do about a failure or a warning; empty on pass
};

// One part of the self-test. Run() may block on a device or the network but must return
// within its own timeout; it never throws. May report several results (e.g. "centre" and
// "clock" from one exchange).
class Check {
 public:
  virtual ~Check() = default;
  virtual std::vector<CheckResult> Run() = 0;
};

struct SelfTestReport {
  std::vector<CheckResult> results;
  bool passed() const;  // no result is kFail
};

class SelfTest {
 public:
  void Add(std::unique_ptr<Check> check);
  // Runs every check in the order added (one after another: they share devices).
  SelfTestReport Run();

 private:
  std::vector<std::unique_ptr<Check>> checks_;
};

CheckResult Pass(std::string name, std::string detail);
CheckResult Fail(std::string name, std::string detail, std::string hint);
CheckResult Warn(std::string name, std::string detail, std::string hint);
CheckResult Skipped(std::string name, std::string detail);

}  // namespace kiosk::provisioning
