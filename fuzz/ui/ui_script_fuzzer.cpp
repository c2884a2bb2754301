// Feeds arbitrary bytes to the headless harness's script parser: it must answer with commands
// or an InvalidInput error, never crash or hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kiosk/app/ui_script.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto commands = kiosk::app::ParseUiScript(text, "fuzz");
  if (commands.ok()) {
    for (const auto& command : *commands) {
      if (command.verb.empty() || command.line <= 0) __builtin_trap();
    }
  }
  return 0;
}
