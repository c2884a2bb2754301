// Colours and sizes of the kiosk screens.
#pragma once

#include <utility>
#include <vector>

#include <imgui.h>

namespace kiosk::ui {

struct Theme {
  ImVec4 background;
  ImVec4 text;
  ImVec4 accent;       // primary buttons (Marianne blue in the standard theme)
  ImVec4 accent_text;  // text on primary buttons
  ImVec4 muted_text;
  ImVec4 error;       // error text on the background
  ImVec4 surface;     // secondary buttons and keys
  ImVec4 pressed;     // a button while pressed
  ImVec4 field;       // the box of the field being edited
  ImVec4 focus;       // the keypad focus ring
  ImVec4 error_fill;  // danger buttons (text: accent_text)
};

// The standard theme, and the high-contrast one (every text/background pair ≥ 7:1).
const Theme& StandardTheme();
const Theme& HighContrastTheme();

// WCAG 2.x contrast ratio between two opaque colours, from 1 to 21.
double ContrastRatio(const ImVec4& a, const ImVec4& b);

// The foreground/background pairs a theme draws text with (text on background, on keys, in
// fields, on buttons, errors...), for contrast checks.
std::vector<std::pair<ImVec4, ImVec4>> TextPairs(const Theme& theme);

// Applies `theme` to the current ImGui style; `touch_target_px` is the minimum height of a
// control.
void ApplyTheme(const Theme& theme, float touch_target_px);

}  // namespace kiosk::ui
