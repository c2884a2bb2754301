// Decides what audio guidance says: the screen's title when the screen changes, then the
// current question, the focused control when the focus moves, and a validation error when
// one appears. Says nothing when audio guidance is off.
// Thread: drawing thread.
#pragma once

#include <string>

#include "kiosk/session/ports.h"

namespace kiosk::session {

struct Announcement {
  std::string screen;  // screen name: a change means a new screen
  std::string title;
  std::string question;  // label of the current question, if any
  std::string focused;   // label of the focused control
  std::string error;     // validation error next to the field
};

class Announcer {
 public:
  explicit Announcer(Speech& speech) : speech_(speech) {}

  void Update(bool enabled, const std::string& language, const Announcement& now);

 private:
  Speech& speech_;
  Announcement last_;
  std::string last_language_;
  bool was_enabled_ = false;
};

}  // namespace kiosk::session
