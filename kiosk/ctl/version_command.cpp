// kioskctl version
#include <fmt/format.h>

#include "kiosk/ctl/cli.h"
#include "kiosk/version.h"

namespace kiosk::ctl {

void RegisterVersionCommands(Cli& cli) {
  auto* version = cli.app->add_subcommand("version", "print the software version");
  version->callback([&cli] {
    cli.run = [] {
      CommandOutput out;
      out.json = {{"ok", true}, {"version", std::string(SoftwareVersion())}};
      out.human = fmt::format("kioskctl {}\n", SoftwareVersion());
      return out;
    };
  });
}

}  // namespace kiosk::ctl
