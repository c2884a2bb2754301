// Colours and sizes of the kiosk screens.
#pragma once

#include <imgui.h>

namespace kiosk::ui {

struct Theme {
  ImVec4 background;
  ImVec4 text;
  ImVec4 accent;       // primary buttons (Marianne blue in the standard theme)
  ImVec4 accent_text;  // text on primary buttons
  ImVec4 muted_text;
  ImVec4 error;
};

// The standard theme, and the high-contrast one (every text/background pair ≥ 7:1).
const Theme& StandardTheme();
const Theme& HighContrastTheme();

// Applies `theme` to the current ImGui style; `touch_target_px` is the minimum height of a
// control.
void ApplyTheme(const Theme& theme, float touch_target_px);

}  // namespace kiosk::ui
