// When to try again after a failed send: capped exponential backoff with full jitter, and
// the centre's Retry-After honoured.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string_view>

namespace kiosk::offline {

class RetryPolicy {
 public:
  // `uniform` returns a number in [0, 1); injectable so that tests choose the jitter.
  using Uniform = std::function<double()>;

  RetryPolicy(std::chrono::milliseconds base = std::chrono::seconds(2),
              std::chrono::milliseconds cap = std::chrono::minutes(5), Uniform uniform = {});

  // The wait before attempt `failed_attempts` + 1: a uniform draw in
  // [0, min(cap, base * 2^(failed_attempts - 1))) (full jitter spreads a fleet of kiosks coming
  // back online), but never less than `retry_after` (which itself is capped at one hour so a
  // broken header cannot stop the queue for days).
  std::chrono::milliseconds Delay(int failed_attempts,
                                  std::optional<std::chrono::seconds> retry_after = {}) const;

  std::chrono::milliseconds cap() const { return cap_; }

 private:
  std::chrono::milliseconds base_;
  std::chrono::milliseconds cap_;
  Uniform uniform_;
};

// Parses a Retry-After header value: delay-seconds or an HTTP-date (relative to `now`).
// nullopt when absent or unreadable.
std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value,
                                                    std::chrono::system_clock::time_point now);

}  // namespace kiosk::offline
