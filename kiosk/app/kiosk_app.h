// The kiosk application: wires the configuration, the session flow, its worker thread and
// ports, the display, the screens and audio guidance, and runs the event loop.
//
// The loop waits for input (SDL_WaitEventTimeout) and renders a few frames after each event;
// between events it sleeps until the flow's next timeout. Worker threads wake it through the
// EventQueue's wake function (an SDL user event).
//
// Devices: until the lead wires the card reader, printer and queue, the ports are the
// in-process fakes of kiosk/session/fakes.h (the harness drives the fake card).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/config.h"
#include "kiosk/session/announcer.h"
#include "kiosk/session/demo_procedures.h"
#include "kiosk/session/event_queue.h"
#include "kiosk/session/fakes.h"
#include "kiosk/session/session_flow.h"
#include "ui/display.h"
#include "ui/screen_host.h"

namespace kiosk::app {

struct AppOptions {
  bool headless = false;
  bool fullscreen = false;
  std::optional<Orientation> orientation;  // overrides the configuration
  bool fake_clock = false;                 // the harness moves time itself
  bool recording_speech = false;           // record what would be spoken instead of speaking
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

class KioskApp {
 public:
  static StatusOr<std::unique_ptr<KioskApp>> Create(const KioskConfig& config,
                                                    const AppOptions& options);
  ~KioskApp();
  KioskApp(const KioskApp&) = delete;
  KioskApp& operator=(const KioskApp&) = delete;

  // One frame: applies worker events and timeouts, draws, feeds the intents to the flow and
  // updates audio guidance. Returns how long drawing took.
  std::chrono::microseconds RenderFrame(
      const std::optional<ui::PointerOverride>& pointer = std::nullopt, bool capture = false);

  // The interactive loop, until the window closes or `run_for` elapses.
  void RunInteractive(std::optional<std::chrono::milliseconds> run_for = std::nullopt);

  // Lets queued jobs finish, then renders `frames` frames (harness).
  void Settle(int frames, const std::optional<ui::PointerOverride>& pointer);

  session::SessionFlow& flow() { return *flow_; }
  ui::ScreenHost& host() { return *host_; }
  ui::Display& display() { return *display_; }
  session::FakeCardReader& card() { return card_; }
  session::MemorySubmissionSink& sink() { return sink_; }
  session::RecordingPrinter& printer() { return printer_; }
  session::RecordingSpeech* recorded_speech() { return recording_speech_; }
  session::EventQueue& events() { return events_; }
  FakeClock* fake_clock() { return fake_clock_.get(); }

 private:
  KioskApp() = default;

  std::chrono::steady_clock::time_point started_;
  bool first_frame_logged_ = false;
  std::unique_ptr<FakeClock> fake_clock_;
  Clock* clock_ = nullptr;
  session::EventQueue events_;  // declared before the worker: it outlives its last post
  std::unique_ptr<session::JobRunner> jobs_;
  session::DemoProcedures procedures_;
  session::FakeCardReader card_;
  session::MemorySubmissionSink sink_;
  session::RecordingPrinter printer_;
  session::FixedDeviceStatus devices_;
  std::unique_ptr<session::SessionFlow> flow_;
  std::unique_ptr<ui::Display> display_;
  std::unique_ptr<ui::ScreenHost> host_;
  std::unique_ptr<session::Speech> speech_;
  session::RecordingSpeech* recording_speech_ = nullptr;
  std::unique_ptr<session::Announcer> announcer_;
};

}  // namespace kiosk::app
