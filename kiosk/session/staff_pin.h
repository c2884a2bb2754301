// The staff PIN: stored as an Argon2id encoded hash ("$argon2id$v=19$m=...,t=...,p=...$salt$hash",
// salt random per hash) in the configuration's staff.pin_hash; checked with a lockout of five
// minutes after five wrong tries.
#pragma once

#include <chrono>
#include <string>

#include "base/clock.h"
#include "base/status.h"

namespace kiosk::session {

// Hashes `pin` with a fresh random salt. Slow on purpose (tens of milliseconds).
StatusOr<std::string> HashStaffPin(const std::string& pin);

// True when `pin` matches `encoded`. A malformed `encoded` never matches. Slow on purpose:
// call it from a worker thread.
bool StaffPinMatches(const std::string& encoded, const std::string& pin);

// Counts wrong tries. Thread: drawing thread only.
class StaffLockout {
 public:
  static constexpr int kMaxTries = 5;
  static constexpr std::chrono::minutes kLockDuration{5};

  explicit StaffLockout(const Clock& clock) : clock_(clock) {}

  bool Locked() const;
  // Whole seconds until the lock ends; 0 when not locked.
  int SecondsLeft() const;
  void RecordFailure();
  void RecordSuccess();
  int failures() const { return failures_; }

 private:
  const Clock& clock_;
  int failures_ = 0;
  std::chrono::steady_clock::time_point locked_until_{};
};

}  // namespace kiosk::session
