#include "kiosk/app/script_runner.h"

#include <SDL.h>
#include <fmt/format.h>

#include <signal.h>

#include <cmath>
#include <thread>

#include "kiosk/session/citizen_session.h"

namespace kiosk::app {
namespace {

// Where the harness's pointer rests between taps: off screen, so nothing looks hovered.
constexpr ui::PointerOverride kAway{-100000.0f, -100000.0f, false};
constexpr int kSettleFrames = 3;
constexpr auto kWaitTimeout = std::chrono::seconds(30);

}  // namespace

ScriptRunner::ScriptRunner(KioskApp& app, std::string screenshot_dir, std::string source_name)
    : app_(app), screenshot_dir_(std::move(screenshot_dir)), source_name_(std::move(source_name)) {}

void ScriptRunner::Settle() { app_.Settle(kSettleFrames, kAway); }

Status ScriptRunner::Run(const std::vector<ScriptCommand>& commands) {
  Settle();
  for (const auto& command : commands) {
    Status status = Execute(command);
    if (!status.ok()) {
      return Status(status.code(), fmt::format("{}:{}: {} {}: {}\nthe screen shows:\n{}",
                                               source_name_, command.line, command.verb,
                                               command.args.empty() ? "" : command.args.front(),
                                               status.message(), app_.host().controls().Dump()));
    }
  }
  return OkStatus();
}

Status ScriptRunner::ScrollIntoView(const std::string& key) {
  // As a finger would: swipe the list the control is in until the control shows.
  constexpr int kLongestSwipes = 30;
  for (int i = 0; i < kLongestSwipes; ++i) {
    const ui::ControlInfo* control = app_.host().controls().Find(key);
    if (control == nullptr) return NotFoundError("no control with this id or label on screen");
    if (control->CenterVisible()) return OkStatus();
    float x = control->Center().x;
    float top = std::max(control->clip_min.y, 0.0f);
    float bottom = std::min(control->clip_max.y, static_cast<float>(app_.display().height()));
    float middle = (top + bottom) / 2;
    float distance = std::min(std::abs(control->Center().y - middle), (bottom - top) * 0.4f);
    float direction = control->Center().y > middle ? -1.0f : 1.0f;  // drag up to see lower
    constexpr int kMoves = 6;
    app_.Settle(1, ui::PointerOverride{x, middle, false});
    app_.Settle(1, ui::PointerOverride{x, middle, true});
    for (int m = 1; m <= kMoves; ++m) {
      app_.Settle(1, ui::PointerOverride{x, middle + direction * distance * m / kMoves, true});
    }
    app_.Settle(1, ui::PointerOverride{x, middle + direction * distance, false});
    Settle();
  }
  return FailedPreconditionError("the control stays out of view after swiping its list");
}

Status ScriptRunner::Tap(const std::string& key) {
  KIOSK_RETURN_IF_ERROR(ScrollIntoView(key));
  const ui::ControlInfo* control = app_.host().controls().Find(key);
  if (control == nullptr) return NotFoundError("no control with this id or label on screen");
  if (!control->enabled && control->id != "staff-corner") {
    return FailedPreconditionError("the control is disabled");
  }
  ImVec2 c = control->Center();
  app_.Settle(1, ui::PointerOverride{c.x, c.y, false});
  app_.Settle(1, ui::PointerOverride{c.x, c.y, true});
  app_.Settle(1, ui::PointerOverride{c.x, c.y, false});
  Settle();
  return OkStatus();
}

Status ScriptRunner::Hold(const std::string& key, double seconds) {
  const ui::ControlInfo* control = app_.host().controls().Find(key);
  if (control == nullptr) return NotFoundError("no control with this id or label on screen");
  ImVec2 c = control->Center();
  ui::PointerOverride down{c.x, c.y, true};
  app_.Settle(1, ui::PointerOverride{c.x, c.y, false});
  app_.Settle(2, down);
  if (app_.fake_clock()) {
    app_.fake_clock()->Advance(std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000)));
  }
  app_.Settle(2, down);
  app_.Settle(1, ui::PointerOverride{c.x, c.y, false});
  Settle();
  return OkStatus();
}

