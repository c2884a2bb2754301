// PcscCardReader through a private pcscd with the vpcd reader and the card emulator playing
// the simulated chip (needs root: see tests/support/private_pcscd.h).
#include "kiosk/devices/pcsc_card_reader.h"

#include <signal.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <vector>

#include <gtest/gtest.h>

#include "drivers/cardsim/test_pki.h"
#include "tests/drivers/pcsc/pcscd_fixture.h"

namespace kiosk::devices {
namespace {

using namespace std::chrono_literals;
using kiosk::testing::PcscdTest;
using kiosk::testing::WaitUntil;
using session::IdentitySource;

// Collects on_card(present) calls from the monitor's thread.
class CardPresence {
 public:
  void operator()(bool present) {
    std::lock_guard lock(mutex_);
    calls_.push_back(present);
    changed_.notify_all();
  }
  // Waits until call number `index` (0-based) arrived; returns it, or nullopt on timeout.
  std::optional<bool> WaitForCall(size_t index, std::chrono::milliseconds timeout = 10s) {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, timeout, [&] { return calls_.size() > index; })) {
      return std::nullopt;
    }
    return calls_[index];
  }
  std::vector<bool> calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<bool> calls_;
};

class PcscCardReaderTest : public PcscdTest {
 protected:
  void SetUp() override {
    PcscdTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto pki = cardsim::GenerateTestPki(dir_.Join("pki"));
    ASSERT_TRUE(pki.ok()) << pki.status().ToString();
    csca_dir_ = pki->trust_store_dir;
  }

  void Insert(const std::string& profile, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--profile", profile, "--pki", dir_.Join("pki")};
    args.insert(args.end(), extra.begin(), extra.end());
    emulator_ = pcscd_->StartEmulator(args);
    ASSERT_TRUE(WaitForCard()) << kiosk::testing::ReadFile(dir_.Join("card-emulator.log"));
  }

  PcscCardReaderOptions Options() const {
    PcscCardReaderOptions options;
    options.csca_dir = csca_dir_;
    options.monitor.poll_interval = 300ms;
    options.monitor.reconnect_interval = 100ms;
    return options;
  }

  std::string csca_dir_;
  kiosk::testing::ChildProcess emulator_;
  std::atomic<bool> cancel_{false};
};

TEST_F(PcscCardReaderTest, ReadsTheCnieWithItsCanAndVerifiesTheChip) {
  Insert("cnie");
  PcscCardReader reader(Options(), nullptr);
  auto identity = reader.Read("123456", cancel_);
  ASSERT_TRUE(identity.ok()) << identity.status().ToString();
  EXPECT_EQ(identity->surname, "LEFEVRE");
  EXPECT_EQ(identity->given_names, "HELENE MARIE");
  EXPECT_EQ(identity->birth_date, "1990-05-14");
  EXPECT_EQ(identity->sex, "F");
  EXPECT_EQ(identity->nationality, "FRA");
  EXPECT_EQ(identity->document_number, "X4RTBPFW4");
  EXPECT_EQ(identity->expiry_date, "2031-06-30");
  EXPECT_EQ(identity->place_of_birth, "Saint-Étienne (Loire)");
  ASSERT_GT(identity->photo.size(), 4u);
  EXPECT_EQ(identity->photo[0], 0xFF);  // the JPEG of DG2
  EXPECT_EQ(identity->photo[1], 0xD8);
  EXPECT_EQ(identity->source, IdentitySource::kChipVerified);
  EXPECT_EQ(reader.State().reads, 1);
}

TEST_F(PcscCardReaderTest, AChipWithoutItsCscaIsReadButUnverified) {
  Insert("cnie");
  PcscCardReaderOptions options = Options();
  options.csca_dir = dir_.Join("empty-trust-store");
  std::filesystem::create_directories(options.csca_dir);
  PcscCardReader reader(options, nullptr);
  auto identity = reader.Read("123456", cancel_);
  ASSERT_TRUE(identity.ok()) << identity.status().ToString();
  EXPECT_EQ(identity->surname, "LEFEVRE");
  EXPECT_EQ(identity->source, IdentitySource::kChipUnverified);
}

