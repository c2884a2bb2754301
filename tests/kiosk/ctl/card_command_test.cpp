// kioskctl card readers | watch through a private pcscd with the vpcd reader and the emulator.
#include <signal.h>

#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

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

}  // namespace
}  // namespace kiosk
