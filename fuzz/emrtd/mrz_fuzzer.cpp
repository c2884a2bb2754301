// MRZ parsing: lines split on '\n'; any text gives an MRZ or "not an MRZ", never a crash.
#include <cstdint>
#include <string>
#include <vector>

#include "drivers/emrtd/mrz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> lines(1);
  for (size_t i = 0; i < size; ++i) {
    if (data[i] == '\n') {
      lines.emplace_back();
    } else {
      lines.back().push_back(static_cast<char>(data[i]));
    }
  }
  auto mrz = kiosk::emrtd::ParseMrz(lines, kiosk::emrtd::MrzDate{2026, 12, 3});
  if (mrz.ok()) {
    (void)mrz->valid();
    if (mrz->birth_date && (mrz->birth_date->month < 1 || mrz->birth_date->month > 12)) {
      __builtin_trap();
    }
  }
  return 0;
}
