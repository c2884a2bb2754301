// CardMonitor against a real private pcscd with the vpcd reader and the card emulator.
#include "drivers/pcsc/card_monitor.h"

#include <signal.h>

#include <gtest/gtest.h>

#include "tests/drivers/pcsc/pcscd_fixture.h"

namespace kiosk::pcsc {
namespace {

using kiosk::testing::EventRecorder;
using kiosk::testing::PcscdTest;
using kiosk::testing::WaitUntil;
using Kind = CardEvent::Kind;
using namespace std::chrono_literals;

CardMonitorOptions FastOptions() {
  CardMonitorOptions options;
  options.poll_interval = 300ms;
  options.reconnect_interval = 100ms;
  return options;
}

class CardMonitorTest : public PcscdTest {};

TEST_F(CardMonitorTest, ReportsTheReadersThenTheCardInsertedAndRemoved) {
  EventRecorder recorder;
  CardMonitor monitor(FastOptions(), std::ref(recorder));
  monitor.Start();
  ASSERT_GE(recorder.WaitFor(Kind::kServiceUp), 0);
  ASSERT_GE(recorder.WaitFor(Kind::kReaderAdded, pcscd_->reader_name(0)), 0);
  EXPECT_TRUE(WaitUntil([&] { return monitor.state() == CardLinkState::kReaderWithoutCard; }));

  auto emulator = pcscd_->StartEmulator({"--profile", "transport-test"});
  int inserted = recorder.WaitFor(Kind::kCardInserted, pcscd_->reader_name(0));
  ASSERT_GE(inserted, 0);
  EXPECT_FALSE(recorder.events()[inserted].atr.empty());
  EXPECT_EQ(recorder.events()[inserted].state, CardLinkState::kCardPresent);

  kill(emulator.pid(), SIGUSR1);
  int removed = recorder.WaitFor(Kind::kCardRemoved, pcscd_->reader_name(0), inserted);
  ASSERT_GE(removed, 0);
  EXPECT_EQ(recorder.events()[removed].state, CardLinkState::kReaderWithoutCard);

  kill(emulator.pid(), SIGUSR2);
  EXPECT_GE(recorder.WaitFor(Kind::kCardInserted, pcscd_->reader_name(0), removed), 0);
  monitor.Stop();
}

TEST_F(CardMonitorTest, ComesBackAfterPcscdRestartsWithoutRestartingTheMonitor) {
  EventRecorder recorder;
  CardMonitor monitor(FastOptions(), std::ref(recorder));
  monitor.Start();
  auto emulator = pcscd_->StartEmulator({"--profile", "transport-test"});
  int inserted = recorder.WaitFor(Kind::kCardInserted, pcscd_->reader_name(0));
  ASSERT_GE(inserted, 0);

  pcscd_->Kill();
  int down = recorder.WaitFor(Kind::kServiceDown, "", inserted);
  ASSERT_GE(down, 0);
  EXPECT_EQ(monitor.state(), CardLinkState::kServiceUnavailable);
  // The card went with the daemon.
  EXPECT_GE(recorder.WaitFor(Kind::kCardRemoved, pcscd_->reader_name(0), inserted, 1s), 0);

  std::string error;
  ASSERT_TRUE(pcscd_->Restart(&error)) << error;
  EXPECT_GE(recorder.WaitFor(Kind::kServiceUp, "", down), 0);
  // The emulator reconnects to the new vpcd by itself: the same card is back.
  EXPECT_GE(recorder.WaitFor(Kind::kCardInserted, pcscd_->reader_name(0), down), 0);
  EXPECT_TRUE(WaitUntil([&] { return monitor.state() == CardLinkState::kCardPresent; }));
  EXPECT_GE(monitor.contexts_established(), 2);
  monitor.Stop();
}

TEST_F(CardMonitorTest, SaysServiceUnavailableWhilePcscdIsDown) {
  pcscd_->Kill();
  EventRecorder recorder;
  CardMonitor monitor(FastOptions(), std::ref(recorder));
  monitor.Start();
  ASSERT_GE(recorder.WaitFor(Kind::kServiceDown), 0);
  EXPECT_EQ(monitor.state(), CardLinkState::kServiceUnavailable);

  std::string error;
  ASSERT_TRUE(pcscd_->Restart(&error)) << error;
  EXPECT_GE(recorder.WaitFor(Kind::kReaderAdded, pcscd_->reader_name(1)), 0);
  EXPECT_TRUE(WaitUntil([&] { return monitor.state() == CardLinkState::kReaderWithoutCard; }));
}

TEST_F(CardMonitorTest, StopsPromptlyWhileWaiting) {
  CardMonitorOptions options = FastOptions();
  options.poll_interval = 60s;
  EventRecorder recorder;
  CardMonitor monitor(options, std::ref(recorder));
  monitor.Start();
  ASSERT_GE(recorder.WaitFor(Kind::kReaderAdded), 0);
  auto start = std::chrono::steady_clock::now();
  monitor.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

class CardMonitorWithoutReaderTest : public PcscdTest {
 protected:
  void SetUp() override { StartPcscd(false); }
};

TEST_F(CardMonitorWithoutReaderTest, SaysNoReader) {
  EventRecorder recorder;
  CardMonitor monitor(FastOptions(), std::ref(recorder));
  monitor.Start();
  ASSERT_GE(recorder.WaitFor(Kind::kServiceUp), 0);
  EXPECT_EQ(monitor.state(), CardLinkState::kNoReader);
  EXPECT_TRUE(monitor.readers().empty());
}

}  // namespace
}  // namespace kiosk::pcsc
