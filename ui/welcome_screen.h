// The first screen a citizen sees: the commune's name, a start button and the languages.
#pragma once

#include <string>
#include <vector>

#include "ui/theme.h"

namespace kiosk::ui {

struct WelcomeView {
  std::string commune;
  std::string site;
  std::string language;                // current language code
  std::vector<std::string> languages;  // offered, in order
};

struct WelcomeIntent {
  enum class Kind { kNone, kStart, kChooseLanguage };
  Kind kind = Kind::kNone;
  std::string language;  // with kChooseLanguage
};

// Draws the screen over the whole viewport and returns what the citizen asked for.
WelcomeIntent DrawWelcome(const WelcomeView& view, const Theme& theme, float touch_target_px);

}  // namespace kiosk::ui
