#include "drivers/cardsim/simulated_chip.h"

#include <gtest/gtest.h>

#include "drivers/emrtd/crypto.h"
#include "tests/support/temp_dir.h"

namespace kiosk::cardsim {
namespace {

using emrtd::FromHex;
using emrtd::ToHex;

class SimulatedChipTest : public ::testing::Test {
 protected:
  std::unique_ptr<SimulatedChip> Chip(const std::string& profile) {
    auto chip = SimulatedChip::FromProfile(
        std::string(KIOSK_CARDSIM_PROFILES_DIR) + "/" + profile + ".toml", dir_.path().string());
    EXPECT_TRUE(chip.ok()) << chip.status().ToString();
    return chip.ok() ? std::move(*chip) : nullptr;
  }
  std::string Send(SimulatedChip& chip, const char* hex) {
    return ToHex(chip.HandleApdu(FromHex(hex)));
  }
  testing::TempDir dir_;
};

TEST_F(SimulatedChipTest, ServesEfCardAccessBeforeAnyApplication) {
  auto chip = Chip("cnie");
  EXPECT_EQ(Send(*chip, "00A4020C02011C"), "9000");
  std::string answer = Send(*chip, "00B0000000");
  EXPECT_EQ(answer.substr(0, 2), "31");
  EXPECT_EQ(answer.substr(answer.size() - 4), "9000");
}

TEST_F(SimulatedChipTest, RefusesDataGroupsWithoutAccessControl) {
  auto chip = Chip("cnie");
  EXPECT_EQ(Send(*chip, "00A4040C07A0000002471001"), "9000");
  EXPECT_EQ(Send(*chip, "00A4020C020101"), "6982");
}

TEST_F(SimulatedChipTest, CardWithoutApplicationAnswersFileNotFound) {
  auto chip = Chip("no-emrtd-application");
  EXPECT_EQ(Send(*chip, "00A4040C07A0000002471001"), "6A82");
  EXPECT_EQ(Send(*chip, "00A4020C02011C"), "6A82");
}

TEST_F(SimulatedChipTest, RejectsMalformedApdusWithAStatusWord) {
  auto chip = Chip("cnie");
  EXPECT_EQ(Send(*chip, "00"), "6700");
  EXPECT_EQ(Send(*chip, "00A4020C05011C"), "6700");
  EXPECT_EQ(Send(*chip, "00FF0000"), "6D00");
  EXPECT_EQ(Send(*chip, "0CB0000000"), "6988");          // protected without a session
  EXPECT_EQ(Send(*chip, "1086000002 7C00 00"), "6985");  // GENERAL AUTHENTICATE without MSE
}

TEST_F(SimulatedChipTest, PassportAnswersGetChallenge) {
  auto chip = Chip("passport-specimen");
  EXPECT_EQ(Send(*chip, "00A4040C07A0000002471001"), "9000");
  std::string challenge = Send(*chip, "0084000008");
  EXPECT_EQ(challenge.size(), 20u);
  EXPECT_EQ(challenge.substr(16), "9000");
  EXPECT_EQ(chip->Atr()[0], 0x3B);
}

}  // namespace
}  // namespace kiosk::cardsim
