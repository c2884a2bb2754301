// How kioskctl subcommands plug into the command line: each area (card, procedure, queue,
// print, enrol, selftest...) has one Register*Commands function in its own file, which adds
// its subcommands to the app and sets `run` when one of them is chosen.
#pragma once

#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "kiosk/ctl/output.h"

namespace kiosk::ctl {

struct Cli {
  CLI::App* app = nullptr;
  bool json = false;                   // --json
  std::string config_path;             // --config, shared by every subcommand
  std::function<CommandOutput()> run;  // set by the chosen subcommand's callback
};

void RegisterVersionCommands(Cli& cli);
void RegisterConfigCommands(Cli& cli);
void RegisterProvisioningCommands(Cli& cli);  // enrol, configure, selftest, wipe
void RegisterCardCommands(Cli& cli);
void RegisterCardMrzCommands(Cli& cli);  // card mrz (drivers/emrtd)
void RegisterProcedureCommands(Cli& cli);
void RegisterPrintCommands(Cli& cli);
void RegisterQueueCommands(Cli& cli);  // queue status|list|show|retry|export
void RegisterSyncCommands(Cli& cli);   // sync now

}  // namespace kiosk::ctl
