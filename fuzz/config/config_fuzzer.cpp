// Fuzzes the configuration loader: any bytes give a configuration or an error, never a crash.
#include <cstdint>
#include <string_view>

#include "base/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = kiosk::ParseConfig(text, "fuzz.toml");
  if (config.ok()) {
    // What was accepted must serialise and read back.
    auto again = kiosk::ParseConfig(kiosk::SerializeConfig(*config), "again.toml");
    if (!again.ok()) __builtin_trap();
  }
  return 0;
}
