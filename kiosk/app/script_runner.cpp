#include "kiosk/app/script_runner.h"

#include <SDL.h>
#include <fmt/format.h>

#include <cmath>

#include "kiosk/session/citizen_session.h"

namespace kiosk::app {
namespace {

// Where the harness's pointer rests between taps: off screen, so nothing looks hovered.
constexpr ui::PointerOverride kAway{-100000.0f, -100000.0f, false};
constexpr int kSettleFrames = 3;
constexpr int kWaitFrames = 300;

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

Status ScriptRunner::Tap(const std::string& key) {
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
    if (args[0] == "insert") {
      session::CardIdentity identity;
      identity.surname = args[2];
      identity.given_names = args[3];
      identity.birth_date = args[4];
      identity.nationality = "FRA";
      identity.document_number = "X4RTBPFW4";  // ICAO 9303 specimen-style number
      identity.source = session::IdentitySource::kChipVerified;
      app_.card().SetUnreadable(false);
      app_.card().Insert(std::move(identity), args[1]);
      app_.events().Post({.kind = session::FlowEvent::Kind::kCardInserted});
    } else if (args[0] == "remove") {
      app_.card().Remove();
      app_.events().Post({.kind = session::FlowEvent::Kind::kCardRemoved});
    } else {
      app_.card().SetUnreadable(true);
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
    for (int i = 0; i < kWaitFrames; ++i) {
      if (session::ScreenName(flow.screen()) == args[0]) return OkStatus();
      app_.Settle(1, kAway);
    }
    return DeadlineExceededError(
        fmt::format("still on screen '{}'", session::ScreenName(flow.screen())));
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
    auto submissions = app_.sink().submissions();
    if (!submissions.empty() && submissions.back().find(args[0]) != std::string::npos) {
      return OkStatus();
    }
    return NotFoundError(submissions.empty() ? "no submission"
                                             : "last submission: " + submissions.back());
  }
  if (verb == "expect-submissions" || verb == "expect-printed") {
    size_t want = std::stoul(args[0]);
    size_t have = verb == "expect-printed" ? app_.printer().printed().size()
                                           : app_.sink().submissions().size();
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
    app_.printer().SetFailure(args[0] == "fail" ? FailedPreconditionError("paper out")
                                                : OkStatus());
    return OkStatus();
  }
  if (verb == "sink") {
    app_.sink().SetFailure(args[0] == "fail" ? ResourceExhaustedError("disk full") : OkStatus());
    return OkStatus();
  }
  return InternalError("command not implemented");
}

}  // namespace kiosk::app
