// PcscChannel against a real private pcscd with the vpcd reader and the card emulator's
// transport test card (see drivers/cardsim/transport_test_card.h).
#include "drivers/pcsc/pcsc_channel.h"

#include <signal.h>

#include <gtest/gtest.h>

#include "drivers/pcsc/pcsc_error.h"
#include "tests/drivers/pcsc/pcscd_fixture.h"

namespace kiosk::pcsc {
namespace {

using kiosk::testing::PcscdTest;
using Bytes = card::Bytes;

const Bytes kSelectEmrtd = {0x00, 0xA4, 0x04, 0x0C, 0x07, 0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01};

Bytes Sw(const Bytes& response) { return Bytes(response.end() - 2, response.end()); }

class PcscChannelTest : public PcscdTest {
 protected:
  void InsertCard(const std::vector<std::string>& args = {"--profile", "transport-test"}) {
    emulator_ = pcscd_->StartEmulator(args);
    ASSERT_TRUE(WaitForCard()) << "the emulator's card never appeared";
  }
  std::unique_ptr<PcscChannel> Open() {
    auto channel = PcscChannel::Open(pcscd_->reader_name(0));
    EXPECT_TRUE(channel.ok()) << channel.status().ToString();
    return channel.ok() ? std::move(channel).value() : nullptr;
  }

  kiosk::testing::ChildProcess emulator_;
};

TEST_F(PcscChannelTest, SelectsTheEmrtdApplicationOverT1) {
  InsertCard();
  auto channel = Open();
  ASSERT_NE(channel, nullptr);
  EXPECT_EQ(channel->protocol(), static_cast<DWORD>(SCARD_PROTOCOL_T1));
  EXPECT_FALSE(channel->atr().empty());
  auto response = channel->Transmit(kSelectEmrtd);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(*response, (Bytes{0x90, 0x00}));
}

TEST_F(PcscChannelTest, FetchesPendingDataWithGetResponseOn61xx) {
  InsertCard();
  auto channel = Open();
  ASSERT_NE(channel, nullptr);
  auto response = channel->Transmit(Bytes{0x00, 0xCA, 0x01, 0x01, 0x00});
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  ASSERT_EQ(response->size(), 34u);
  EXPECT_EQ(Sw(*response), (Bytes{0x90, 0x00}));
  EXPECT_EQ((*response)[0], 0x5A);
  EXPECT_EQ(channel->transmit_count(), 2);
}

TEST_F(PcscChannelTest, ResendsWithTheLeTheCardAsksFor) {
  InsertCard();
  auto channel = Open();
  ASSERT_NE(channel, nullptr);
  auto response = channel->Transmit(Bytes{0x00, 0xCA, 0x01, 0x02, 0x00});
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->size(), 18u);
  EXPECT_EQ(Sw(*response), (Bytes{0x90, 0x00}));
  EXPECT_EQ(channel->transmit_count(), 2);
}

TEST_F(PcscChannelTest, AsksTheReaderAboutExtendedLengthAndHonoursTheAnswer) {
  InsertCard();
  auto channel = Open();
  ASSERT_NE(channel, nullptr);
  // vpcd answers neither GET_FEATURE_REQUEST nor SCARD_ATTR_MAXINPUT (see
  // docs/card-reading.md): the channel must then stay with short APDUs.
  RecordProperty("extended_length_source",
                 std::string(ExtendedLengthSourceKey(channel->extended_length_source())));
  if (!channel->SupportsExtendedLength()) {
    EXPECT_EQ(channel->max_apdu_data_size(), PcscChannel::kShortApduData);
    return;
  }
  // Extended READ BINARY of 1000 bytes.
  auto response = channel->Transmit(Bytes{0x00, 0xB0, 0x00, 0x00, 0x00, 0x03, 0xE8});
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->size(), 1002u);
}

TEST_F(PcscChannelTest, ReportsACardPulledMidReadAsCardRemoved) {
  InsertCard({"--profile", "transport-test", "--remove-after", "3"});
  auto channel = Open();
  ASSERT_NE(channel, nullptr);
  Status failure;
  for (int i = 0; i < 10 && failure.ok(); ++i) {
    auto response = channel->Transmit(Bytes{0x00, 0xB0, 0x00, 0x00, 0xDF});
    if (!response.ok()) failure = response.status();
  }
  ASSERT_FALSE(failure.ok()) << "the card was never pulled";
  EXPECT_EQ(ReasonOf(failure), LinkReason::kCardRemoved) << failure.ToString();
  EXPECT_EQ(failure.code(), StatusCode::kFailedPrecondition);

  // The next card reads, once pcscd has seen the first one go.
  channel.reset();
  ASSERT_TRUE(kiosk::testing::WaitUntil([&] { return !CardPresent(pcscd_->reader_name(0)); }));
  kill(emulator_.pid(), SIGUSR2);
  ASSERT_TRUE(WaitForCard());
  channel = Open();
  ASSERT_NE(channel, nullptr);
  auto response = channel->Transmit(kSelectEmrtd);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
}

TEST_F(PcscChannelTest, RefusesToTransmitOnceCancelled) {
  InsertCard();
  auto channel = Open();
  ASSERT_NE(channel, nullptr);
  channel->Cancel();
  auto response = channel->Transmit(kSelectEmrtd);
  EXPECT_EQ(response.status().code(), StatusCode::kCancelled);
}

TEST_F(PcscChannelTest, SaysNoCardOnAnEmptyReader) {
  auto channel = PcscChannel::Open(pcscd_->reader_name(0));
  ASSERT_FALSE(channel.ok());
  EXPECT_EQ(ReasonOf(channel.status()), LinkReason::kNoCard) << channel.status().ToString();
}

TEST_F(PcscChannelTest, SaysNoReaderForAnUnknownName) {
  auto channel = PcscChannel::Open("No Such Reader 00 00");
  ASSERT_FALSE(channel.ok());
  EXPECT_EQ(ReasonOf(channel.status()), LinkReason::kNoReader) << channel.status().ToString();
}

TEST_F(PcscChannelTest, SaysServiceUnavailableWhenPcscdDies) {
  InsertCard();
  auto channel = Open();
  ASSERT_NE(channel, nullptr);
  pcscd_->Kill();
  auto response = channel->Transmit(kSelectEmrtd);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(ReasonOf(response.status()), LinkReason::kServiceUnavailable)
      << response.status().ToString();
  EXPECT_EQ(response.status().reaction(), Reaction::kRetryLater);
}

}  // namespace
}  // namespace kiosk::pcsc
