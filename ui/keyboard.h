// The on-screen keyboards: AZERTY letters with a page of French accented letters (é è ê ë à
// â ä ç ô ö û ù ü î ï ÿ œ æ, upper case with shift) and a page of digits and symbols (@ . - +
// / ...) for e-mails and street numbers; a numeric keypad for digits, dates, the CAN and the
// staff PIN; a phone keypad (digits and +). Each key is a KioskButton ("key-a", "key-é",
// "key-shift", "key-accents", "key-symbols", "key-space", "key-erase", "key-ok", "key-0"...)
// that emits kType, kBackspace or kNext intents.
//
// The keyboard is drawn in a rectangle the screen reserves at the bottom, above the
// navigation bar; screens lay out the edited field above that rectangle, so the keyboard
// never covers it.
#pragma once

#include "ui/widgets.h"

namespace kiosk::ui {

enum class KeyboardKind { kAzerty, kNumeric, kPhone };

// Shift and the page shown: UI-only state, reset when the screen changes.
struct KeyboardState {
  bool shift = false;
  bool accents = false;
  bool symbols = false;
};

// Height the keyboard needs at the current font size.
float KeyboardHeight(const UiContext& ui, KeyboardKind kind);

// Draws the keyboard with its top-left corner at `origin` (screen coordinates), `width` wide.
void DrawKeyboard(UiContext& ui, KeyboardKind kind, KeyboardState& state, ImVec2 origin,
                  float width);

// Upper case of one lower-case letter (ASCII or accented) as UTF-8; other text unchanged.
std::string UpperCaseLetter(const std::string& letter);

}  // namespace kiosk::ui
