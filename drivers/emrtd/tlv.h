// BER-TLV as the chip speaks it (ISO 7816-4 / ICAO 9303 part 10): tags of one to three bytes,
// definite lengths of up to four bytes. Every length comes from the card and is checked
// against the bytes actually present (and a cap) before anything is allocated or read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "base/status.h"
#include "drivers/card/card_channel.h"

namespace kiosk::emrtd {

using card::Bytes;

// Largest value length accepted from a card: the biggest file an eMRTD holds (a DG2 with a
// large image) is well under this.
inline constexpr size_t kMaxTlvLength = 1 << 20;

struct Tlv {
  uint32_t tag = 0;                // e.g. 0x61, 0x5F1F, 0x7F61
  std::span<const uint8_t> value;  // points into the parsed buffer
  std::span<const uint8_t> whole;  // tag + length + value, as read
  bool constructed() const;
};

// The header of one TLV: tag, value length and header size, without requiring the value to
// be present (used to learn a file's size from its first bytes).
struct TlvHeader {
  uint32_t tag = 0;
  size_t length = 0;
  size_t header_size = 0;
};
StatusOr<TlvHeader> ParseTlvHeader(std::span<const uint8_t> data);

// Parses exactly one TLV at the start of `data`; `rest` receives what follows it.
StatusOr<Tlv> ParseTlv(std::span<const uint8_t> data, std::span<const uint8_t>* rest = nullptr);

// Parses a sequence of TLVs filling `data` entirely.
StatusOr<std::vector<Tlv>> ParseTlvList(std::span<const uint8_t> data);

// The first child of `parent_value` with `tag`, or NotFound.
StatusOr<Tlv> FindTlv(std::span<const uint8_t> parent_value, uint32_t tag);

// Encoding (used to build commands and, in the simulator, files).
void AppendTag(Bytes& out, uint32_t tag);
void AppendLength(Bytes& out, size_t length);
Bytes EncodeTlv(uint32_t tag, std::span<const uint8_t> value);
Bytes Concat(std::initializer_list<std::span<const uint8_t>> parts);

}  // namespace kiosk::emrtd
