// The centre as the kiosk sees it: reachable over TLS verified against the pinned CA, this
// kiosk's certificate accepted (mutual TLS), and the clock within tolerance of the centre's.
// Reports three results: "centre", "mutual_tls", "clock".
#pragma once

#include <chrono>

#include "base/clock.h"
#include "base/config.h"
#include "provisioning/self_test.h"

namespace kiosk::provisioning {

class CentreCheck : public Check {
 public:
  // `clock` is the kiosk's clock (a test injects a wrong one). Must outlive the check.
  CentreCheck(KioskConfig config, const Clock& clock,
              std::chrono::seconds tolerance = std::chrono::minutes(2),
              std::chrono::milliseconds timeout = std::chrono::seconds(5));
  std::vector<CheckResult> Run() override;

 private:
  KioskConfig config_;
  const Clock& clock_;
  std::chrono::seconds tolerance_;
  std::chrono::milliseconds timeout_;
};

}  // namespace kiosk::provisioning
