// kiosk: the town-hall kiosk application. Parses the command line, loads the configuration
// and runs either the interactive loop or the headless harness (--script).
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "base/config.h"
#include "base/log.h"
#include "kiosk/app/kiosk_app.h"
#include "kiosk/app/script_runner.h"
#include "kiosk/app/ui_script.h"
#include "kiosk/devices/kiosk_devices.h"
#include "kiosk/version.h"

namespace {

struct Options {
  std::string config_path = "/etc/guichet-kiosk/kiosk.toml";
  bool headless = false;
  std::string screenshot;
  std::string script;
  std::string screenshots_dir;
  bool fullscreen = false;
  std::string orientation;  // empty = from the configuration
  std::string language;     // empty = the first offered
  bool high_contrast = false;
  int text_percent = 100;
  double run_seconds = 0;
  std::string devices;  // "real" or "simulated"; empty: simulated with --script, else real
  int card_emulator_pid = 0;
};

int Run(const Options& options, std::chrono::steady_clock::time_point started) {
  auto config = kiosk::LoadConfig(options.config_path);
  if (!config.ok()) {
    std::cerr << "kiosk: configuration refused, not starting:\n"
              << config.status().message() << '\n';
    return 2;
  }
  kiosk::UseConfiguredTimeZone(*config);
  kiosk::LogOptions log_options;
  kiosk::ParseLogLevel(config->logging.level, &log_options.level);
  kiosk::InitLogging(log_options);
  auto& log = kiosk::Log(kiosk::Subsystem::kApp);
  log.info("kiosk {} starting for kiosk id {}", kiosk::SoftwareVersion(), config->identity.id);

  std::vector<kiosk::app::ScriptCommand> commands;
  if (!options.script.empty()) {
    std::ifstream in(options.script);
    if (!in) {
      std::cerr << "kiosk: cannot read the script " << options.script << '\n';
      return 2;
    }
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = kiosk::app::ParseUiScript(text.str(), options.script);
    if (!parsed.ok()) {
      std::cerr << "kiosk: " << parsed.status().message() << '\n';
      return 2;
    }
    commands = std::move(parsed).value();
  }

  // The devices: the real ones of a town hall (PC/SC reader, CUPS printer, encrypted queue
  // and centre), or the in-process fakes the UI tests drive.
  bool simulated =
      options.devices.empty() ? !options.script.empty() : options.devices == "simulated";
  std::atomic<kiosk::session::EventQueue*> card_events{nullptr};
  std::unique_ptr<kiosk::devices::KioskDevices> devices;
  if (config->card.nfc_enabled) {
    // TODO(#3): a libnfc backend (docs/KNOWN_LIMITATIONS.md); PC/SC readers only for now.
    log.warn("card.nfc_enabled is set, but libnfc readers are not supported yet: PC/SC only");
  }
  if (!simulated) {
    kiosk::devices::KioskDevicesOptions device_options;
    device_options.on_card = [&card_events](bool present) {
      if (auto* events = card_events.load()) {
        events->Post({.kind = present ? kiosk::session::FlowEvent::Kind::kCardInserted
                                      : kiosk::session::FlowEvent::Kind::kCardRemoved});
      }
    };
    auto created = kiosk::devices::KioskDevices::Create(*config, std::move(device_options));
    if (!created.ok()) {
      log.error("cannot open the kiosk's devices and queue: {}", created.status().message());
      std::cerr << "kiosk: " << created.status().message() << '\n';
      return 1;
    }
    devices = std::move(created).value();
    if (!devices->enrolled()) log.warn("working offline: {}", devices->offline_reason());
  }

  kiosk::app::AppOptions app_options;
  app_options.simulated = simulated;
  if (devices) app_options.ports = devices->Ports();
  app_options.headless = options.headless;
  app_options.fullscreen = options.fullscreen;
  if (options.orientation == "landscape") app_options.orientation = kiosk::Orientation::kLandscape;
  if (options.orientation == "portrait") app_options.orientation = kiosk::Orientation::kPortrait;
  // The harness moves the flow's time itself, except with real devices: submissions are
  // dated, and the centre checks the kiosk's clock.
  app_options.fake_clock = !options.script.empty() && simulated;
  app_options.recording_speech = options.headless;
  app_options.started = started;
  auto app = kiosk::app::KioskApp::Create(*config, app_options);
  if (!app.ok()) {
    log.error("cannot start: {}", app.status().message());
    return 1;
  }
  card_events.store(&(*app)->events());
  if (devices) devices->Start();
  // The devices' threads stop before the app (and its event queue) goes away.
  struct StopDevices {
    kiosk::devices::KioskDevices* devices;
    std::atomic<kiosk::session::EventQueue*>& events;
    ~StopDevices() {
      events.store(nullptr);
      if (devices) devices->Stop();
    }
  } stop_devices{devices.get(), card_events};
  auto& flow = (*app)->flow();
  // Start-up choices for screenshots and demos; they last until the first session ends.
  if (!options.language.empty())
    flow.Handle({kiosk::session::IntentKind::kLanguage, options.language});
  if (options.high_contrast) flow.Handle({kiosk::session::IntentKind::kContrast, ""});
  if (options.text_percent != 100) {
    flow.Handle({kiosk::session::IntentKind::kTextSize, std::to_string(options.text_percent)});
  }

  if (!options.script.empty()) {
    if (!options.screenshots_dir.empty()) {
      std::filesystem::create_directories(options.screenshots_dir);
    }
    kiosk::app::ScriptRunner runner(**app, options.screenshots_dir, options.script);
    runner.SetCardEmulator(options.card_emulator_pid);
    kiosk::Status result = runner.Run(commands);
    if (!result.ok()) {
      std::cerr << "kiosk: script failed: " << result.message() << '\n';
      return 1;
    }
    std::cout << "script passed: " << commands.size() << " commands\n";
    return 0;
  }

  if (!options.screenshot.empty()) {
    // Dear ImGui settles its layout over the first frames; capture the third.
    constexpr kiosk::ui::PointerOverride kAway{-100000.0f, -100000.0f, false};
    (*app)->RenderFrame(kAway);
    (*app)->RenderFrame(kAway);
    (*app)->RenderFrame(kAway, /*capture=*/true);
    kiosk::Status saved = (*app)->display().SaveScreenshot(options.screenshot);
    if (!saved.ok()) {
      log.error("{}", saved.message());
      return 1;
    }
    return 0;
  }

  std::optional<std::chrono::milliseconds> run_for;
  if (options.run_seconds > 0) {
    run_for = std::chrono::milliseconds(static_cast<int64_t>(options.run_seconds * 1000));
  }
  (*app)->RunInteractive(run_for);
  log.info("kiosk stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  auto started = std::chrono::steady_clock::now();
  Options options;
  CLI::App app{"kiosk: the town-hall self-service kiosk"};
  app.set_version_flag("--version", std::string(kiosk::SoftwareVersion()));
  app.add_option("--config,-c", options.config_path, "configuration file")->capture_default_str();
  app.add_flag("--headless", options.headless,
               "render without a display (SDL offscreen driver, software renderer)");
  app.add_option("--screenshot", options.screenshot, "write the first screen to this PNG and exit");
  app.add_option("--script", options.script,
                 "run a harness script (docs/ui-script.md) with a fake clock and exit");
  app.add_option("--screenshots", options.screenshots_dir, "folder for the script's screenshots");
  app.add_flag("--fullscreen", options.fullscreen, "fill the screen");
  app.add_option("--orientation", options.orientation, "portrait (1080x1920) or landscape")
      ->check(CLI::IsMember({"portrait", "landscape"}));
  app.add_option("--language", options.language, "language shown first (fr, en, es, de)");
  app.add_flag("--high-contrast", options.high_contrast, "high-contrast theme at start");
  app.add_option("--text-size", options.text_percent, "text size at start: 100, 150 or 200")
      ->check(CLI::IsMember({100, 150, 200}));
  app.add_option("--devices", options.devices,
                 "real (PC/SC, CUPS, queue and centre) or simulated (in-process fakes); default: "
                 "simulated with --script, real otherwise")
      ->check(CLI::IsMember({"real", "simulated"}));
  app.add_option("--card-emulator-pid", options.card_emulator_pid,
                 "with --script and real devices: the card emulator that 'card insert/remove' "
                 "signals (tests and demo only)");
  app.add_option("--run-seconds", options.run_seconds,
                 "stop the interactive loop after this many seconds (benchmarks)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (options.headless && options.screenshot.empty() && options.script.empty() &&
      options.run_seconds <= 0) {
    std::cerr << "kiosk: --headless needs --screenshot FILE, --script FILE or --run-seconds N\n";
    return 2;
  }
  return Run(options, started);
}
