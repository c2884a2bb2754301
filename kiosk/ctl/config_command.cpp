// kioskctl config check
#include <fmt/format.h>

#include "base/config.h"
#include "kiosk/ctl/cli.h"

namespace kiosk::ctl {
namespace {

CommandOutput ConfigCheck(const std::string& path) {
  auto config = LoadConfig(path);
  if (!config.ok()) return ErrorOutput(config.status());
  CommandOutput out;
  out.json = {{"ok", true},
              {"path", path},
              {"kiosk_id", config->identity.id},
              {"commune", config->identity.commune}};
  out.human = fmt::format("{}: valid (kiosk {}, {})\n", path, config->identity.id,
                          config->identity.commune);
  return out;
}

}  // namespace

void RegisterConfigCommands(Cli& cli) {
  auto* config = cli.app->add_subcommand("config", "inspect the configuration");
  config->require_subcommand(1);
  auto* check = config->add_subcommand("check", "validate the configuration file (--config)");
  check->callback([&cli] { cli.run = [&cli] { return ConfigCheck(cli.config_path); }; });
}

}  // namespace kiosk::ctl
