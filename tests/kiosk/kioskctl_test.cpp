// kioskctl's output convention: one JSON object with --json, exit 0 / 1 / 2.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace kiosk {
namespace {

using kiosk::testing::BinaryPath;
using kiosk::testing::RunCommand;
using kiosk::testing::TempDir;

TEST(Kioskctl, VersionAsJsonIsOneObject) {
  auto result = RunCommand({BinaryPath("kioskctl"), "--json", "version"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["ok"], true);
  EXPECT_FALSE(json["version"].get<std::string>().empty());
}

TEST(Kioskctl, VersionAsText) {
  auto result = RunCommand({BinaryPath("kioskctl"), "version"});
  ASSERT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out.rfind("kioskctl ", 0), 0u) << result.out;
}

TEST(Kioskctl, HelpExitsZero) {
  auto result = RunCommand({BinaryPath("kioskctl"), "--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("version"), std::string::npos);
}

TEST(Kioskctl, UsageErrorExitsTwo) {
  EXPECT_EQ(RunCommand({BinaryPath("kioskctl"), "no-such-command"}).exit_code, 2);
  EXPECT_EQ(RunCommand({BinaryPath("kioskctl")}).exit_code, 2);
}

TEST(Kioskctl, ConfigCheckReportsFileAndLineAsJson) {
  TempDir dir;
  std::string path = dir.WriteFile("kiosk.toml",
                                   "[identity]\nid = \"k\"\ncommune = \"Arles\"\n[session]\n"
                                   "idle_timeout_s = true\n");
  auto result = RunCommand({BinaryPath("kioskctl"), "--json", "-c", path, "config", "check"});
  EXPECT_EQ(result.exit_code, 2);
  auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["ok"], false);
  EXPECT_EQ(json["error"]["code"], "InvalidInput");
  EXPECT_EQ(json["error"]["message"], path + ":5: 'session.idle_timeout_s' must be an integer");
}

TEST(Kioskctl, ConfigCheckAcceptsTheDemoConfiguration) {
  auto result =
      RunCommand({BinaryPath("kioskctl"), "--json", "-c",
                  std::string(KIOSK_SOURCE_DIR) + "/config/kiosk.demo.toml", "config", "check"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(nlohmann::json::parse(result.out)["kiosk_id"], "demo-kiosk-01");
}

// The documentation writes `kioskctl selftest --json` as often as `kioskctl --json selftest`:
// both places work, for --json and for -c.
TEST(Kioskctl, GlobalOptionsAreAcceptedAfterTheSubcommand) {
  TempDir dir;
  std::string path = dir.WriteFile("kiosk.toml",
                                   "[identity]\nid = \"k\"\ncommune = \"Arles\"\n[session]\n"
                                   "idle_timeout_s = true\n");
  auto result = RunCommand({BinaryPath("kioskctl"), "config", "check", "-c", path, "--json"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["error"]["message"], path + ":5: 'session.idle_timeout_s' must be an integer");

  auto version = RunCommand({BinaryPath("kioskctl"), "version", "--json"});
  ASSERT_EQ(version.exit_code, 0) << version.err;
  EXPECT_EQ(nlohmann::json::parse(version.out)["ok"], true);

  // An option nobody knows is still a usage error.
  EXPECT_EQ(RunCommand({BinaryPath("kioskctl"), "version", "--no-such-option"}).exit_code, 2);
}

}  // namespace
}  // namespace kiosk
