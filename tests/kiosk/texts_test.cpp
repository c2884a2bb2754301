#include "kiosk/texts.h"

#include <gtest/gtest.h>

namespace kiosk {
namespace {

TEST(Texts, EveryKeyHasATextInEveryLanguage) {
  for (auto language : TextLanguages()) {
    for (auto key : TextKeys()) {
      std::string_view text = Text(language, key);
      EXPECT_FALSE(text.empty()) << language << " " << key;
      EXPECT_NE(text, key) << language << " " << key;
    }
  }
}

TEST(Texts, UnknownLanguageFallsBackToFrench) {
  EXPECT_EQ(Text("xx", "welcome.title"), Text("fr", "welcome.title"));
}

TEST(Texts, FrenchWelcomeUsesTypographicQuotes) {
  EXPECT_EQ(Text("fr", "welcome.start"), "« Touchez ici pour commencer »");
}

TEST(Texts, LanguagesAreNamedInTheirOwnLanguage) {
  EXPECT_EQ(LanguageName("fr"), "Français");
  EXPECT_EQ(LanguageName("de"), "Deutsch");
}

}  // namespace
}  // namespace kiosk
