#include "base/log.h"

#include <array>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <vector>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/systemd_sink.h>

#include "base/redact.h"

namespace kiosk {
namespace {

constexpr std::array kSubsystems = {
    Subsystem::kApp,     Subsystem::kCard,      Subsystem::kNfc,          Subsystem::kQueue,
    Subsystem::kSync,    Subsystem::kPrint,     Subsystem::kUi,           Subsystem::kSession,
    Subsystem::kCentral, Subsystem::kProcedure, Subsystem::kProvisioning, Subsystem::kConfig,
};

// Forwards every message, scrubbed of anything that looks like personal data, to the real
// sinks. Scrubbing here rather than in each call keeps a forgotten redact:: call from
// leaking a CAN or an MRZ. The targets can be replaced while loggers are in use.
class ScrubbingSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  void SetTargets(std::vector<spdlog::sink_ptr> targets) {
    std::lock_guard<std::mutex> lock(mutex_);
    targets_ = std::move(targets);
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    std::string clean =
        redact::ScrubPersonalData(std::string_view(msg.payload.data(), msg.payload.size()));
    spdlog::details::log_msg copy(msg.time, msg.source, msg.logger_name, msg.level, clean);
    for (auto& target : targets_) {
      if (target->should_log(copy.level)) target->log(copy);
    }
  }
  void flush_() override {
    for (auto& target : targets_) target->flush();
  }

 private:
  std::vector<spdlog::sink_ptr> targets_;
};

// The loggers live for the whole process (never destroyed, so that a logger used from a
// static destructor or a detached thread stays valid); InitLogging only changes their sinks'
// targets and their level.
struct Registry {
  std::shared_ptr<ScrubbingSink> sink = std::make_shared<ScrubbingSink>();
  std::array<std::shared_ptr<spdlog::logger>, kSubsystems.size()> loggers;
  std::atomic<bool> initialised{false};

  Registry() {
    for (size_t i = 0; i < kSubsystems.size(); ++i) {
      loggers[i] =
          std::make_shared<spdlog::logger>(std::string(SubsystemName(kSubsystems[i])), sink);
      loggers[i]->flush_on(spdlog::level::warn);
    }
  }
};

Registry& GetRegistry() {
  static Registry* registry = new Registry();
  return *registry;
}

bool UnderSystemdJournal() { return std::getenv("JOURNAL_STREAM") != nullptr; }

}  // namespace

std::string_view SubsystemName(Subsystem subsystem) {
  switch (subsystem) {
    case Subsystem::kApp:
      return "app";
    case Subsystem::kCard:
      return "card";
    case Subsystem::kNfc:
      return "nfc";
    case Subsystem::kQueue:
      return "queue";
    case Subsystem::kSync:
      return "sync";
    case Subsystem::kPrint:
      return "print";
    case Subsystem::kUi:
      return "ui";
    case Subsystem::kSession:
      return "session";
    case Subsystem::kCentral:
      return "central";
    case Subsystem::kProcedure:
      return "procedure";
    case Subsystem::kProvisioning:
      return "provisioning";
    case Subsystem::kConfig:
      return "config";
  }
  return "app";
}

void InitLogging(const LogOptions& options, std::shared_ptr<spdlog::sinks::sink> extra_sink) {
  std::vector<spdlog::sink_ptr> targets;
  LogOptions::Target target = options.target;
  if (target == LogOptions::Target::kAuto) {
    target = UnderSystemdJournal() ? LogOptions::Target::kJournald : LogOptions::Target::kStderr;
  }
  if (target == LogOptions::Target::kJournald) {
    targets.push_back(std::make_shared<spdlog::sinks::systemd_sink_mt>("guichet-kiosk"));
  } else if (target == LogOptions::Target::kStderr) {
    auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    sink->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%-5l%$ [%n] %v");
    targets.push_back(std::move(sink));
  }
  if (!options.file.empty()) {
    auto sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(options.file);
    sink->set_pattern("%Y-%m-%dT%H:%M:%S.%e %-5l [%n] %v");
    targets.push_back(std::move(sink));
  }
  if (extra_sink) targets.push_back(std::move(extra_sink));

  Registry& registry = GetRegistry();
  registry.sink->SetTargets(std::move(targets));
  for (auto& logger : registry.loggers) logger->set_level(options.level);
  registry.initialised = true;
}

spdlog::logger& Log(Subsystem subsystem) {
  Registry& registry = GetRegistry();
  // Two threads may both initialise here; they install the same default targets.
  if (!registry.initialised) InitLogging(LogOptions{});
  return *registry.loggers[static_cast<size_t>(subsystem)];
}

bool ParseLogLevel(std::string_view text, spdlog::level::level_enum* level) {
  static constexpr std::pair<std::string_view, spdlog::level::level_enum> kLevels[] = {
      {"trace", spdlog::level::trace}, {"debug", spdlog::level::debug},
      {"info", spdlog::level::info},   {"warn", spdlog::level::warn},
      {"error", spdlog::level::err},   {"off", spdlog::level::off},
  };
  for (const auto& [name, value] : kLevels) {
    if (text == name) {
      *level = value;
      return true;
    }
  }
  return false;
}

}  // namespace kiosk
