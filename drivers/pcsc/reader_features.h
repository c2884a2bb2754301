// Parsing what a reader says about itself through PC/SC part 10 (CM_IOCTL_GET_FEATURE_REQUEST
// and FEATURE_GET_TLV_PROPERTIES). The bytes come from a reader driver: they are checked,
// never trusted (fuzz/pcsc/reader_features_fuzzer.cpp).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>

#include "base/status.h"

namespace kiosk::pcsc {

// Feature TLVs: tag (1 byte), length (1 byte, always 4), control code (4 bytes big-endian).
// Returns feature tag -> control code. Errors: kInvalidInput for a truncated list or a length
// other than 4.
StatusOr<std::map<uint8_t, uint32_t>> ParseFeatureList(std::span<const uint8_t> bytes);

// TLV properties: tag (1 byte), length (1 byte), value (little-endian, 1 to 4 bytes; longer
// values such as sFirmwareID are skipped). Returns tag -> value.
StatusOr<std::map<uint8_t, uint32_t>> ParseTlvProperties(std::span<const uint8_t> bytes);

}  // namespace kiosk::pcsc
