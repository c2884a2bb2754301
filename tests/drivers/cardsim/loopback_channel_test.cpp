#include "drivers/cardsim/loopback_channel.h"

#include <gtest/gtest.h>

namespace kiosk::cardsim {
namespace {

class EchoChip : public card::ApduHandler {
 public:
  card::Bytes Atr() const override { return {0x3B, 0x00}; }
  void Reset() override {}
  card::Bytes HandleApdu(std::span<const uint8_t>) override { return {0x90, 0x00}; }
};

TEST(LoopbackChannel, ForwardsApdusToTheChip) {
  EchoChip chip;
  LoopbackChannel channel(chip);
  auto response = channel.Transmit(card::Bytes{0x00, 0xA4, 0x00, 0x00});
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(*response, (card::Bytes{0x90, 0x00}));
  EXPECT_TRUE(channel.SupportsExtendedLength());
}

TEST(LoopbackChannel, ReportsTheCardRemovedAfterTheGivenCount) {
  EchoChip chip;
  LoopbackChannel channel(chip, /*extended_length=*/false);
  channel.RemoveCardAfter(1);
  EXPECT_TRUE(channel.Transmit(card::Bytes{0x00, 0xA4, 0x00, 0x00}).ok());
  EXPECT_EQ(channel.Transmit(card::Bytes{0x00, 0xA4, 0x00, 0x00}).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_FALSE(channel.SupportsExtendedLength());
}

}  // namespace
}  // namespace kiosk::cardsim
