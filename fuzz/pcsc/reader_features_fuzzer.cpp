// Fuzzes the parsers of what a reader driver says about itself (PC/SC part 10 feature list
// and TLV properties): any bytes give a map or an error, never a crash.
#include <cstddef>
#include <cstdint>
#include <span>

#include "drivers/pcsc/reader_features.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> bytes(data, size);
  auto features = kiosk::pcsc::ParseFeatureList(bytes);
  // Every entry of an accepted list is 6 bytes.
  if (features.ok() && features->size() * 6 > size) __builtin_trap();
  auto properties = kiosk::pcsc::ParseTlvProperties(bytes);
  if (properties.ok() && properties->size() * 3 > size) __builtin_trap();
  return 0;
}
