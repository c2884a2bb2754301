#include "kiosk/session/announcer.h"

namespace kiosk::session {

void Announcer::Update(bool enabled, const std::string& language, const Announcement& now) {
  if (!enabled) {
    if (was_enabled_) speech_.Stop();
    was_enabled_ = false;
    last_ = now;
    return;
  }
  bool fresh = !was_enabled_ || now.screen != last_.screen || language != last_language_ ||
               now.title != last_.title;
  std::string text;
  if (fresh) {
    // A new screen (or guidance just turned on): title, question, then where the focus is.
    text = now.title;
    if (!now.question.empty()) text += ". " + now.question;
    if (!now.error.empty()) text += ". " + now.error;
    if (!now.focused.empty()) text += ". " + now.focused;
  } else if (now.question != last_.question && !now.question.empty()) {
    text = now.question;
    if (!now.focused.empty()) text += ". " + now.focused;
  } else if (now.error != last_.error && !now.error.empty()) {
    text = now.error;
  } else if (now.focused != last_.focused && !now.focused.empty()) {
    text = now.focused;
  }
  if (!text.empty()) speech_.Say(language, text);
  was_enabled_ = true;
  last_ = now;
  last_language_ = language;
}

}  // namespace kiosk::session
