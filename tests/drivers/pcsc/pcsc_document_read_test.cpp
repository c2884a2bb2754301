// The eMRTD reader over a PcscChannel, end to end through the private pcscd, vpcd and the
// card emulator, with the CardMonitor watching as the kiosk does.
#include <gtest/gtest.h>

#include "drivers/cardsim/test_pki.h"
#include "drivers/emrtd/document_reader.h"
#include "drivers/pcsc/card_monitor.h"
#include "drivers/pcsc/pcsc_channel.h"
#include "tests/drivers/pcsc/pcscd_fixture.h"

namespace kiosk::pcsc {
namespace {

using kiosk::testing::EventRecorder;
using kiosk::testing::PcscdTest;
using Kind = CardEvent::Kind;
using namespace std::chrono_literals;

class PcscDocumentReadTest : public PcscdTest {
 protected:
  void SetUp() override {
    PcscdTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto pki = cardsim::GenerateTestPki(dir_.Join("pki"));
    ASSERT_TRUE(pki.ok()) << pki.status().ToString();
    options_.trust_store_dir = pki->trust_store_dir;
  }
  void Insert(const std::string& profile) {
    emulator_ = pcscd_->StartEmulator({"--profile", profile, "--pki", dir_.Join("pki")});
    ASSERT_TRUE(WaitForCard());
  }
  StatusOr<emrtd::ReadResult> ReadCnie(const std::string& can, int* transmits = nullptr) {
    auto channel = PcscChannel::Open(pcscd_->reader_name(0));
    if (!channel.ok()) return channel.status();
    auto result = emrtd::DocumentReader(options_).Read(**channel, emrtd::AccessKey::Can(can));
    if (transmits) *transmits = (*channel)->transmit_count();
    return result;
  }

  emrtd::ReadOptions options_;
  kiosk::testing::ChildProcess emulator_;
};

TEST_F(PcscDocumentReadTest, StopsAfterOneRefusedCanWithoutARetryStorm) {
  Insert("cnie");
  int transmits = 0;
  auto result = ReadCnie("000000", &transmits);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(emrtd::FailureOf(result.status()), emrtd::ReadFailure::kAccessDenied)
      << result.status().ToString();
  // EF.CardAccess, MSE:Set AT and the four GENERAL AUTHENTICATE steps at most: one attempt.
  EXPECT_LE(transmits, 12);

  auto again = ReadCnie("123456");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
}

TEST_F(PcscDocumentReadTest, ReadsAgainAfterPcscdRestartsWithTheSameMonitor) {
  EventRecorder recorder;
  CardMonitorOptions monitor_options;
  monitor_options.poll_interval = 300ms;
  monitor_options.reconnect_interval = 100ms;
  CardMonitor monitor(monitor_options, std::ref(recorder));
  monitor.Start();
  Insert("cnie");
  ASSERT_TRUE(ReadCnie("123456").ok());

  pcscd_->Kill();
  int down = recorder.WaitFor(Kind::kServiceDown);
  ASSERT_GE(down, 0);
  auto during = ReadCnie("123456");
  EXPECT_EQ(emrtd::FailureOf(during.status()), emrtd::ReadFailure::kServiceUnavailable)
      << during.status().ToString();

  std::string error;
  ASSERT_TRUE(pcscd_->Restart(&error)) << error;
  ASSERT_GE(recorder.WaitFor(Kind::kCardInserted, pcscd_->reader_name(0), down), 0);
  auto after = ReadCnie("123456");
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(after->passive_authentication.status, emrtd::PassiveAuthenticationStatus::kVerified);
  monitor.Stop();
}

TEST_F(PcscDocumentReadTest, StopsAReadWhoseCancelFlagIsSet) {
  Insert("cnie-large-photo");
  std::atomic<bool> cancel{true};
  options_.cancel = &cancel;
  auto result = ReadCnie("123456");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(emrtd::FailureOf(result.status()), emrtd::ReadFailure::kCancelled);
}

}  // namespace
}  // namespace kiosk::pcsc
