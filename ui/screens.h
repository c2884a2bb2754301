// Every screen of the kiosk, drawn from a session::ScreenView. Screens only draw and report
// intents (UiContext::intents); they call no device, disk or network code and hold no
// citizen data between frames.
#pragma once

#include <string>

#include "kiosk/session/session_flow.h"
#include "ui/keyboard.h"
#include "ui/widgets.h"

namespace kiosk::ui {

// UI-only state kept between frames (never citizen data).
struct ScreenState {
  KeyboardState keyboard;
  session::Screen last_screen = session::Screen::kWelcome;
  std::string last_question;
};

// Draws `view` over the whole viewport, with the idle warning on top when shown.
void DrawScreen(const session::ScreenView& view, UiContext& ui, ScreenState& state);

// The screen's title in the citizen's language (audio guidance speaks it).
std::string ScreenTitle(const session::ScreenView& view, const UiContext& ui);

// True when the screen edits a text (typed characters from a physical keyboard go to it).
bool ScreenEditsText(const session::ScreenView& view);

}  // namespace kiosk::ui
