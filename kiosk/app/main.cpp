// kiosk: the town-hall kiosk application. Wires the layers: configuration, logging, the
// display and the screens.
#include <chrono>
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "base/config.h"
#include "base/log.h"
#include "kiosk/version.h"
#include "ui/display.h"
#include "ui/theme.h"
#include "ui/welcome_screen.h"

namespace {

struct Options {
  std::string config_path = "/etc/guichet-kiosk/kiosk.toml";
  bool headless = false;
  std::string screenshot;
  bool fullscreen = false;
  std::string orientation;  // empty = from the configuration
  std::string language;     // empty = the first offered
  bool high_contrast = false;
  float text_scale = 1.0f;
};

int Run(const Options& options) {
  auto config = kiosk::LoadConfig(options.config_path);
  if (!config.ok()) {
    std::cerr << "kiosk: configuration refused, not starting:\n"
              << config.status().message() << '\n';
    return 2;
  }
  kiosk::LogOptions log_options;
  kiosk::ParseLogLevel(config->logging.level, &log_options.level);
  kiosk::InitLogging(log_options);
  auto& log = kiosk::Log(kiosk::Subsystem::kApp);
  log.info("kiosk {} starting for kiosk id {}", kiosk::SoftwareVersion(), config->identity.id);

  kiosk::ui::DisplayOptions display_options;
  display_options.headless = options.headless;
  display_options.fullscreen = options.fullscreen || config->display.fullscreen;
  display_options.orientation = config->display.orientation;
  if (options.orientation == "landscape") {
    display_options.orientation = kiosk::Orientation::kLandscape;
  } else if (options.orientation == "portrait") {
    display_options.orientation = kiosk::Orientation::kPortrait;
  }
  display_options.density_dpi = config->display.density_dpi;
  display_options.text_scale = options.text_scale;
  auto display = kiosk::ui::Display::Open(display_options);
  if (!display.ok()) {
    log.error("cannot open the display: {}", display.status().message());
    return 1;
  }

  const kiosk::ui::Theme& theme =
      options.high_contrast ? kiosk::ui::HighContrastTheme() : kiosk::ui::StandardTheme();
  float touch_target = (*display)->MillimetresToPixels(15.0f);
  kiosk::ui::ApplyTheme(theme, touch_target);

  kiosk::ui::WelcomeView welcome;
  welcome.commune = config->identity.commune;
  welcome.site = config->identity.site;
  welcome.languages = config->identity.languages;
  welcome.language = options.language.empty() ? welcome.languages.front() : options.language;

  // Dear ImGui settles its layout over the first frames; render a few before capturing.
  constexpr int kFramesAfterEvent = 3;
  int frames_left = kFramesAfterEvent;
  bool capture_done = false;
  while (!(*display)->quit_requested()) {
    if (frames_left == 0) {
      if (options.headless) break;
      // Wait for input: no redraw while nothing changes.
      if ((*display)->WaitEvents(1000)) frames_left = kFramesAfterEvent;
      continue;
    }
    (*display)->WaitEvents(0);
    (*display)->BeginFrame();
    auto intent = kiosk::ui::DrawWelcome(welcome, theme, touch_target);
    if (intent.kind == kiosk::ui::WelcomeIntent::Kind::kChooseLanguage) {
      welcome.language = intent.language;
      frames_left = kFramesAfterEvent + 1;
    }
    bool capture = !options.screenshot.empty() && !capture_done && frames_left == 1;
    if (capture) (*display)->CaptureNextFrame();
    (*display)->EndFrame();
    if (capture) {
      capture_done = true;
      kiosk::Status saved = (*display)->SaveScreenshot(options.screenshot);
      if (!saved.ok()) {
        log.error("{}", saved.message());
        return 1;
      }
    }
    --frames_left;
  }
  log.info("kiosk stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{"kiosk: the town-hall self-service kiosk"};
  app.set_version_flag("--version", std::string(kiosk::SoftwareVersion()));
  app.add_option("--config,-c", options.config_path, "configuration file")->capture_default_str();
  app.add_flag("--headless", options.headless,
               "render without a display (SDL offscreen driver, software renderer)");
  app.add_option("--screenshot", options.screenshot, "write the screen to this PNG file");
  app.add_flag("--fullscreen", options.fullscreen, "fill the screen");
  app.add_option("--orientation", options.orientation, "portrait (1080x1920) or landscape")
      ->check(CLI::IsMember({"portrait", "landscape"}));
  app.add_option("--language", options.language, "language shown first (fr, en, es, de...)");
  app.add_flag("--high-contrast", options.high_contrast, "high-contrast theme");
  app.add_option("--text-scale", options.text_scale, "text size: 1, 1.5 or 2")
      ->check(CLI::IsMember({1.0f, 1.5f, 2.0f}));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (options.headless && options.screenshot.empty()) {
    std::cerr << "kiosk: --headless needs --screenshot FILE at this stage\n";
    return 2;
  }
  return Run(options);
}
