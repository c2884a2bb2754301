// Time as a dependency: code that waits, times out or stamps dates takes a Clock so that
// tests can make time jump.
#pragma once

#include <atomic>
#include <chrono>

namespace kiosk {

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time, for timestamps that leave the kiosk (submissions, receipts).
  virtual std::chrono::system_clock::time_point Now() const = 0;
  // Monotonic time, for timeouts and durations.
  virtual std::chrono::steady_clock::time_point Steady() const = 0;
};

// The process-wide real clock.
Clock& SystemClock();

// A clock that moves only when told. Thread-safe.
class FakeClock : public Clock {
 public:
  explicit FakeClock(std::chrono::system_clock::time_point start =
                         std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000)))
      : wall_(start.time_since_epoch().count()) {}

  std::chrono::system_clock::time_point Now() const override {
    return std::chrono::system_clock::time_point(std::chrono::system_clock::duration(wall_.load()));
  }
  std::chrono::steady_clock::time_point Steady() const override {
    return std::chrono::steady_clock::time_point(
        std::chrono::steady_clock::duration(steady_.load()));
  }
  template <typename Rep, typename Period>
  void Advance(std::chrono::duration<Rep, Period> d) {
    wall_ += std::chrono::duration_cast<std::chrono::system_clock::duration>(d).count();
    steady_ += std::chrono::duration_cast<std::chrono::steady_clock::duration>(d).count();
  }

 private:
  std::atomic<std::chrono::system_clock::rep> wall_;
  std::atomic<std::chrono::steady_clock::rep> steady_{0};
};

}  // namespace kiosk
