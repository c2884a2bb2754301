// Command and response APDUs (ISO 7816-4): short and extended encodings.
#pragma once

#include <cstdint>
#include <span>

#include "base/status.h"
#include "drivers/card/card_channel.h"

namespace kiosk::emrtd {

using card::Bytes;

struct CommandApdu {
  uint8_t cla = 0x00;
  uint8_t ins = 0x00;
  uint8_t p1 = 0x00;
  uint8_t p2 = 0x00;
  Bytes data;
  // Ne: the number of response bytes expected; 0 = no Le field. 256 is Le=00 (short), 65536
  // is Le=0000 (extended).
  size_t ne = 0;
  // Extended encoding even when the sizes would fit a short APDU.
  bool force_extended = false;

  bool NeedsExtended() const { return force_extended || data.size() > 255 || ne > 256; }
  Bytes Encode() const;
  // Parses a command APDU (the chip side). InvalidInput on inconsistent lengths.
  static StatusOr<CommandApdu> Parse(std::span<const uint8_t> raw);
};

struct ResponseApdu {
  Bytes data;
  uint16_t sw = 0;

  bool ok() const { return sw == 0x9000; }
  Bytes Encode() const;
  // InvalidInput if shorter than the two status bytes.
  static StatusOr<ResponseApdu> Parse(std::span<const uint8_t> raw);
};

}  // namespace kiosk::emrtd
