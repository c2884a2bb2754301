// `kioskctl configure` as a technician runs it: PIN from stdin, invalid values refused, and a
// crash between writing and renaming leaves the old file.
#include <signal.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "base/config.h"
#include "kiosk/session/staff_pin.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace kiosk {
namespace {

using kiosk::testing::BinaryPath;
using kiosk::testing::ChildProcess;
using kiosk::testing::ReadFile;
using kiosk::testing::RunCommand;
using kiosk::testing::TempDir;
using kiosk::testing::WaitUntil;

class ConfigureCommandTest : public ::testing::Test {
 protected:
  std::vector<std::string> Kioskctl(std::vector<std::string> args) {
    std::vector<std::string> argv = {BinaryPath("kioskctl"), "-c", path_, "configure"};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }
  void CreateFile() {
    auto run = RunCommand(Kioskctl(
        {"--kiosk-id", "arles-01", "--commune", "Arles", "--data-dir", dir_.Join("data")}));
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }

  TempDir dir_;
  std::string path_ = dir_.Join("kiosk.toml");
};

TEST_F(ConfigureCommandTest, CreatesAValidFileWithTheRequiredValues) {
  CreateFile();
  auto config = LoadConfig(path_);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->identity.id, "arles-01");
  EXPECT_EQ(config->storage.data_dir, dir_.Join("data"));
}

TEST_F(ConfigureCommandTest, ANewFileNeedsAKioskIdAndSaysSo) {
  auto run = RunCommand(Kioskctl({"--commune", "Arles"}));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--kiosk-id"), std::string::npos) << run.err;
  EXPECT_FALSE(std::filesystem::exists(path_));
}

TEST_F(ConfigureCommandTest, StaffPinComesFromStdinAndOnlyItsHashIsStored) {
  CreateFile();
  auto run = RunCommand(Kioskctl({"--staff-pin"}), {}, "482913\n");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::string text = ReadFile(path_);
  EXPECT_EQ(text.find("482913"), std::string::npos);
  auto config = LoadConfig(path_);
  ASSERT_TRUE(config.ok());
  EXPECT_TRUE(session::StaffPinMatches(config->staff.pin_hash, "482913"));
  EXPECT_FALSE(session::StaffPinMatches(config->staff.pin_hash, "482914"));

  ASSERT_EQ(RunCommand(Kioskctl({"--no-staff-pin"})).exit_code, 0);
  EXPECT_TRUE(LoadConfig(path_)->staff.pin_hash.empty());
}

TEST_F(ConfigureCommandTest, AShortStaffPinIsRefused) {
  CreateFile();
  std::string before = ReadFile(path_);
  auto run = RunCommand(Kioskctl({"--staff-pin"}), {}, "1234\n");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(ReadFile(path_), before);
}

struct InvalidFlag {
  const char* name;
  std::vector<std::string> args;
};

class ConfigureRefusesTest : public ConfigureCommandTest,
                             public ::testing::WithParamInterface<InvalidFlag> {};

TEST_P(ConfigureRefusesTest, AnInvalidValueWithExitTwoAndTheFileUnchanged) {
  CreateFile();
  std::string before = ReadFile(path_);
  auto run = RunCommand(Kioskctl(GetParam().args));
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_EQ(ReadFile(path_), before);
}

INSTANTIATE_TEST_SUITE_P(
    EachFlag, ConfigureRefusesTest,
    ::testing::Values(
        InvalidFlag{"Commune", {"--commune", ""}}, InvalidFlag{"Site", {"--site", "a\tb"}},
        InvalidFlag{"CentralUrl", {"--central-url", "http://c.fr"}},
        InvalidFlag{"Printer", {"--printer", "a/b"}}, InvalidFlag{"Reader", {"--reader", "x\ny"}},
        InvalidFlag{"Languages", {"--languages", "de,en"}},
        InvalidFlag{"IdleTimeout", {"--idle-timeout", "3"}},
        InvalidFlag{"IdleTimeoutNotANumber", {"--idle-timeout", "soon"}},
        InvalidFlag{"Orientation", {"--orientation", "upside-down"}},
        InvalidFlag{"Density", {"--density", "9000"}}, InvalidFlag{"NothingToChange", {}}),
    [](const ::testing::TestParamInfo<InvalidFlag>& param_info) { return param_info.param.name; });

bool IsStopped(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  size_t paren = line.rfind(')');
  return paren != std::string::npos && paren + 2 < line.size() && line[paren + 2] == 'T';
}

TEST_F(ConfigureCommandTest, AKillBetweenWriteAndRenameLeavesTheOldConfiguration) {
  CreateFile();
  std::string before = ReadFile(path_);
  ChildProcess writer(Kioskctl({"--commune", "Tarascon"}), dir_.Join("writer.log"),
                      {{"KIOSK_TEST_ATOMIC_WRITE_HOOK", "stop"}});
  // The hook stops the writer after the new file is flushed and before the rename.
  ASSERT_TRUE(WaitUntil([&] { return IsStopped(writer.pid()); }));
  bool temporary_written = false;
  for (const auto& e : std::filesystem::directory_iterator(dir_.path())) {
    if (e.path().filename().string().rfind(".kiosk.toml.tmp-", 0) == 0) {
      temporary_written = ReadFile(e.path().string()).find("Tarascon") != std::string::npos;
    }
  }
  EXPECT_TRUE(temporary_written) << "the new content was on disk, not yet in place";
  writer.Stop(SIGKILL);

  EXPECT_EQ(ReadFile(path_), before);
  EXPECT_EQ(LoadConfig(path_)->identity.commune, "Arles");
  // The next write cleans the leftover and succeeds.
  ASSERT_EQ(RunCommand(Kioskctl({"--commune", "Tarascon"})).exit_code, 0);
  EXPECT_EQ(LoadConfig(path_)->identity.commune, "Tarascon");
  size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir_.path())) ++files;
  EXPECT_EQ(files, 2u) << "kiosk.toml and writer.log only";
}

}  // namespace
}  // namespace kiosk
