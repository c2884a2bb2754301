// Runs one frame of the kiosk's screens: applies the citizen's theme and text size, turns
// physical keys into focus moves and intents (arrows move a visible focus, Enter activates,
// Backspace/Escape go back, typed characters go to the field being edited), draws the
// screen and remembers what it drew for the harness and for audio guidance.
// Thread: drawing thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kiosk/session/announcer.h"
#include "kiosk/session/session_flow.h"
#include "ui/control_registry.h"
#include "ui/display.h"
#include "ui/screens.h"

namespace kiosk::ui {

class ScreenHost {
 public:
  explicit ScreenHost(Display& display);

  // Draws `view` and returns what the citizen asked for in this frame.
  std::vector<session::Intent> Frame(const session::ScreenView& view,
                                     const std::optional<PointerOverride>& pointer = std::nullopt);

  // What the last frame drew.
  const ControlRegistry& controls() const { return registry_; }
  const std::string& focused() const { return focused_id_; }
  // What audio guidance should know about the last frame.
  session::Announcement Announcement(const session::ScreenView& view) const;

  float touch_px() const { return touch_px_; }
  float mm_px() const { return mm_px_; }

 private:
  void ReadKeys(const session::ScreenView& view, std::vector<session::Intent>& intents);

  Display& display_;
  float touch_px_;
  float mm_px_;
  ControlRegistry registry_;
  ScreenState state_;
  std::string focused_id_;
  std::string activate_next_;
  bool focus_moved_ = false;
  std::string focus_context_;  // screen + question the focus belongs to
  bool high_contrast_applied_ = false;
  bool theme_applied_ = false;
};

}  // namespace kiosk::ui
