#include "kiosk/app/kiosk_app.h"

#include <algorithm>

#include "base/log.h"
#include "ui/espeak_speech.h"

namespace kiosk::app {

using std::chrono::milliseconds;

StatusOr<std::unique_ptr<KioskApp>> KioskApp::Create(const KioskConfig& config,
                                                     const AppOptions& options) {
  std::unique_ptr<KioskApp> app(new KioskApp());
  app->started_ = options.started;
  if (options.fake_clock) {
    app->fake_clock_ = std::make_unique<FakeClock>();
    app->clock_ = app->fake_clock_.get();
  } else {
    app->clock_ = &SystemClock();
  }
  app->jobs_ = std::make_unique<session::JobRunner>();

  session::FlowConfig flow_config;
  flow_config.idle_timeout = std::chrono::seconds(config.session.idle_timeout_s);
  flow_config.idle_warning = std::chrono::seconds(config.session.idle_warning_s);
  flow_config.card_removed_grace = std::chrono::seconds(config.session.card_removed_grace_s);
  flow_config.languages = config.identity.languages;
  flow_config.commune = config.identity.commune;
  flow_config.site = config.identity.site;
  flow_config.kiosk_id = config.identity.id;
  flow_config.time_zone = config.identity.time_zone;
  flow_config.staff_pin_hash = config.staff.pin_hash;
  flow_config.delivery_wait = options.delivery_wait;
  session::FlowPorts& ports = app->ports_;
  ports = options.ports;
  if (options.simulated) {
    app->procedures_ = std::make_unique<session::CatalogProcedures>(config.storage.data_dir, "",
                                                                    config.procedures.default_dir);
    if (Status loaded = app->procedures_->Load(); !loaded.ok()) {
      // The kiosk still starts: its catalog screen says that nothing is offered right now.
      Log(Subsystem::kApp).error("no procedure to offer: {}", loaded.message());
    }
    app->simulated_ = std::make_unique<SimulatedDevices>();
    ports = {app->procedures_.get(),    &app->simulated_->card,    &app->simulated_->sink,
             &app->simulated_->printer, &app->simulated_->devices, &app->simulated_->self_test};
  }
  if (ports.procedures == nullptr || ports.reader == nullptr || ports.sink == nullptr ||
      ports.printer == nullptr) {
    return FailedPreconditionError(
        "the kiosk needs procedures, a card reader, a queue and a printer");
  }
  app->flow_ = std::make_unique<session::SessionFlow>(flow_config, ports, *app->clock_,
                                                      app->events_, *app->jobs_);

  ui::DisplayOptions display_options;
  display_options.headless = options.headless;
  display_options.fullscreen = options.fullscreen || config.display.fullscreen;
  display_options.orientation = options.orientation.value_or(config.display.orientation);
  display_options.density_dpi = config.display.density_dpi;
  KIOSK_ASSIGN_OR_RETURN(app->display_, ui::Display::Open(display_options));
  app->events_.SetWake([] { ui::Display::Wake(); });
  app->host_ = std::make_unique<ui::ScreenHost>(*app->display_);

  if (options.recording_speech) {
    auto recording = std::make_unique<session::RecordingSpeech>();
    app->recording_speech_ = recording.get();
    app->speech_ = std::move(recording);
  } else {
    app->speech_ = std::make_unique<ui::EspeakSpeech>();
  }
  app->announcer_ = std::make_unique<session::Announcer>(*app->speech_);
  return app;
}

KioskApp::~KioskApp() {
  // Jobs still queued (a receipt printing) complete; nothing may wake a closed display.
  events_.SetWake(nullptr);
  if (jobs_) jobs_->WaitIdle();
}

std::chrono::microseconds KioskApp::RenderFrame(const std::optional<ui::PointerOverride>& pointer,
                                                bool capture) {
  auto begin = std::chrono::steady_clock::now();
  flow_->Tick();
  session::ScreenView view = flow_->View();
  if (capture) display_->CaptureNextFrame();
  std::vector<session::Intent> intents = host_->Frame(view, pointer);
  for (const auto& intent : intents) flow_->Handle(intent);
  if (!intents.empty()) flow_->Tick();
  session::ScreenView after = intents.empty() ? std::move(view) : flow_->View();
  announcer_->Update(after.preferences.audio, after.preferences.language,
                     host_->Announcement(after));
  auto end = std::chrono::steady_clock::now();
  Log(Subsystem::kUi)
      .debug("frame {} us",
             std::chrono::duration_cast<std::chrono::microseconds>(end - begin).count());
  if (!first_frame_logged_) {
    first_frame_logged_ = true;
    Log(Subsystem::kUi)
        .info("first frame {} ms after start",
              std::chrono::duration_cast<milliseconds>(end - started_).count());
  }
  return std::chrono::duration_cast<std::chrono::microseconds>(end - begin);
}

void KioskApp::Settle(int frames, const std::optional<ui::PointerOverride>& pointer) {
  for (int i = 0; i < frames; ++i) {
    jobs_->WaitIdle();
    display_->WaitEvents(0);
    RenderFrame(pointer);
  }
}

void KioskApp::RunInteractive(std::optional<milliseconds> run_for) {
  // Dear ImGui settles its layout over a couple of frames: render a few after each event.
  constexpr int kFramesAfterEvent = 3;
  constexpr milliseconds kLongestSleep(10'000);
  auto deadline =
      run_for ? std::optional(std::chrono::steady_clock::now() + *run_for) : std::nullopt;
  int frames_left = kFramesAfterEvent;
  while (!display_->quit_requested()) {
    auto now = std::chrono::steady_clock::now();
    if (deadline && now >= *deadline) break;
    if (frames_left > 0) {
      display_->WaitEvents(0);
      RenderFrame();
      --frames_left;
      continue;
    }
    milliseconds timeout = flow_->TimeToNextChange().value_or(kLongestSleep);
    timeout = std::clamp(timeout, milliseconds(1), kLongestSleep);
    if (deadline) {
      timeout = std::min(timeout, std::chrono::duration_cast<milliseconds>(*deadline - now));
    }
    bool input = display_->WaitEvents(static_cast<int>(std::max<int64_t>(timeout.count(), 1)));
    if (input) {
      frames_left = kFramesAfterEvent;
    } else if (flow_->TimeToNextChange().has_value()) {
      frames_left = 1;  // a timeout may have changed the screen (countdown, idle end)
    }
  }
}

}  // namespace kiosk::app
