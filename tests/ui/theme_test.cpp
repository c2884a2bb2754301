#include "ui/theme.h"

#include <gtest/gtest.h>

namespace kiosk::ui {
namespace {

ImVec4 Rgb(int r, int g, int b) { return ImVec4(r / 255.0f, g / 255.0f, b / 255.0f, 1); }

TEST(ContrastRatio, MatchesWcagReferenceValues) {
  EXPECT_NEAR(ContrastRatio(Rgb(0, 0, 0), Rgb(255, 255, 255)), 21.0, 0.01);
  EXPECT_NEAR(ContrastRatio(Rgb(255, 255, 255), Rgb(255, 255, 255)), 1.0, 0.01);
  // #767676 on white is the classic 4.54:1 grey.
  EXPECT_NEAR(ContrastRatio(Rgb(0x76, 0x76, 0x76), Rgb(255, 255, 255)), 4.54, 0.01);
}

TEST(HighContrastTheme, EveryTextPairIsAtLeastSevenToOne) {
  for (const auto& [fg, bg] : TextPairs(HighContrastTheme())) {
    EXPECT_GE(ContrastRatio(fg, bg), 7.0) << fg.x << "," << fg.y << "," << fg.z;
  }
}

TEST(HighContrastTheme, FocusRingStandsOutFromTheBackground) {
  const Theme& t = HighContrastTheme();
  EXPECT_GE(ContrastRatio(t.focus, t.background), 7.0);
  EXPECT_GE(ContrastRatio(t.accent, t.background), 7.0);
}

TEST(StandardTheme, EveryTextPairMeetsWcagAA) {
  for (const auto& [fg, bg] : TextPairs(StandardTheme())) {
    EXPECT_GE(ContrastRatio(fg, bg), 4.5) << fg.x << "," << fg.y << "," << fg.z;
  }
  EXPECT_GE(ContrastRatio(StandardTheme().focus, StandardTheme().background), 3.0);
}

}  // namespace
}  // namespace kiosk::ui
