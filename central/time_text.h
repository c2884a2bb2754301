// RFC 3339 UTC timestamps as the centre stores and sends them ("2026-12-03T18:22:31Z"). Being
// fixed-width, they sort as text in time order, which the store's date filters rely on.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace kiosk::central {

std::string Rfc3339(std::chrono::system_clock::time_point time);
// Parses "YYYY-MM-DDTHH:MM:SSZ" (optionally with fractional seconds, or an offset +HH:MM).
std::optional<std::chrono::system_clock::time_point> ParseRfc3339(std::string_view text);

}  // namespace kiosk::central
