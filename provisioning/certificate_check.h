// The kiosk's client certificate: present, matching its key, and not about to expire.
#pragma once

#include <chrono>

#include "base/clock.h"
#include "base/config.h"
#include "provisioning/self_test.h"

namespace kiosk::provisioning {

class CertificateCheck : public Check {
 public:
  // Warns when the certificate expires within `renew_within`. `clock` must outlive the check.
  CertificateCheck(KioskConfig config, const Clock& clock,
                   std::chrono::hours renew_within = std::chrono::hours(24 * 30));
  std::vector<CheckResult> Run() override;

 private:
  KioskConfig config_;
  const Clock& clock_;
  std::chrono::hours renew_within_;
};

}  // namespace kiosk::provisioning
