#include "offline/sync/retry_policy.h"

#include <gtest/gtest.h>

namespace kiosk::offline {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

RetryPolicy PolicyDrawing(double draw) {
  return RetryPolicy(seconds(2), seconds(300), [draw] { return draw; });
}

TEST(RetryPolicy, DoublesTheCeilingAfterEachFailure) {
  auto top = PolicyDrawing(0.999999);
  EXPECT_NEAR(top.Delay(1).count(), 2000, 1);
  EXPECT_NEAR(top.Delay(2).count(), 4000, 1);
  EXPECT_NEAR(top.Delay(5).count(), 32000, 1);
}

TEST(RetryPolicy, NeverWaitsLongerThanTheCap) {
  auto top = PolicyDrawing(0.999999);
  EXPECT_LE(top.Delay(9).count(), 300000);
  EXPECT_LE(top.Delay(1000).count(), 300000);
  EXPECT_GT(top.Delay(1000).count(), 299000);
}

TEST(RetryPolicy, FullJitterDrawsFromZeroToTheCeiling) {
  EXPECT_EQ(PolicyDrawing(0.0).Delay(5), milliseconds(0));
  EXPECT_EQ(PolicyDrawing(0.5).Delay(5), milliseconds(16000));
}

TEST(RetryPolicy, RetryAfterIsAFloor) {
  EXPECT_EQ(PolicyDrawing(0.0).Delay(1, seconds(120)), milliseconds(120000));
  EXPECT_EQ(PolicyDrawing(0.5).Delay(9, seconds(1)), milliseconds(150000));
}

TEST(RetryPolicy, AnAbsurdRetryAfterIsCappedAtOneHour) {
  EXPECT_EQ(PolicyDrawing(0.0).Delay(1, seconds(10'000'000)), milliseconds(3'600'000));
}

TEST(RetryPolicy, DefaultRandomStaysInRange) {
  RetryPolicy policy(seconds(1), seconds(8));
  for (int i = 0; i < 200; ++i) {
    auto delay = policy.Delay(4);
    EXPECT_GE(delay.count(), 0);
    EXPECT_LT(delay.count(), 8000);
  }
}

struct RetryAfterCase {
  const char* name;
  const char* header;
  std::optional<long> expected_seconds;
};

class RetryAfterParsing : public ::testing::TestWithParam<RetryAfterCase> {};

TEST_P(RetryAfterParsing, ReadsSecondsAndHttpDates) {
  // 2026-12-03T18:00:00Z
  auto now = std::chrono::system_clock::from_time_t(1796320800);
  auto parsed = ParseRetryAfter(GetParam().header, now);
  if (!GetParam().expected_seconds) {
    EXPECT_FALSE(parsed.has_value());
  } else {
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->count(), *GetParam().expected_seconds);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, RetryAfterParsing,
    ::testing::Values(RetryAfterCase{"Seconds", "120", 120},
                      RetryAfterCase{"SecondsWithSpaces", "  7 ", 7},
                      RetryAfterCase{"Zero", "0", 0},
                      RetryAfterCase{"HttpDate", "Thu, 03 Dec 2026 18:01:30 GMT", 90},
                      RetryAfterCase{"DateInThePast", "Thu, 03 Dec 2026 17:00:00 GMT", 0},
                      RetryAfterCase{"Empty", "", std::nullopt},
                      RetryAfterCase{"Garbage", "soon", std::nullopt},
                      RetryAfterCase{"Negative", "-5", std::nullopt},
                      RetryAfterCase{"Huge", "99999999999999", 3600}),
    [](const auto& test_case) { return std::string(test_case.param.name); });

}  // namespace
}  // namespace kiosk::offline
