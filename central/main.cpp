// guichet-central: the reference central server kiosks sync to (see docs/sync-api.md).
#include "base/log.h"
#include "central/commands.h"

int main(int argc, char** argv) {
  kiosk::LogOptions log_options;
  kiosk::InitLogging(log_options);

  CLI::App app{"guichet-central: the reference central server of the town-hall kiosks"};
  app.set_version_flag("--version", std::string(GUICHET_CENTRAL_VERSION));
  app.require_subcommand(1);
  kiosk::central::CommandRun run;
  kiosk::central::RegisterServeCommand(app, run);
  kiosk::central::RegisterAdminCommands(app, run);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (!run) return 2;
  return run();
}