Status ScriptRunner::Key(const std::string& name, int times) {
  static const std::map<std::string, SDL_Keycode> kKeys = {
      {"Enter", SDLK_RETURN}, {"Escape", SDLK_ESCAPE}, {"Backspace", SDLK_BACKSPACE},
      {"Up", SDLK_UP},        {"Down", SDLK_DOWN},     {"Left", SDLK_LEFT},
      {"Right", SDLK_RIGHT},  {"Tab", SDLK_TAB},
  };
  auto it = kKeys.find(name);
  if (it == kKeys.end()) return InvalidInputError("unknown key (Enter, Escape, Backspace, arrows)");
  for (int i = 0; i < times; ++i) {
    ui::Display::InjectKey(it->second, true);
    app_.Settle(1, kAway);
    ui::Display::InjectKey(it->second, false);
    Settle();
  }
  return OkStatus();
}

bool ScriptRunner::WaitUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (done()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    app_.Settle(1, kAway);
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

Status ScriptRunner::CardOnEmulator(const std::string& what) {
  if (emulator_pid_ <= 0) {
    return FailedPreconditionError(
        "real devices and no card emulator to drive (--card-emulator-pid)");
  }
  if (what != "insert" && what != "remove") {
    return InvalidInputError("with the card emulator, only 'card insert' and 'card remove'");
  }
  if (kill(emulator_pid_, what == "insert" ? SIGUSR2 : SIGUSR1) != 0) {
    return UnavailableError(fmt::format("cannot signal the card emulator (pid {})", emulator_pid_));
  }
  Settle();
  return OkStatus();
}

Status ScriptRunner::Screenshot(const std::string& name) {
  app_.Settle(2, kAway);
  app_.RenderFrame(kAway, /*capture=*/true);
  shots_[name] = app_.display().last_frame();
  if (screenshot_dir_.empty()) return OkStatus();
  return app_.display().SaveScreenshot(screenshot_dir_ + "/" + name + ".png");
}

Status ScriptRunner::Execute(const ScriptCommand& command) {
  const std::string& verb = command.verb;
  const auto& args = command.args;
  auto& flow = app_.flow();

  if (verb == "tap") return Tap(args[0]);
  if (verb == "hold") return Hold(args[0], std::stod(args[1]));
  if (verb == "key") return Key(args[0], args.size() > 1 ? std::stoi(args[1]) : 1);
  if (verb == "type") {
    ui::Display::InjectText(args[0]);
    Settle();
    return OkStatus();
  }
  if (verb == "card") {
    if (app_.card() == nullptr) return CardOnEmulator(args[0]);
    if (args[0] == "insert") {
      // card insert CAN SURNAME GIVEN_NAMES BIRTH_DATE [PLACE_OF_BIRTH]: an invented citizen.
      session::CardIdentity identity;
      identity.surname = args[2];
      identity.given_names = args[3];
      identity.birth_date = args[4];
      identity.sex = "F";
      identity.nationality = "FRA";
      identity.document_number = "X4RTBPFW4";  // ICAO 9303 specimen-style number
      if (args.size() > 5) identity.place_of_birth = args[5];
      identity.source = session::IdentitySource::kChipVerified;
      app_.card()->SetUnreadable(false);
      app_.card()->Insert(std::move(identity), args[1]);
      app_.events().Post({.kind = session::FlowEvent::Kind::kCardInserted});
    } else if (args[0] == "remove") {
      app_.card()->Remove();
      app_.events().Post({.kind = session::FlowEvent::Kind::kCardRemoved});
    } else {
      app_.card()->SetUnreadable(true);
    }
    Settle();
    return OkStatus();
  }
  if (verb == "advance") {
    if (!app_.fake_clock()) return FailedPreconditionError("no fake clock");
    auto step = std::chrono::milliseconds(static_cast<int64_t>(std::stod(args[0]) * 1000));
    // In one-second steps, so the flow sees every second of a countdown.
    while (step > std::chrono::milliseconds(0)) {
      auto now = std::min(step, std::chrono::milliseconds(1000));
      app_.fake_clock()->Advance(now);
      step -= now;
      app_.flow().Tick();
    }
    Settle();
    return OkStatus();
  }
  if (verb == "wait-screen") {
    if (WaitUntil([&] { return session::ScreenName(flow.screen()) == args[0]; }, kWaitTimeout)) {
      return OkStatus();
    }
    return DeadlineExceededError(
        fmt::format("still on screen '{}'", session::ScreenName(flow.screen())));
  }
  if (verb == "wait-text") {
    // wait-text TEXT [SECONDS]: the screen state changes without input (a centre's answer).
    auto timeout = args.size() > 1
                       ? std::chrono::milliseconds(static_cast<int64_t>(std::stod(args[1]) * 1000))
                       : std::chrono::milliseconds(kWaitTimeout);
    if (WaitUntil([&] { return app_.host().controls().Shows(args[0]); }, timeout)) {
      return OkStatus();
    }
    return DeadlineExceededError("text not shown in time");
  }
  if (verb == "wait-delivered") {
    // wait-delivered SECONDS: every confirmed submission acknowledged by the centre.
    session::DeviceStatusSource* devices = app_.device_status();
    if (devices == nullptr) return FailedPreconditionError("no device state");
    auto timeout = std::chrono::milliseconds(static_cast<int64_t>(std::stod(args[0]) * 1000));
    if (WaitUntil([&] { return devices->Unsent().value_or(-1) == 0; }, timeout)) {
      return OkStatus();
    }
    auto unsent = devices->Unsent();
    return DeadlineExceededError(unsent ? fmt::format("{} submission(s) still unsent", *unsent)
                                        : "the queue is unknown");
  }
  if (verb == "expect-receipt") {
    if (app_.printer() == nullptr) return FailedPreconditionError("the printer is not simulated");
    app_.flow().WaitForJobs();
    auto printed = app_.printer()->printed();
    if (printed.empty()) return NotFoundError("nothing printed");
    const session::Receipt& last = printed.back();
    std::string all = last.commune + "\n" + last.site + "\n" + last.procedure_title + "\n" +
                      last.central_reference + "\n" + last.next_steps + "\n" +
                      (last.sent ? "sent" : "waiting");
    for (const auto& line : last.lines) all += "\n" + line.label + ": " + line.value;
    if (all.find(args[0]) != std::string::npos) return OkStatus();
    return NotFoundError("the last receipt says:\n" + all);
  }
  if (verb == "expect-screen") {
    if (session::ScreenName(flow.screen()) == args[0]) return OkStatus();
    return FailedPreconditionError(
        fmt::format("the screen is '{}'", session::ScreenName(flow.screen())));
  }
  if (verb == "expect-text") {
    if (app_.host().controls().Shows(args[0])) return OkStatus();
    return NotFoundError("text not shown");
  }
  if (verb == "expect-no-text") {
    if (!app_.host().controls().Shows(args[0])) return OkStatus();
    return AlreadyExistsError("text shown");
  }
  if (verb == "expect-focus") {
    if (app_.host().focused() == args[0]) return OkStatus();
    return FailedPreconditionError(fmt::format("the focus is on '{}'", app_.host().focused()));
  }
  if (verb == "expect-spoken") {
    auto* speech = app_.recorded_speech();
    if (speech == nullptr) return FailedPreconditionError("speech is not recorded");
    for (const auto& said : speech->spoken()) {
      if (said.find(args[0]) != std::string::npos) return OkStatus();
    }
    std::string all;
    for (const auto& said : speech->spoken()) all += "\n  " + said;
    return NotFoundError("not spoken; spoken so far:" + all);
  }
  if (verb == "expect-submitted") {
    if (app_.sink() == nullptr) return FailedPreconditionError("the queue is not simulated");
    auto submissions = app_.sink()->submissions();
    if (!submissions.empty() && submissions.back().bytes.find(args[0]) != std::string::npos) {
      return OkStatus();
    }
    return NotFoundError(submissions.empty() ? "no submission"
                                             : "last submission: " + submissions.back().bytes);
  }
  if (verb == "expect-submissions" || verb == "expect-printed") {
    if (app_.sink() == nullptr) return FailedPreconditionError("the devices are not simulated");
    app_.flow().WaitForJobs();
    size_t want = std::stoul(args[0]);
    size_t have = verb == "expect-printed" ? app_.printer()->printed().size()
                                           : app_.sink()->submissions().size();
    if (want == have) return OkStatus();
    return FailedPreconditionError(fmt::format("{} instead of {}", have, want));
  }
  if (verb == "expect-field-visible") {
    const ui::ControlInfo* field = app_.host().controls().Area("field");
    const ui::ControlInfo* keyboard = app_.host().controls().Area("keyboard");
    if (field == nullptr) return NotFoundError("no field on screen");
    if (field->max.y > app_.display().height() || field->min.y < 0) {
      return FailedPreconditionError("the field is off screen");
    }
    if (keyboard && field->max.y > keyboard->min.y && field->min.y < keyboard->max.y) {
      return FailedPreconditionError(fmt::format(
          "the keyboard (from y={}) covers the field (to y={})", keyboard->min.y, field->max.y));
    }
    return OkStatus();
  }
  if (verb == "expect-targets-at-least") {
    float min_px = std::stof(args[0]) * app_.host().mm_px() - 0.5f;
    for (const auto& c : app_.host().controls().controls()) {
      if (c.Height() < min_px || c.Width() < min_px) {
        return FailedPreconditionError(fmt::format("control '{}' is {:.0f}x{:.0f} px, under {:.0f}",
                                                   c.id, c.Width(), c.Height(), min_px));
      }
    }
    return OkStatus();
  }
  if (verb == "screenshot") return Screenshot(args[0]);
  if (verb == "expect-same-pixels") {
    auto a = shots_.find(args[0]);
    auto b = shots_.find(args[1]);
    if (a == shots_.end() || b == shots_.end()) return NotFoundError("no such screenshot");
    if (a->second.size() != b->second.size()) return FailedPreconditionError("sizes differ");
    size_t differing = 0;
    for (size_t i = 0; i < a->second.size(); i += 4) {
      if (a->second[i] != b->second[i] || a->second[i + 1] != b->second[i + 1] ||
          a->second[i + 2] != b->second[i + 2]) {
        ++differing;
      }
    }
    if (differing == 0) return OkStatus();
    return FailedPreconditionError(fmt::format("{} pixels differ", differing));
  }
  if (verb == "printer") {
    // printer ok | printer fail PROBLEM ("media_empty", "offline"...)
    if (app_.printer() == nullptr) return FailedPreconditionError("the printer is not simulated");
    app_.printer()->SetProblem(args[0] == "fail" ? (args.size() > 1 ? args[1] : "media_empty")
                                                 : "");
    return OkStatus();
  }
  if (verb == "sink") {
    // sink ok | sink fail | sink offline | sink online
    if (app_.sink() == nullptr) return FailedPreconditionError("the queue is not simulated");
    if (args[0] == "offline" || args[0] == "online") {
      app_.sink()->SetOnline(args[0] == "online");
    } else {
      app_.sink()->SetFailure(args[0] == "fail" ? ResourceExhaustedError("disk full") : OkStatus());
    }
    return OkStatus();
  }
  return InternalError("command not implemented");
}

}  // namespace kiosk::app
