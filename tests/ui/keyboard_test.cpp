#include "ui/keyboard.h"

#include <gtest/gtest.h>

namespace kiosk::ui {
namespace {

struct CasePair {
  const char* lower;
  const char* upper;
};

class UpperCase : public ::testing::TestWithParam<CasePair> {};

TEST_P(UpperCase, ShiftGivesTheCapitalOfEveryFrenchLetter) {
  EXPECT_EQ(UpperCaseLetter(GetParam().lower), GetParam().upper);
}

INSTANTIATE_TEST_SUITE_P(
    FrenchLetters, UpperCase,
    ::testing::Values(CasePair{"a", "A"}, CasePair{"z", "Z"}, CasePair{"é", "É"},
                      CasePair{"è", "È"}, CasePair{"ê", "Ê"}, CasePair{"ë", "Ë"},
                      CasePair{"à", "À"}, CasePair{"â", "Â"}, CasePair{"ç", "Ç"},
                      CasePair{"ô", "Ô"}, CasePair{"û", "Û"}, CasePair{"ù", "Ù"},
                      CasePair{"ü", "Ü"}, CasePair{"î", "Î"}, CasePair{"ï", "Ï"},
                      CasePair{"ÿ", "Ÿ"}, CasePair{"œ", "Œ"}, CasePair{"æ", "Æ"},
                      CasePair{"'", "'"}, CasePair{"-", "-"}),
    [](const ::testing::TestParamInfo<CasePair>& p) { return "Letter" + std::to_string(p.index); });

}  // namespace
}  // namespace kiosk::ui
