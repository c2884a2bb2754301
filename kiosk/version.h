#pragma once

#include <string_view>

namespace kiosk {

// The software version, as reported by `kiosk --version`, `kioskctl version` and heartbeats.
std::string_view SoftwareVersion();

}  // namespace kiosk
