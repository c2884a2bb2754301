#include "offline/sync/retry_policy.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <random>
#include <string>

#include <curl/curl.h>

namespace kiosk::offline {
namespace {

constexpr std::chrono::seconds kLongestRetryAfter = std::chrono::hours(1);

RetryPolicy::Uniform DefaultUniform() {
  auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
  return [engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(*engine); };
}

}  // namespace

RetryPolicy::RetryPolicy(std::chrono::milliseconds base, std::chrono::milliseconds cap,
                         Uniform uniform)
    : base_(base), cap_(cap), uniform_(uniform ? std::move(uniform) : DefaultUniform()) {}

std::chrono::milliseconds RetryPolicy::Delay(
    int failed_attempts, std::optional<std::chrono::seconds> retry_after) const {
  // Double from `base` per failure without overflowing: stop doubling once past the cap.
  std::chrono::milliseconds ceiling = base_;
  for (int i = 1; i < failed_attempts && ceiling < cap_; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, cap_);
  double draw = std::clamp(uniform_(), 0.0, 1.0);
  auto delay = std::chrono::milliseconds(static_cast<int64_t>(draw * ceiling.count()));
  if (retry_after) {
    auto floor = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::min(*retry_after, kLongestRetryAfter));
    delay = std::max(delay, floor);
  }
  return delay;
}

std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value,
                                                    std::chrono::system_clock::time_point now) {
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) {
    value.remove_prefix(1);
  }
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) {
    value.remove_suffix(1);
  }
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    if (value.size() > 9) return kLongestRetryAfter;
    return std::chrono::seconds(std::stoll(std::string(value)));
  }
  // curl_getdate reads the three HTTP date formats (RFC 9110 section 5.6.7).
  time_t when = curl_getdate(std::string(value).c_str(), nullptr);
  if (when < 0) return std::nullopt;
  auto delta = std::chrono::system_clock::from_time_t(when) - now;
  if (delta <= std::chrono::seconds(0)) return std::chrono::seconds(0);
  return std::chrono::duration_cast<std::chrono::seconds>(delta);
}

}  // namespace kiosk::offline
