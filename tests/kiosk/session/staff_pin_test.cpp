#include "kiosk/session/staff_pin.h"

#include <gtest/gtest.h>

namespace kiosk::session {
namespace {

TEST(StaffPin, HashIsArgon2idWithARandomSalt) {
  auto first = HashStaffPin("135790");
  auto second = HashStaffPin("135790");
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(first->rfind("$argon2id$", 0), 0u);
  EXPECT_NE(*first, *second);
  EXPECT_EQ(first->find("135790"), std::string::npos);
}

TEST(StaffPin, MatchesOnlyTheRightPin) {
  std::string hash = HashStaffPin("135790").value();
  EXPECT_TRUE(StaffPinMatches(hash, "135790"));
  EXPECT_FALSE(StaffPinMatches(hash, "135791"));
  EXPECT_FALSE(StaffPinMatches("", "135790"));
  EXPECT_FALSE(StaffPinMatches("$argon2id$garbage", "135790"));
}

TEST(StaffPin, RefusesPinsShorterThanFourDigits) {
  EXPECT_EQ(HashStaffPin("12").status().code(), StatusCode::kInvalidInput);
}

TEST(StaffLockout, LocksAfterFiveFailuresForFiveMinutes) {
  FakeClock clock;
  StaffLockout lockout(clock);
  for (int i = 0; i < 4; ++i) lockout.RecordFailure();
  EXPECT_FALSE(lockout.Locked());
  lockout.RecordFailure();
  EXPECT_TRUE(lockout.Locked());
  EXPECT_EQ(lockout.SecondsLeft(), 300);
  clock.Advance(std::chrono::seconds(299));
  EXPECT_TRUE(lockout.Locked());
  clock.Advance(std::chrono::seconds(1));
  EXPECT_FALSE(lockout.Locked());
}

}  // namespace
}  // namespace kiosk::session
