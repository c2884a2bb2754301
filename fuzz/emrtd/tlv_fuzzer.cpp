// BER-TLV, EF.CardAccess and APDU parsing: any bytes give a value or an error, never a crash,
// and never a value pointing outside the input.
#include <cstdint>
#include <span>

#include "drivers/emrtd/apdu.h"
#include "drivers/emrtd/card_access.h"
#include "drivers/emrtd/tlv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> input(data, size);
  auto list = kiosk::emrtd::ParseTlvList(input);
  if (list.ok()) {
    for (const auto& tlv : *list) {
      if (tlv.value.data() < data || tlv.value.data() + tlv.value.size() > data + size) {
        __builtin_trap();
      }
      (void)kiosk::emrtd::ParseTlvList(tlv.value);
    }
  }
  (void)kiosk::emrtd::ParseCardAccess(input);
  auto apdu = kiosk::emrtd::CommandApdu::Parse(input);
  if (apdu.ok()) {
    // What parses must encode to something that parses to the same command.
    auto again = kiosk::emrtd::CommandApdu::Parse(apdu->Encode());
    if (!again.ok() || again->data != apdu->data || again->ne != apdu->ne) __builtin_trap();
  }
  return 0;
}
