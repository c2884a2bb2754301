// The command line of guichet-central: `serve` and `admin ...`. Each Register function adds
// its subcommands to the app and sets `run` when one of them is chosen; `run` returns the
// process exit code (0 ok, 1 the operation failed, 2 usage or input error).
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace kiosk::central {

using CommandRun = std::function<int()>;

void RegisterServeCommand(CLI::App& app, CommandRun& run);
void RegisterAdminCommands(CLI::App& app, CommandRun& run);

}  // namespace kiosk::central
