// kioskctl: the staff and technician command line of the kiosk.
#include "base/log.h"
#include "kiosk/ctl/cli.h"
#include "kiosk/version.h"

int main(int argc, char** argv) {
  // Logs go to stderr (or the journal) and never mix with the JSON on stdout.
  kiosk::LogOptions log_options;
  log_options.level = spdlog::level::warn;
  kiosk::InitLogging(log_options);

  CLI::App app{"kioskctl: staff and technician tools of the town-hall kiosk"};
  app.set_version_flag("--version", std::string(kiosk::SoftwareVersion()));
  kiosk::ctl::Cli cli;
  cli.app = &app;
  cli.config_path = "/etc/guichet-kiosk/kiosk.toml";
  app.add_flag("--json", cli.json, "print one JSON object on stdout instead of text");
  app.add_option("--config,-c", cli.config_path, "configuration file")->capture_default_str();
  app.require_subcommand(1);
  // --json and -c are accepted after the subcommand too (`kioskctl selftest --json`): the
  // subcommands, created after this, inherit it and hand options they do not know upward.
  app.fallthrough();

  kiosk::ctl::RegisterVersionCommands(cli);
  kiosk::ctl::RegisterConfigCommands(cli);
  kiosk::ctl::RegisterProvisioningCommands(cli);
  kiosk::ctl::RegisterCardCommands(cli);
  kiosk::ctl::RegisterCardMrzCommands(cli);
  kiosk::ctl::RegisterProcedureCommands(cli);
  kiosk::ctl::RegisterPrintCommands(cli);
  kiosk::ctl::RegisterQueueCommands(cli);
  kiosk::ctl::RegisterSyncCommands(cli);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" with exit code 0; everything else is a usage error.
    int code = app.exit(e);
    return code == 0 ? 0 : kiosk::ctl::kExitUsage;
  }
  if (!cli.run) return kiosk::ctl::kExitUsage;
  return kiosk::ctl::Emit(cli.run(), cli.json);
}
