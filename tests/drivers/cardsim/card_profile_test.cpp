#include "drivers/cardsim/card_profile.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace kiosk::cardsim {
namespace {

TEST(CardProfile, EveryShippedProfileLoads) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(KIOSK_CARDSIM_PROFILES_DIR)) {
    if (entry.path().extension() != ".toml") continue;
    auto profile = CardProfile::Load(entry.path().string());
    EXPECT_TRUE(profile.ok()) << entry.path() << ": " << profile.status().ToString();
    ++count;
  }
  EXPECT_GE(count, 5);
}

TEST(CardProfile, ReadsTheCnieProfile) {
  auto profile = CardProfile::Load(std::string(KIOSK_CARDSIM_PROFILES_DIR) + "/cnie.toml");
  ASSERT_TRUE(profile.ok());
  EXPECT_TRUE(profile->pace);
  EXPECT_FALSE(profile->bac);
  EXPECT_EQ(profile->can, "123456");
  EXPECT_EQ(profile->pace_cipher, emrtd::Cipher::kAes256);
  EXPECT_EQ(profile->mrz.size(), 3u);
  EXPECT_EQ(profile->place_of_birth, "Saint-Étienne (Loire)");
}

TEST(CardProfile, RejectsBadProfiles) {
  EXPECT_EQ(CardProfile::Parse("name = ", "x.toml", ".").status().code(),
            StatusCode::kInvalidInput);
  EXPECT_FALSE(CardProfile::Parse("name = \"a\"\nmrz = [\"A\"]", "x.toml", ".").ok());
  EXPECT_FALSE(CardProfile::Parse("name = \"a\"\npace = true\ncan = \"12\"\nmrz = [\"A\", \"B\"]",
                                  "x.toml", ".")
                   .ok());
  EXPECT_FALSE(CardProfile::Parse("name = \"a\"\npace_cipher = \"RC4\"", "x.toml", ".").ok());
  EXPECT_EQ(CardProfile::Load("/nonexistent.toml").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace kiosk::cardsim
