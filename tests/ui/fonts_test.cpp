#include "ui/fonts.h"

#include <imgui_internal.h>

#include <gtest/gtest.h>

namespace kiosk::ui {
namespace {

// Every character French needs on screen, from the foundation issue.
constexpr const char* kFrenchCharacters = "éèêëàâçôûùüïîÿœŒæ«»—–’€…ÉÈÊÀÇÔÛÙÜÏÎŸÆ“”„";

// Decodes one UTF-8 code point at `*p`, advancing it.
unsigned Next(const char** p) {
  unsigned c = 0;
  int n = ImTextCharFromUtf8(&c, *p, nullptr);
  *p += n;
  return c;
}

class FontTest : public ::testing::Test {
 protected:
  void SetUp() override { ImGui::CreateContext(); }
  void TearDown() override { ImGui::DestroyContext(); }
};

TEST_F(FontTest, KioskFontHasEveryFrenchGlyph) {
  auto fonts = LoadKioskFonts(ImGui::GetIO(), 24.0f, 40.0f);
  ASSERT_TRUE(fonts.ok()) << fonts.status().message();
  for (const char* p = kFrenchCharacters; *p != 0;) {
    unsigned c = Next(&p);
    const ImFontGlyph* glyph = fonts->body->FindGlyphNoFallback(static_cast<ImWchar>(c));
    ASSERT_NE(glyph, nullptr) << "missing glyph U+" << std::hex << c;
    EXPECT_TRUE(glyph->Visible) << "invisible glyph U+" << std::hex << c;
  }
}

TEST_F(FontTest, GlyphRangesCoverTheTypographicPunctuation) {
  const ImWchar* ranges = KioskGlyphRanges();
  auto covered = [&](ImWchar c) {
    for (const ImWchar* r = ranges; r[0] != 0; r += 2) {
      if (c >= r[0] && c <= r[1]) return true;
    }
    return false;
  };
  for (ImWchar c :
       {0x00AB, 0x00BB, 0x2014, 0x2013, 0x2019, 0x2026, 0x20AC, 0x0153, 0x0152, 0x0178}) {
    EXPECT_TRUE(covered(c)) << std::hex << c;
  }
}

}  // namespace
}  // namespace kiosk::ui
