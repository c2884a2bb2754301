// Logging: one spdlog logger per subsystem, sharing sinks that scrub personal data.
//
// Levels: debug = each device call and its decoded result; info = what an operator wants to
// see happen; warn = something failed and was recovered; error = gave up. Messages must not
// carry personal data (use base/redact.h); ScrubPersonalData() is applied to every line as a
// second line of defence.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <spdlog/logger.h>
#include <spdlog/sinks/sink.h>

namespace kiosk {

enum class Subsystem {
  kApp,
  kCard,
  kNfc,
  kQueue,
  kSync,
  kPrint,
  kUi,
  kSession,
  kCentral,
  kProcedure,
  kProvisioning,
  kConfig,
};

std::string_view SubsystemName(Subsystem subsystem);

struct LogOptions {
  enum class Target {
    kAuto,  // journald when started by systemd with its output to the journal, else stderr
    kStderr,
    kJournald,
    kNone,  // discard (tests that only want the test sink)
  };
  Target target = Target::kAuto;
  spdlog::level::level_enum level = spdlog::level::info;
  std::string file;  // optional extra plain-text log file
};

// Installs the sinks and creates every subsystem logger. Safe to call again (tests do); the
// previous sinks are replaced. `extra_sink` (optional) receives every scrubbed line too.
void InitLogging(const LogOptions& options,
                 std::shared_ptr<spdlog::sinks::sink> extra_sink = nullptr);

// The logger of a subsystem. Before InitLogging() it writes to stderr at info level.
spdlog::logger& Log(Subsystem subsystem);

// Parses "trace", "debug", "info", "warn", "error", "off".
bool ParseLogLevel(std::string_view text, spdlog::level::level_enum* level);

}  // namespace kiosk
