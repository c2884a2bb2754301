// Runs each headless harness script of tests/ui/scripts through the kiosk binary: the
// citizen, staff and accessibility scenarios of issue 5, end to end on the real screens.
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace kiosk {
namespace {

using kiosk::testing::BinaryPath;
using kiosk::testing::RunCommand;
using kiosk::testing::TempDir;

// The test configuration, with the shipped procedures as the default catalog and a data
// folder of the test's own.
std::string WriteTestConfig(const TempDir& dir) {
  std::string config =
      kiosk::testing::ReadFile(std::string(KIOSK_SOURCE_DIR) + "/tests/ui/kiosk.test.toml");
  config += "\n[procedures]\ndefault_dir = \"" + std::string(KIOSK_SOURCE_DIR) +
            "/procedures\"\n\n[storage]\ndata_dir = \"" + dir.Join("data") + "\"\n";
  return dir.WriteFile("kiosk.toml", config);
}

class UiScript : public ::testing::TestWithParam<std::string> {};

TEST_P(UiScript, PassesHeadless) {
  TempDir dir;
  std::string script = std::string(KIOSK_SOURCE_DIR) + "/tests/ui/scripts/" + GetParam() + ".txt";
  std::string config = WriteTestConfig(dir);
  std::vector<std::string> argv = {BinaryPath("kiosk"), "--config",       config,
                                   "--headless",        "--script",       script,
                                   "--screenshots",     dir.Join("shots")};
  if (GetParam().rfind("landscape", 0) == 0) {
    argv.push_back("--orientation");
    argv.push_back("landscape");
  }
  auto result = RunCommand(argv, kiosk::testing::SdlChildEnv());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("script passed"), std::string::npos) << result.out;
}

INSTANTIATE_TEST_SUITE_P(
    Scenarios, UiScript,
    ::testing::Values("citizen_with_card", "citizen_without_card", "validation_error", "going_back",
                      "idle_reset", "idle_more_time", "card_removed", "wrong_can", "staff_lockout",
                      "assisted_mode", "language_switch", "accessibility_screens", "keypad_only",
                      "printer_problem", "offline_waiting", "landscape_screens"),
    [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

TEST(UiScriptErrors, ATypoInTheScriptFailsBeforeAnythingRuns) {
  TempDir dir;
  std::string script = dir.WriteFile("bad.txt", "tap start\ntapp next\n");
  std::string config = WriteTestConfig(dir);
  auto result =
      RunCommand({BinaryPath("kiosk"), "--config", config, "--headless", "--script", script},
                 kiosk::testing::SdlChildEnv());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find(script + ":2: unknown command 'tapp'"), std::string::npos)
      << result.err;
}

TEST(UiScriptErrors, AFailedExpectationNamesTheLineAndShowsTheScreen) {
  TempDir dir;
  std::string script = dir.WriteFile("fail.txt", "expect-text \"Not on screen\"\n");
  std::string config = WriteTestConfig(dir);
  auto result =
      RunCommand({BinaryPath("kiosk"), "--config", config, "--headless", "--script", script},
                 kiosk::testing::SdlChildEnv());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find(script + ":1: expect-text"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("Bienvenue à la mairie"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace kiosk
