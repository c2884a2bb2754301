#include "central/time_text.h"

#include <cstdio>
#include <ctime>

namespace kiosk::central {

std::string Rfc3339(std::chrono::system_clock::time_point time) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::optional<std::chrono::system_clock::time_point> ParseRfc3339(std::string_view text) {
  if (text.size() < 20 || text.size() > 40) return std::nullopt;
  std::string copy(text);
  int year, month, day, hour, minute, second;
  char t, rest[24] = {0};
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d%23s", &year, &month, &day, &t, &hour,
                  &minute, &second, rest) < 8) {
    return std::nullopt;
  }
  if ((t != 'T' && t != 't') || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
      minute > 59 || second > 60) {
    return std::nullopt;
  }
  std::string tail = rest;
  if (!tail.empty() && tail[0] == '.') {
    size_t i = 1;
    while (i < tail.size() && tail[i] >= '0' && tail[i] <= '9') ++i;
    tail = tail.substr(i);
  }
  long offset_seconds = 0;
  if (tail == "Z" || tail == "z") {
    offset_seconds = 0;
  } else if (tail.size() == 6 && (tail[0] == '+' || tail[0] == '-') && tail[3] == ':') {
    int oh = 0, om = 0;
    if (std::sscanf(tail.c_str() + 1, "%2d:%2d", &oh, &om) != 2) return std::nullopt;
    offset_seconds = (oh * 3600L + om * 60L) * (tail[0] == '+' ? 1 : -1);
  } else {
    return std::nullopt;
  }
  std::tm utc{};
  utc.tm_year = year - 1900;
  utc.tm_mon = month - 1;
  utc.tm_mday = day;
  utc.tm_hour = hour;
  utc.tm_min = minute;
  utc.tm_sec = second;
  std::time_t seconds = timegm(&utc);
  return std::chrono::system_clock::from_time_t(seconds - offset_seconds);
}

}  // namespace kiosk::central
