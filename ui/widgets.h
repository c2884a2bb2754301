// The few widgets every kiosk screen is made of, on top of Dear ImGui: buttons at least one
// touch target tall with a visible keypad focus, texts, and the field being edited. Each
// control registers its id, label and rectangle (ControlRegistry) and each text what it
// says, so tests and keypad navigation see exactly what was drawn.
// Thread: drawing thread, between Display::BeginFrame and EndFrame.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "kiosk/session/session_flow.h"
#include "ui/control_registry.h"
#include "ui/fonts.h"
#include "ui/theme.h"

namespace kiosk::ui {

// What a frame of drawing needs and produces. Lives for one frame, except the fields the
// ScreenHost carries over (focus).
struct UiContext {
  const Theme* theme = nullptr;
  const LoadedFonts* fonts = nullptr;
  float touch_px = 57;  // 15 mm at the configured density
  float mm_px = 3.78f;  // pixels per millimetre
  std::string language = "fr";
  ControlRegistry* registry = nullptr;
  std::string focused_id;       // control with the keypad focus (drawn with a ring)
  bool focus_moved = false;     // the keypad moved the focus in this frame
  std::string activate_id;      // control activated by the keypad's OK in this frame
  std::string preferred_focus;  // the control a screen wants focused when it appears
  bool interactive = true;      // false under the idle warning: controls draw but do nothing
  std::vector<session::Intent> intents;

  void Emit(session::IntentKind kind, std::string value = "") {
    if (interactive) intents.push_back({kind, std::move(value)});
  }
  // The text for `key` in the citizen's language.
  std::string T(std::string_view key) const;
  float ControlHeight() const;
};

enum class ButtonKind { kPrimary, kSecondary, kSelected, kKey, kDanger };

// Draws a button at the cursor; width 0 = fit the label. Returns true when tapped or
// activated from the keypad.
bool KioskButton(UiContext& ui, std::string_view id, std::string_view label, float width,
                 ButtonKind kind = ButtonKind::kPrimary, bool enabled = true, float height = 0);

// Wrapped text at the cursor, in `font` (nullptr = body), optionally centred.
void KioskText(UiContext& ui, std::string_view text, ImFont* font = nullptr,
               const ImVec4* color = nullptr, bool centered = false);

// The box showing the value being edited, with a caret, and the validation error under it.
void KioskField(UiContext& ui, std::string_view value, std::string_view error, bool caret);

// One part of a multi-part entry (the lines of an address): a small caption above a field box
// that the citizen taps to edit it. The focused part shows a caret and is the "field" area
// the keyboard must not cover. Returns true when tapped or activated from the keypad.
bool KioskPartField(UiContext& ui, std::string_view id, std::string_view caption,
                    std::string_view value, bool focused);

// Lets a finger scroll the current child window by dragging anywhere in it (Dear ImGui
// scrolls only with a wheel or the scrollbar). Call right after BeginChild.
void DragToScroll(const UiContext& ui);

// Vertical space of `mm` millimetres.
void Gap(const UiContext& ui, float mm);

}  // namespace kiosk::ui
