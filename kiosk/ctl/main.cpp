// kioskctl: the staff and technician command line of the kiosk.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "base/config.h"
#include "base/log.h"
#include "kiosk/ctl/output.h"
#include "kiosk/version.h"

namespace {

using kiosk::ctl::CommandOutput;

constexpr const char* kDefaultConfig = "/etc/guichet-kiosk/kiosk.toml";

CommandOutput Version() {
  CommandOutput out;
  out.json = {{"ok", true}, {"version", std::string(kiosk::SoftwareVersion())}};
  out.human = fmt::format("kioskctl {}\n", kiosk::SoftwareVersion());
  return out;
}

CommandOutput ConfigCheck(const std::string& path) {
  auto config = kiosk::LoadConfig(path);
  if (!config.ok()) return kiosk::ctl::ErrorOutput(config.status());
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

int main(int argc, char** argv) {
  // Logs go to stderr (or the journal) and never mix with the JSON on stdout.
  kiosk::LogOptions log_options;
  log_options.level = spdlog::level::warn;
  kiosk::InitLogging(log_options);

  CLI::App app{"kioskctl: staff and technician tools of the town-hall kiosk"};
  app.set_version_flag("--version", std::string(kiosk::SoftwareVersion()));
  bool json = false;
  app.add_flag("--json", json, "print one JSON object on stdout instead of text");
  app.require_subcommand(1);

  std::function<CommandOutput()> run;

  auto* version = app.add_subcommand("version", "print the software version");
  version->callback([&] { run = Version; });

  auto* config = app.add_subcommand("config", "inspect the configuration");
  config->require_subcommand(1);
  std::string config_path = kDefaultConfig;
  auto* check = config->add_subcommand("check", "validate a configuration file");
  check->add_option("--config,-c", config_path, "configuration file")->capture_default_str();
  check->callback([&] { run = [&] { return ConfigCheck(config_path); }; });

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kiosk::ctl::kExitUsage;
  }
  return kiosk::ctl::Emit(run(), json);
}
