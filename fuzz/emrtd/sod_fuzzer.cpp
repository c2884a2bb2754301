// EF.SOD: the CMS structure and the LDSSecurityObject; a hostile SOD never crashes passive
// authentication and is never "verified".
#include <cstdint>
#include <map>
#include <span>

#include "drivers/emrtd/passive_authentication.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> input(data, size);
  (void)kiosk::emrtd::ParseSod(input);
  auto result = kiosk::emrtd::VerifyPassiveAuthentication(input, {}, "");
  if (result.status == kiosk::emrtd::PassiveAuthenticationStatus::kVerified) __builtin_trap();
  return 0;
}
