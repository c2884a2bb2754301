// Fuzzes what enrolment reads before it trusts anything: the fingerprint a technician types
// (first line), the chain of certificates a centre presents (the rest, PEM) and the
// centre's server_time. Any bytes give a value or an error, never a crash.
#include <cstdint>
#include <string>
#include <string_view>

#include "provisioning/central_client.h"
#include "provisioning/device_identity.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t newline = input.find('\n');
  std::string_view typed = input.substr(0, newline);
  std::string_view chain_pem = newline == std::string_view::npos ? "" : input.substr(newline + 1);

  auto fingerprint = kiosk::provisioning::NormaliseFingerprint(typed);
  if (fingerprint.ok() && fingerprint->size() != 64) __builtin_trap();
  (void)kiosk::provisioning::ParseRfc3339(typed);

  auto chain = kiosk::provisioning::ParseCertificateChainPem(chain_pem);
  if (!chain.ok()) return 0;
  for (const auto& cert : *chain) {
    (void)kiosk::provisioning::CommonName(cert.get());
    (void)kiosk::provisioning::NotAfter(cert.get());
  }
  std::string pin = fingerprint.ok()
                        ? *fingerprint
                        : kiosk::provisioning::CertificateFingerprint(chain->back().get());
  auto anchor = kiosk::provisioning::FindPinnedAnchor(*chain, pin);
  (void)anchor;
  return 0;
}
