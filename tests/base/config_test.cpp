#include "base/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

namespace kiosk {
namespace {

using ::testing::HasSubstr;

constexpr std::string_view kMinimal = R"(
[identity]
id = "mairie-exemple-01"
commune = "Saint-Étienne-du-Rouvray"
)";

TEST(Config, MinimalFileGetsDemoDefaults) {
  auto config = ParseConfig(kMinimal, "kiosk.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->identity.commune, "Saint-Étienne-du-Rouvray");
  EXPECT_EQ(config->session.idle_timeout_s, 90);
  EXPECT_EQ(config->session.idle_warning_s, 20);
  EXPECT_EQ(config->identity.languages.front(), "fr");
  EXPECT_EQ(config->display.orientation, Orientation::kPortrait);
}

TEST(Config, RejectsAnUnknownKeyWithFileAndLine) {
  std::string text = std::string(kMinimal) + "\n[session]\nidle_timeout = 30\n";
  auto config = ParseConfig(text, "/etc/guichet-kiosk/kiosk.toml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(config.status().message(),
            "/etc/guichet-kiosk/kiosk.toml:7: unknown key 'session.idle_timeout'");
}

TEST(Config, RejectsAnUnknownSection) {
  std::string text = std::string(kMinimal) + "[screen]\nwidth = 3\n";
  auto config = ParseConfig(text, "k.toml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().message(), "k.toml:5: unknown key 'screen'");
}

TEST(Config, RejectsAWrongTypeWithFileAndLine) {
  std::string text = std::string(kMinimal) + "\n[session]\nidle_timeout_s = \"ninety\"\n";
  auto config = ParseConfig(text, "kiosk.toml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().message(), "kiosk.toml:7: 'session.idle_timeout_s' must be an integer");
}

TEST(Config, RejectsAMissingRequiredValue) {
  auto config = ParseConfig("[identity]\nid = \"k1\"\n", "kiosk.toml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().message(), "kiosk.toml:1: missing required key 'identity.commune'");
}

TEST(Config, ReportsEveryProblemAtOnce) {
  std::string text = R"([identity]
id = "k1"
commune = "Lyon"
languages = ["fr", "xx"]

[printer]
paper = "letter"

[central]
url = "http://example.invalid"
)";
  auto config = ParseConfig(text, "kiosk.toml");
  ASSERT_FALSE(config.ok());
  const std::string& m = config.status().message();
  EXPECT_THAT(m, HasSubstr("kiosk.toml:4: unsupported language 'xx'"));
  EXPECT_THAT(m, HasSubstr("kiosk.toml:7: 'printer.paper' must be \"roll80\" or \"a4\""));
  EXPECT_THAT(m, HasSubstr("kiosk.toml:10: 'central.url' must start with https://"));
}

TEST(Config, RejectsOutOfRangeNumbers) {
  std::string text = std::string(kMinimal) + "[session]\nidle_timeout_s = 2\n";
  auto config = ParseConfig(text, "kiosk.toml");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(),
              HasSubstr("kiosk.toml:6: 'session.idle_timeout_s' must be between 15 and 1800"));
}

TEST(Config, RejectsTomlSyntaxErrorsWithLineAndColumn) {
  auto config = ParseConfig("[identity\nid = 1\n", "kiosk.toml");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("kiosk.toml:1:"));
}

TEST(Config, FrenchIsAlwaysOffered) {
  std::string text = "[identity]\nid = \"k\"\ncommune = \"Nice\"\nlanguages = [\"en\"]\n";
  auto config = ParseConfig(text, "kiosk.toml");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("must include \"fr\""));
}

TEST(Config, TheTimeZoneIsAnIanaName) {
  auto config = ParseConfig(kMinimal, "kiosk.toml");
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->identity.time_zone, "Europe/Paris");
  std::string text =
      "[identity]\nid = \"k\"\ncommune = \"Saint-Denis\"\n"
      "time_zone = \"Indian/Reunion\"\n";
  config = ParseConfig(text, "kiosk.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->identity.time_zone, "Indian/Reunion");
  config = ParseConfig("[identity]\nid = \"k\"\ncommune = \"Nice\"\ntime_zone = \"CET ou CEST\"\n",
                       "kiosk.toml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().message(),
            "kiosk.toml:4: 'identity.time_zone' must be an IANA time zone such as "
            "\"Europe/Paris\", not \"CET ou CEST\"");
}

TEST(Config, RelativePathsAreReadFromTheFilesFolder) {
  auto config = LoadConfig(std::string(KIOSK_SOURCE_DIR) + "/config/kiosk.demo.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->procedures.default_dir, std::string(KIOSK_SOURCE_DIR) + "/procedures");
}

// The receipt prints local time: in a town hall on a machine whose TZ is UTC (the demo's
// was), 17:19 UTC in December must read 18:19, and 14:19 in Cayenne.
TEST(Config, LocalTimeIsTheConfiguredZone) {
  const char* saved = std::getenv("TZ");
  std::string previous = saved != nullptr ? saved : "";
  setenv("TZ", "UTC", 1);
  tzset();
  auto config = ParseConfig(kMinimal, "kiosk.toml");
  ASSERT_TRUE(config.ok());
  std::time_t instant = 1796404740;  // 2026-12-04T17:19:00Z
  std::tm tm{};
  UseConfiguredTimeZone(*config);  // the default, Europe/Paris
  localtime_r(&instant, &tm);
  EXPECT_EQ(tm.tm_hour, 18);
  EXPECT_EQ(tm.tm_min, 19);
  config->identity.time_zone = "America/Cayenne";
  UseConfiguredTimeZone(*config);
  localtime_r(&instant, &tm);
  EXPECT_EQ(tm.tm_hour, 14);
  if (saved != nullptr) {
    setenv("TZ", previous.c_str(), 1);
  } else {
    unsetenv("TZ");
  }
  tzset();
}

TEST(Config, SerializedConfigReadsBackEqual) {
  auto config = ParseConfig(kMinimal, "kiosk.toml");
  ASSERT_TRUE(config.ok());
  config->identity.time_zone = "America/Cayenne";
  config->display.orientation = Orientation::kLandscape;
  config->session.idle_timeout_s = 120;
  config->identity.languages = {"fr", "en", "de"};
  auto again = ParseConfig(SerializeConfig(*config), "round-trip");
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->display.orientation, Orientation::kLandscape);
  EXPECT_EQ(again->session.idle_timeout_s, 120);
  EXPECT_EQ(again->identity.languages, config->identity.languages);
  EXPECT_EQ(again->identity.commune, "Saint-Étienne-du-Rouvray");
  EXPECT_EQ(again->identity.time_zone, "America/Cayenne");
}

TEST(Config, MissingFileIsNotFound) {
  auto config = LoadConfig("/nonexistent/kiosk.toml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), StatusCode::kNotFound);
}

TEST(Config, ShippedDemoConfigurationIsValid) {
  auto config = LoadConfig(std::string(KIOSK_SOURCE_DIR) + "/config/kiosk.demo.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
}

}  // namespace
}  // namespace kiosk
