// The kiosk application: wires the configuration, the session flow, its worker thread and
// ports, the display, the screens and audio guidance, and runs the event loop.
//
// The loop waits for input (SDL_WaitEventTimeout) and renders a few frames after each event;
// between events it sleeps until the flow's next timeout. Worker threads wake it through the
// EventQueue's wake function (an SDL user event).
//
// Devices: with AppOptions::simulated the ports are the in-process fakes of
// kiosk/session/fakes.h (the harness drives the fake card, printer and queue); otherwise the
// caller hands in the real ones (kiosk/devices: PC/SC reader, CUPS printer, encrypted queue and
// sync worker). Procedures come from the signed catalog or the default folder either way.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/config.h"
#include "kiosk/session/announcer.h"
#include "kiosk/session/catalog_procedures.h"
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
  // Simulated devices (fakes): the headless harness's scripted tests and benchmarks.
  bool simulated = true;
  // The real devices, when not simulated; must outlive the app.
  session::FlowPorts ports;
  // With simulated devices: how long the fake centre takes to acknowledge (0 = at once).
  std::chrono::milliseconds delivery_wait{std::chrono::seconds(4)};
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
  // The simulated devices; nullptr with real devices.
  session::FakeCardReader* card() { return simulated_ ? &simulated_->card : nullptr; }
  session::MemorySubmissionSink* sink() { return simulated_ ? &simulated_->sink : nullptr; }
  session::RecordingPrinter* printer() { return simulated_ ? &simulated_->printer : nullptr; }
  session::FixedDeviceStatus* devices() { return simulated_ ? &simulated_->devices : nullptr; }
  session::RecordingSpeech* recorded_speech() { return recording_speech_; }
  session::EventQueue& events() { return events_; }
  // The devices' state as staff see it (real or simulated).
  session::DeviceStatusSource* device_status() { return ports_.devices; }
  FakeClock* fake_clock() { return fake_clock_.get(); }

 private:
  KioskApp() = default;

  std::chrono::steady_clock::time_point started_;
  bool first_frame_logged_ = false;
  std::unique_ptr<FakeClock> fake_clock_;
  Clock* clock_ = nullptr;
  session::EventQueue events_;  // declared before the worker: it outlives its last post
  std::unique_ptr<session::JobRunner> jobs_;
  struct SimulatedDevices {
    session::FakeCardReader card;
    session::MemorySubmissionSink sink;
    session::RecordingPrinter printer;
    session::FixedDeviceStatus devices;
    session::FixedSelfTest self_test;
  };
  std::unique_ptr<session::CatalogProcedures> procedures_;  // simulated devices only
  std::unique_ptr<SimulatedDevices> simulated_;
  session::FlowPorts ports_;
  std::unique_ptr<session::SessionFlow> flow_;
  std::unique_ptr<ui::Display> display_;
  std::unique_ptr<ui::ScreenHost> host_;
  std::unique_ptr<session::Speech> speech_;
  session::RecordingSpeech* recording_speech_ = nullptr;
  std::unique_ptr<session::Announcer> announcer_;
};

}  // namespace kiosk::app
