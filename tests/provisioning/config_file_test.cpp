#include "provisioning/config_file.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

namespace kiosk::provisioning {
namespace {

using kiosk::testing::ReadFile;
using kiosk::testing::TempDir;

KioskConfig Valid() {
  KioskConfig config;
  config.identity.id = "arles-01";
  config.identity.commune = "Arles";
  return config;
}

TEST(ApplyConfigChanges, AppliesEveryValidValue) {
  KioskConfig config = Valid();
  ConfigChanges c;
  c.commune = "Saint-Étienne-du-Rouvray";
  c.site = "Hall d'accueil";
  c.central_url = "https://central.example.fr:8443/";
  c.printer_destination = "Recus_80mm";
  c.preferred_reader = "ACS ACR1252";
  c.languages = "fr, en,de";
  c.idle_timeout_s = 120;
  c.orientation = "landscape";
  c.density_dpi = 160;
  ASSERT_TRUE(ApplyConfigChanges(c, config).ok());
  EXPECT_EQ(config.identity.commune, "Saint-Étienne-du-Rouvray");
  EXPECT_EQ(config.central.url, "https://central.example.fr:8443");
  EXPECT_EQ(config.identity.languages, (std::vector<std::string>{"fr", "en", "de"}));
  EXPECT_EQ(config.display.orientation, Orientation::kLandscape);
  EXPECT_EQ(config.session.idle_timeout_s, 120);
  EXPECT_EQ(config.display.density_dpi, 160);
}

struct InvalidCase {
  const char* name;
  ConfigChanges changes;
  const char* message_part;
};

ConfigChanges With(void (*set)(ConfigChanges&)) {
  ConfigChanges c;
  set(c);
  return c;
}

class InvalidConfigValueTest : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidConfigValueTest, IsRefusedAndLeavesTheConfigurationUnchanged) {
  KioskConfig config = Valid();
  Status status = ApplyConfigChanges(GetParam().changes, config);
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_NE(status.message().find(GetParam().message_part), std::string::npos) << status.message();
  EXPECT_EQ(SerializeConfig(config), SerializeConfig(Valid()));
}

INSTANTIATE_TEST_SUITE_P(
    EachSetting, InvalidConfigValueTest,
    ::testing::Values(
        InvalidCase{"EmptyCommune", With([](ConfigChanges& c) { c.commune = ""; }),
                    "identity.commune"},
        InvalidCase{"CommuneWithNewline", With([](ConfigChanges& c) { c.commune = "Arles\n[x]"; }),
                    "control"},
        InvalidCase{"KioskIdWithSpace", With([](ConfigChanges& c) { c.kiosk_id = "a b"; }),
                    "identity.id"},
        InvalidCase{"PlainHttpCentre",
                    With([](ConfigChanges& c) { c.central_url = "http://central.fr"; }),
                    "central.url"},
        InvalidCase{"CentreWithPath",
                    With([](ConfigChanges& c) { c.central_url = "https://c.fr/api?x=1"; }),
                    "central.url"},
        // Found by config_changes_fuzzer: a URL of slashes only was trimmed past its start.
        InvalidCase{"CentreOfSlashesOnly", With([](ConfigChanges& c) { c.central_url = "//"; }),
                    "central.url"},
        InvalidCase{"EmptyCentre", With([](ConfigChanges& c) { c.central_url = ""; }),
                    "central.url"},
        InvalidCase{"PrinterWithSpace",
                    With([](ConfigChanges& c) { c.printer_destination = "My printer"; }),
                    "printer.destination"},
        InvalidCase{"EmptyPrinter", With([](ConfigChanges& c) { c.printer_destination = ""; }),
                    "printer.destination"},
        InvalidCase{"UnsupportedLanguage", With([](ConfigChanges& c) { c.languages = "fr,xx"; }),
                    "unsupported"},
        InvalidCase{"LanguagesWithoutFrench", With([](ConfigChanges& c) { c.languages = "en,es"; }),
                    "\"fr\""},
        InvalidCase{"LanguageTwice", With([](ConfigChanges& c) { c.languages = "fr,en,fr"; }),
                    "twice"},
        InvalidCase{"IdleTimeoutTooShort", With([](ConfigChanges& c) { c.idle_timeout_s = 5; }),
                    "session.idle_timeout_s"},
        InvalidCase{"IdleTimeoutTooLong", With([](ConfigChanges& c) { c.idle_timeout_s = 4000; }),
                    "session.idle_timeout_s"},
        InvalidCase{"Orientation", With([](ConfigChanges& c) { c.orientation = "sideways"; }),
                    "display.orientation"},
        InvalidCase{"DensityTooLow", With([](ConfigChanges& c) { c.density_dpi = 10; }),
                    "display.density_dpi"},
        InvalidCase{"DensityTooHigh", With([](ConfigChanges& c) { c.density_dpi = 1000; }),
                    "display.density_dpi"},
        InvalidCase{"RelativeDataDir", With([](ConfigChanges& c) { c.data_dir = "data"; }),
                    "storage.data_dir"}),
    [](const ::testing::TestParamInfo<InvalidCase>& param_info) { return param_info.param.name; });

TEST(ApplyConfigChanges, ReportsEveryProblemAtOnce) {
  KioskConfig config = Valid();
  ConfigChanges c;
  c.orientation = "sideways";
  c.idle_timeout_s = 1;
  Status status = ApplyConfigChanges(c, config);
  EXPECT_NE(status.message().find("display.orientation"), std::string::npos);
  EXPECT_NE(status.message().find("session.idle_timeout_s"), std::string::npos);
}

TEST(SaveConfig, WritesWhatTheKioskReadsBackAndKeepsTheFileMode) {
  TempDir dir;
  std::string path = dir.WriteFile("kiosk.toml", "old");
  chmod(path.c_str(), 0600);
  ASSERT_TRUE(SaveConfig(path, Valid()).ok());
  auto read = LoadConfig(path);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->identity.id, "arles-01");
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(SaveConfig, RefusesAnInvalidConfigurationAndKeepsTheOldFile) {
  TempDir dir;
  std::string path = dir.WriteFile("kiosk.toml", "old");
  KioskConfig config = Valid();
  config.identity.commune = "";
  EXPECT_EQ(SaveConfig(path, config).code(), StatusCode::kInvalidInput);
  EXPECT_EQ(ReadFile(path), "old");
}

}  // namespace
}  // namespace kiosk::provisioning

namespace kiosk::provisioning {
namespace {

class InvalidStaffPinTest : public ::testing::TestWithParam<const char*> {};

TEST_P(InvalidStaffPinTest, IsRefusedWithoutEchoingThePin) {
  Status status = ValidateNewStaffPin(GetParam());
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  if (std::string(GetParam()).size() >= 3) {
    EXPECT_EQ(status.message().find(GetParam()), std::string::npos) << status.message();
  }
}

INSTANTIATE_TEST_SUITE_P(Table, InvalidStaffPinTest,
                         ::testing::Values("", "12345", "1234567890123", "12345a", "123 456",
                                           "١٢٣٤٥٦"));

TEST(ValidateNewStaffPin, AcceptsSixToTwelveDigits) {
  EXPECT_TRUE(ValidateNewStaffPin("482913").ok());
  EXPECT_TRUE(ValidateNewStaffPin("123456789012").ok());
}

}  // namespace
}  // namespace kiosk::provisioning
