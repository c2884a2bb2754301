// The output convention every `kioskctl` subcommand follows.
//
// With --json: exactly one JSON object on stdout, nothing else there. Without: human text.
// Exit codes: 0 all good, 1 a check failed (the command ran but what it checked is not
// right), 2 usage or input error (the command could not run as asked).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace kiosk::ctl {

enum ExitCode : int { kExitOk = 0, kExitCheckFailed = 1, kExitUsage = 2 };

struct CommandOutput {
  int exit_code = kExitOk;
  nlohmann::json json = nlohmann::json::object();  // printed with --json
  std::string human;                               // printed otherwise
};

// An output for a failed operation: exit 2 for input errors (kInvalidInput, kNotFound),
// 1 otherwise; JSON {"ok": false, "error": {"code", "reaction", "message"}}.
CommandOutput ErrorOutput(const Status& status);

// Prints `output` on stdout in the chosen form and returns its exit code.
int Emit(const CommandOutput& output, bool json);

}  // namespace kiosk::ctl