TEST_F(PcscCardReaderTest, AWrongCanIsInvalidInputAndTheRightOneStillReads) {
  Insert("cnie");
  PcscCardReader reader(Options(), nullptr);
  auto wrong = reader.Read("654321", cancel_);
  EXPECT_EQ(wrong.status().code(), StatusCode::kInvalidInput) << wrong.status().ToString();
  EXPECT_EQ(reader.State().last_failure, "access_denied");
  EXPECT_TRUE(reader.Read("123456", cancel_).ok());
}

TEST_F(PcscCardReaderTest, ACanThatIsNotSixDigitsIsRefusedWithoutTouchingTheCard) {
  PcscCardReader reader(Options(), nullptr);
  EXPECT_EQ(reader.Read("12AB", cancel_).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(reader.State().failed_reads, 0);
}

TEST_F(PcscCardReaderTest, ACardWithoutTheEmrtdApplicationIsUnsupported) {
  Insert("no-emrtd-application");
  PcscCardReader reader(Options(), nullptr);
  EXPECT_EQ(reader.Read("123456", cancel_).status().code(), StatusCode::kUnsupported);
}

TEST_F(PcscCardReaderTest, NoCardOnTheReaderIsAFailedPrecondition) {
  PcscCardReader reader(Options(), nullptr);
  EXPECT_EQ(reader.Read("123456", cancel_).status().code(), StatusCode::kFailedPrecondition);
}

TEST_F(PcscCardReaderTest, ACardPulledMidReadIsAFailedPrecondition) {
  Insert("cnie", {"--remove-after", "12"});
  PcscCardReader reader(Options(), nullptr);
  auto identity = reader.Read("123456", cancel_);
  EXPECT_EQ(identity.status().code(), StatusCode::kFailedPrecondition)
      << identity.status().ToString();
}

TEST_F(PcscCardReaderTest, PcscdDownIsUnavailable) {
  pcscd_->Kill();
  PcscCardReader reader(Options(), nullptr);
  EXPECT_EQ(reader.Read("123456", cancel_).status().code(), StatusCode::kUnavailable);
}

TEST_F(PcscCardReaderTest, AReadAfterTheSessionEndedIsCancelled) {
  Insert("cnie");
  PcscCardReader reader(Options(), nullptr);
  cancel_ = true;
  EXPECT_EQ(reader.Read("123456", cancel_).status().code(), StatusCode::kCancelled);
  EXPECT_EQ(reader.State().failed_reads, 0);
}

TEST_F(PcscCardReaderTest, ReportsTheCardPutOnAndTakenOff) {
  CardPresence presence;
  PcscCardReader reader(Options(), std::ref(presence));
  reader.Start();
  ASSERT_TRUE(
      WaitUntil([&] { return reader.State().link == pcsc::CardLinkState::kReaderWithoutCard; }));
  EXPECT_EQ(reader.State().reader, pcscd_->reader_name(0));
  EXPECT_TRUE(presence.calls().empty());

  Insert("cnie");
  EXPECT_EQ(presence.WaitForCall(0), true);
  EXPECT_TRUE(WaitUntil([&] { return reader.State().card_present; }));

  kill(emulator_.pid(), SIGUSR1);
  EXPECT_EQ(presence.WaitForCall(1), false);
  kill(emulator_.pid(), SIGUSR2);
  EXPECT_EQ(presence.WaitForCall(2), true);

  // pcscd going away takes the card with it.
  pcscd_->Kill();
  EXPECT_EQ(presence.WaitForCall(3), false);
  EXPECT_TRUE(
      WaitUntil([&] { return reader.State().link == pcsc::CardLinkState::kServiceUnavailable; }));
  reader.Stop();
  EXPECT_EQ(presence.calls().size(), 4u);
  EXPECT_FALSE(reader.State().watching);
}

TEST_F(PcscCardReaderTest, ReadsWhileWatching) {
  CardPresence presence;
  PcscCardReader reader(Options(), std::ref(presence));
  reader.Start();
  Insert("cnie");
  ASSERT_EQ(presence.WaitForCall(0), true);
  auto identity = reader.Read("123456", cancel_);
  ASSERT_TRUE(identity.ok()) << identity.status().ToString();
  EXPECT_EQ(identity->source, IdentitySource::kChipVerified);
  // Reading does not look like a removal to the monitor.
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(presence.calls(), std::vector<bool>{true});
}

}  // namespace
}  // namespace kiosk::devices
