// Fuzzes what guichet-central parses from the network before any authentication: the CSR of
// an enrolment request and RFC 3339 times. The first byte picks the parser.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "central/pki.h"
#include "central/time_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 2) {
    case 0: {
      auto key = kiosk::central::PublicKeyFromCsr(input);
      (void)key.ok();
      break;
    }
    case 1: {
      auto time = kiosk::central::ParseRfc3339(input);
      if (time) (void)kiosk::central::Rfc3339(*time);
      break;
    }
  }
  return 0;
}
