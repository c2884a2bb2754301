// kioskctl card readers | watch through a private pcscd with the vpcd reader and the emulator.
#include <signal.h>

#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "drivers/cardsim/test_pki.h"
#include "tests/drivers/pcsc/pcscd_fixture.h"

namespace kiosk {
namespace {

using kiosk::testing::BinaryPath;
using kiosk::testing::PcscdTest;
using kiosk::testing::RunCommand;

std::vector<nlohmann::json> JsonLines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) lines.push_back(nlohmann::json::parse(line));
  }
  return lines;
}

class KioskctlCardTest : public PcscdTest {};

TEST_F(KioskctlCardTest, ReadersListsTheVirtualReadersAndTheCard) {
  auto emulator = pcscd_->StartEmulator({"--profile", "transport-test"});
  ASSERT_TRUE(WaitForCard());
  auto result = RunCommand({BinaryPath("kioskctl"), "--json", "card", "readers"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["state"], "card_present");
  ASSERT_EQ(json["readers"].size(), 2u);
  EXPECT_EQ(json["readers"][0]["name"], pcscd_->reader_name(0));
  EXPECT_EQ(json["readers"][0]["slot"], "card_present");
  EXPECT_EQ(json["readers"][0]["extended_length"], false);
  EXPECT_EQ(json["readers"][0]["extended_length_source"], "not_reported");
  EXPECT_EQ(json["readers"][1]["slot"], "empty");
}

TEST_F(KioskctlCardTest, ReadersSaysWhenTheServiceIsDown) {
  pcscd_->Kill();
  auto result = RunCommand({BinaryPath("kioskctl"), "--json", "card", "readers"});
  EXPECT_EQ(result.exit_code, 1);
  auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["ok"], false);
  EXPECT_EQ(json["state"], "service_unavailable");
  EXPECT_EQ(json["error"]["reaction"], "retry_later");
}

TEST_F(KioskctlCardTest, WatchPrintsOneJsonLinePerEvent) {
  auto emulator = pcscd_->StartEmulator({"--profile", "transport-test"});
  ASSERT_TRUE(WaitForCard());
  // service_up, two reader_added, card_inserted, then the summary.
  auto result = RunCommand(
      {BinaryPath("kioskctl"), "--json", "card", "watch", "--count", "4", "--timeout", "10"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto lines = JsonLines(result.out);
  ASSERT_EQ(lines.size(), 5u) << result.out;
  EXPECT_EQ(lines[0]["event"], "service_up");
  EXPECT_EQ(lines[3]["event"], "card_inserted");
  EXPECT_EQ(lines[3]["reader"], pcscd_->reader_name(0));
  EXPECT_EQ(lines[4]["events"], 4);
}

// Reading documents through pcscd, vpcd and the emulator playing the simulated chip.
class KioskctlCardReadTest : public PcscdTest {
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
  kiosk::testing::CommandResult Read(std::vector<std::string> key) {
    std::vector<std::string> argv = {
        BinaryPath("kioskctl"), "--json", "card", "read", "--csca", csca_dir_};
    argv.insert(argv.end(), key.begin(), key.end());
    return RunCommand(argv);
  }

  std::string csca_dir_;
  kiosk::testing::ChildProcess emulator_;
};

TEST_F(KioskctlCardReadTest, ReadsACnieLikeCardWithItsCan) {
  Insert("cnie");
  auto result = Read({"--can", "123456"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["format"], "TD1");
  EXPECT_EQ(json["issuing_state"], "FRA");
  EXPECT_EQ(json["surname"], "LEFEVRE");
  EXPECT_EQ(json["given_names"], "HELENE MARIE");
  EXPECT_EQ(json["birth_date"], "1990-05-14");
  EXPECT_EQ(json["place_of_birth"], "Saint-Étienne (Loire)");
  EXPECT_EQ(json["access"], "PACE");
  EXPECT_EQ(json["data_groups"], nlohmann::json({1, 2, 11, 12}));
  EXPECT_EQ(json["passive_authentication"]["status"], "verified");
  EXPECT_GT(json["apdu_count"].get<int>(), 0);
  EXPECT_TRUE(json["milliseconds"].is_number());
  // The photo is described, never printed.
  EXPECT_TRUE(json["photo"].is_object());
  EXPECT_EQ(result.out.find("JFIF"), std::string::npos);
}

TEST_F(KioskctlCardReadTest, ReadsThePassportSpecimenWithBac) {
  Insert("passport-specimen");
  auto result = Read({"--mrz", "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                      "L898902C36UTO7408122F1204159ZE184226B<<<<<10"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["access"], "BAC");
  EXPECT_EQ(json["format"], "TD3");
  EXPECT_EQ(json["document_number"], "L898902C3");
  EXPECT_EQ(json["expired"], true);
  EXPECT_EQ(json["passive_authentication"]["status"], "verified");
}

TEST_F(KioskctlCardReadTest, SaysAccessDeniedForAWrongCan) {
  Insert("cnie");
  auto result = Read({"--can", "654321"});
  EXPECT_EQ(result.exit_code, 2) << result.out;
  auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["reason"], "access_denied");
  EXPECT_EQ(json["error"]["reaction"], "ask_citizen");
  // One refused attempt does not lock the card: the right CAN still reads.
  EXPECT_EQ(Read({"--can", "123456"}).exit_code, 0);
}

TEST_F(KioskctlCardReadTest, ReadsAChipThatRefuses256ByteReads) {
  Insert("refuses-256-byte-reads");
  auto result = Read({"--can", "246810"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  auto json = nlohmann::json::parse(result.out);
  EXPECT_GE(json["read_fallbacks"].get<int>(), 1);
  EXPECT_EQ(json["passive_authentication"]["status"], "verified");
}

TEST_F(KioskctlCardReadTest, SaysUnsupportedDocumentForACardWithoutTheEmrtdApplication) {
  Insert("no-emrtd-application");
  auto result = Read({"--can", "123456"});
  EXPECT_EQ(result.exit_code, 1) << result.out;
  auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["reason"], "unsupported_document");
  EXPECT_EQ(json["error"]["reaction"], "ask_citizen");
}

TEST_F(KioskctlCardReadTest, SaysCardRemovedWhenPulledMidReadAndReadsTheNextCard) {
  Insert("cnie", {"--remove-after", "12"});
  auto result = Read({"--can", "123456"});
  EXPECT_EQ(result.exit_code, 1) << result.out;
  auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["reason"], "card_removed");

  ASSERT_TRUE(kiosk::testing::WaitUntil([&] { return !CardPresent(pcscd_->reader_name(0)); }));
  kill(emulator_.pid(), SIGUSR2);
  ASSERT_TRUE(WaitForCard());
  EXPECT_EQ(Read({"--can", "123456"}).exit_code, 0);
}

TEST_F(KioskctlCardReadTest, RejectsAMalformedCanBeforeTouchingTheCard) {
  auto result = Read({"--can", "12AB"});
  EXPECT_EQ(result.exit_code, 2);
}

}  // namespace
}  // namespace kiosk
