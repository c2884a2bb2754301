#include "central/time_text.h"

#include <gtest/gtest.h>

namespace kiosk::central {
namespace {

TEST(TimeText, FormatsUtcWithSecondsAndZ) {
  EXPECT_EQ(Rfc3339(std::chrono::system_clock::from_time_t(1'800'000'000)), "2027-01-15T08:00:00Z");
}

TEST(TimeText, ParsesWhatItFormats) {
  auto time = std::chrono::system_clock::from_time_t(1'800'000'000);
  EXPECT_EQ(ParseRfc3339(Rfc3339(time)), time);
}

TEST(TimeText, ParsesOffsetsAndFractions) {
  auto time = std::chrono::system_clock::from_time_t(1'800'000'000);
  EXPECT_EQ(ParseRfc3339("2027-01-15T09:00:00.250+01:00"), time);
}

TEST(TimeText, RejectsWhatIsNotATime) {
  for (const char* text : {"", "2027-01-15", "2027-13-15T09:00:00Z", "2027-01-15T09:00:00",
                           "garbage garbage garbage"}) {
    EXPECT_FALSE(ParseRfc3339(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace kiosk::central
