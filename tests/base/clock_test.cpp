#include "base/clock.h"

#include <gtest/gtest.h>

namespace kiosk {
namespace {

TEST(FakeClock, MovesOnlyWhenAdvanced) {
  FakeClock clock;
  auto wall = clock.Now();
  auto steady = clock.Steady();
  EXPECT_EQ(clock.Now(), wall);
  clock.Advance(std::chrono::seconds(90));
  EXPECT_EQ(clock.Now() - wall, std::chrono::seconds(90));
  EXPECT_EQ(clock.Steady() - steady, std::chrono::seconds(90));
}

TEST(SystemClock, SteadyTimeDoesNotGoBack) {
  auto a = SystemClock().Steady();
  auto b = SystemClock().Steady();
  EXPECT_LE(a, b);
}

}  // namespace
}  // namespace kiosk
