#include "drivers/pcsc/reader_features.h"

#include <fmt/format.h>

namespace kiosk::pcsc {

StatusOr<std::map<uint8_t, uint32_t>> ParseFeatureList(std::span<const uint8_t> bytes) {
  std::map<uint8_t, uint32_t> features;
  size_t at = 0;
  while (at < bytes.size()) {
    if (bytes.size() - at < 2) return InvalidInputError("reader feature list: truncated entry");
    uint8_t tag = bytes[at];
    uint8_t length = bytes[at + 1];
    if (length != 4) {
      return InvalidInputError(
          fmt::format("reader feature list: length {} for tag {:#04x}", length, tag));
    }
    if (bytes.size() - at - 2 < 4) return InvalidInputError("reader feature list: truncated value");
    uint32_t code = (uint32_t{bytes[at + 2]} << 24) | (uint32_t{bytes[at + 3]} << 16) |
                    (uint32_t{bytes[at + 4]} << 8) | uint32_t{bytes[at + 5]};
    features[tag] = code;
    at += 6;
  }
  return features;
}

StatusOr<std::map<uint8_t, uint32_t>> ParseTlvProperties(std::span<const uint8_t> bytes) {
  std::map<uint8_t, uint32_t> properties;
  size_t at = 0;
  while (at < bytes.size()) {
    if (bytes.size() - at < 2) return InvalidInputError("reader properties: truncated entry");
    uint8_t tag = bytes[at];
    uint8_t length = bytes[at + 1];
    if (bytes.size() - at - 2 < length) return InvalidInputError("reader properties: truncated");
    if (length >= 1 && length <= 4) {
      uint32_t value = 0;
      for (size_t i = 0; i < length; ++i) value |= uint32_t{bytes[at + 2 + i]} << (8 * i);
      properties[tag] = value;
    }
    at += 2 + length;
  }
  return properties;
}

}  // namespace kiosk::pcsc
