#include "base/log.h"

#include <sstream>

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

namespace kiosk {
namespace {

class LogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sink_ = std::make_shared<spdlog::sinks::ostream_sink_mt>(stream_);
    sink_->set_pattern("[%n] %l %v");
    LogOptions options;
    options.target = LogOptions::Target::kNone;
    options.level = spdlog::level::debug;
    InitLogging(options, sink_);
  }
  void TearDown() override { InitLogging(LogOptions{LogOptions::Target::kNone}); }

  std::ostringstream stream_;
  std::shared_ptr<spdlog::sinks::ostream_sink_mt> sink_;
};

TEST_F(LogTest, EachSubsystemHasItsOwnNamedLogger) {
  Log(Subsystem::kCard).info("reader ready");
  Log(Subsystem::kSync).warn("retrying");
  std::string out = stream_.str();
  EXPECT_NE(out.find("[card] info reader ready"), std::string::npos) << out;
  EXPECT_NE(out.find("[sync] warning retrying"), std::string::npos) << out;
}

TEST_F(LogTest, EveryLineIsScrubbedOfPersonalData) {
  Log(Subsystem::kCard)
      .error("PACE failed for CAN {} on {}", "654321", "I<UTOD231458907<<<<<<<<<<<<<<<");
  std::string out = stream_.str();
  EXPECT_EQ(out.find("654321"), std::string::npos) << out;
  EXPECT_EQ(out.find("D23145890"), std::string::npos) << out;
  EXPECT_NE(out.find("PACE failed for CAN [redacted]"), std::string::npos) << out;
}

TEST_F(LogTest, LevelFiltersDebugWhenInfo) {
  LogOptions options;
  options.target = LogOptions::Target::kNone;
  options.level = spdlog::level::info;
  InitLogging(options, sink_);
  Log(Subsystem::kQueue).debug("hidden");
  Log(Subsystem::kQueue).info("shown");
  EXPECT_EQ(stream_.str().find("hidden"), std::string::npos);
  EXPECT_NE(stream_.str().find("shown"), std::string::npos);
}

TEST(LogLevel, ParsesKnownNamesOnly) {
  spdlog::level::level_enum level = spdlog::level::info;
  EXPECT_TRUE(ParseLogLevel("debug", &level));
  EXPECT_EQ(level, spdlog::level::debug);
  EXPECT_FALSE(ParseLogLevel("verbose", &level));
}

TEST(LogNames, SubsystemsAreNamedAsInTheDocs) {
  EXPECT_EQ(SubsystemName(Subsystem::kCard), "card");
  EXPECT_EQ(SubsystemName(Subsystem::kNfc), "nfc");
  EXPECT_EQ(SubsystemName(Subsystem::kQueue), "queue");
  EXPECT_EQ(SubsystemName(Subsystem::kPrint), "print");
  EXPECT_EQ(SubsystemName(Subsystem::kSession), "session");
  EXPECT_EQ(SubsystemName(Subsystem::kCentral), "central");
}

}  // namespace
}  // namespace kiosk
