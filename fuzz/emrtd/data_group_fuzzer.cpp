// Data group parsing (EF.COM, DG1, DG2, DG11, DG12): card bytes never crash the reader.
#include <cstdint>
#include <span>

#include "drivers/emrtd/data_groups.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> input(data, size);
  (void)kiosk::emrtd::ParseCom(input);
  (void)kiosk::emrtd::ParseDg1(input, kiosk::emrtd::MrzDate{2026, 12, 3});
  (void)kiosk::emrtd::ParseDg11(input);
  (void)kiosk::emrtd::ParseDg12(input);
  auto face = kiosk::emrtd::ParseDg2(input);
  if (face.ok() && face->data.size() > size) __builtin_trap();
  return 0;
}
