#include "ui/keyboard.h"

#include <algorithm>
#include <array>
#include <utility>

namespace kiosk::ui {
namespace {

constexpr int kRows = 4;
constexpr float kGapRatio = 0.12f;  // gap between keys, relative to the key height

const std::vector<std::vector<const char*>>& LetterRows() {
  static const std::vector<std::vector<const char*>> kRowsLetters = {
      {"a", "z", "e", "r", "t", "y", "u", "i", "o", "p"},
      {"q", "s", "d", "f", "g", "h", "j", "k", "l", "m"},
      {"w", "x", "c", "v", "b", "n", "'", "-"},
  };
  return kRowsLetters;
}

// Every accented letter French writes, on one page.
const std::vector<std::vector<const char*>>& AccentRows() {
  static const std::vector<std::vector<const char*>> kRowsAccents = {
      {"é", "è", "ê", "ë", "à", "â", "ä", "ç", "ô", "ö"},
      {"û", "ù", "ü", "î", "ï", "ÿ", "œ", "æ", ".", ","},
      {"É", "È", "Ç", "À", "Ô", "Œ", "'", "-"},
  };
  return kRowsAccents;
}

// Digits and the symbols of e-mail addresses, street numbers and phone numbers.
const std::vector<std::vector<const char*>>& SymbolRows() {
  static const std::vector<std::vector<const char*>> kRowsSymbols = {
      {"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"},
      {"@", ".", "_", "+", "/", "(", ")", "&", "#", "°"},
      {"€", "!", "?", ":", ";", ",", "'", "-"},
  };
  return kRowsSymbols;
}

float KeyHeight(const UiContext& ui) { return ui.ControlHeight() * 1.05f; }

}  // namespace

std::string UpperCaseLetter(const std::string& letter) {
  static const std::array<std::pair<const char*, const char*>, 18> kAccented = {{
      {"é", "É"},
      {"è", "È"},
      {"ê", "Ê"},
      {"ë", "Ë"},
      {"à", "À"},
      {"â", "Â"},
      {"ä", "Ä"},
      {"ç", "Ç"},
      {"ô", "Ô"},
      {"ö", "Ö"},
      {"û", "Û"},
      {"ù", "Ù"},
      {"ü", "Ü"},
      {"î", "Î"},
      {"ï", "Ï"},
      {"ÿ", "Ÿ"},
      {"œ", "Œ"},
      {"æ", "Æ"},
  }};
  if (letter.size() == 1 && letter[0] >= 'a' && letter[0] <= 'z') {
    return std::string(1, static_cast<char>(letter[0] - 'a' + 'A'));
  }
  for (const auto& [lower, upper] : kAccented) {
    if (letter == lower) return upper;
  }
  return letter;
}

float KeyboardHeight(const UiContext& ui, KeyboardKind kind) {
  float key = KeyHeight(ui);
  int rows = kind == KeyboardKind::kAzerty ? kRows : 4;
  return rows * key + (rows - 1) * key * kGapRatio;
}

void DrawKeyboard(UiContext& ui, KeyboardKind kind, KeyboardState& state, ImVec2 origin,
                  float width) {
  float key_h = KeyHeight(ui);
  float gap = key_h * kGapRatio;
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
  ImVec2 window_pos = ImGui::GetWindowPos();
  auto place = [&](float x, float y) {
    ImGui::SetCursorPos(
        ImVec2(x - window_pos.x + ImGui::GetScrollX(), y - window_pos.y + ImGui::GetScrollY()));
  };
  if (ui.registry) {
    ui.registry->AddArea("keyboard", origin,
                         ImVec2(origin.x + width, origin.y + KeyboardHeight(ui, kind)));
  }

  if (kind == KeyboardKind::kNumeric || kind == KeyboardKind::kPhone) {
    // 1 2 3 / 4 5 6 / 7 8 9 / ⌫ 0 OK (phone: + 0 ⌫), at most 3 touch targets wide per key,
    // centred.
    float key_w = std::min((width - 2 * gap) / 3, ui.touch_px * 3);
    float left = origin.x + (width - (3 * key_w + 2 * gap)) / 2;
    static const char* kLabels[4][3] = {
        {"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}, {"⌫", "0", "OK"}};
    static const char* kPhoneLast[3] = {"+", "0", "⌫"};
    for (int r = 0; r < 4; ++r) {
      for (int c = 0; c < 3; ++c) {
        place(left + c * (key_w + gap), origin.y + r * (key_h + gap));
        std::string label = kind == KeyboardKind::kPhone && r == 3 ? kPhoneLast[c] : kLabels[r][c];
        if (label == "⌫") {
          if (KioskButton(ui, "key-erase", "⌫", key_w, ButtonKind::kKey, true, key_h)) {
            ui.Emit(session::IntentKind::kBackspace);
          }
        } else if (label == "OK") {
          if (KioskButton(ui, "key-ok", "OK", key_w, ButtonKind::kPrimary, true, key_h)) {
            ui.Emit(session::IntentKind::kNext);
          }
        } else if (KioskButton(ui, "key-" + label, label, key_w, ButtonKind::kKey, true, key_h)) {
          ui.Emit(session::IntentKind::kType, label);
        }
      }
    }
    ImGui::PopStyleVar();
    return;
  }

  const auto& rows = state.symbols ? SymbolRows() : state.accents ? AccentRows() : LetterRows();
  float key_w = std::min((width - 9 * gap) / 10, ui.touch_px * 2.2f);
  float row_width = 10 * key_w + 9 * gap;
  float left = origin.x + (width - row_width) / 2;
  for (int r = 0; r < 3; ++r) {
    const auto& row = rows[r];
    float x = left;
    float y = origin.y + r * (key_h + gap);
    if (r == 2) {
      place(x, y);
      if (KioskButton(ui, "key-shift", "⇧", key_w,
                      state.shift ? ButtonKind::kSelected : ButtonKind::kKey, true, key_h)) {
        state.shift = !state.shift;
      }
      x += key_w + gap;
    }
    for (const char* letter : row) {
      std::string shown = state.shift ? UpperCaseLetter(letter) : std::string(letter);
      place(x, y);
      if (KioskButton(ui, std::string("key-") + letter, shown, key_w, ButtonKind::kKey, true,
                      key_h)) {
        ui.Emit(session::IntentKind::kType, shown);
        state.shift = false;
      }
      x += key_w + gap;
    }
    if (r == 2) {
      place(x, y);
      if (KioskButton(ui, "key-erase", "⌫", left + row_width - x, ButtonKind::kKey, true, key_h)) {
        ui.Emit(session::IntentKind::kBackspace);
      }
    }
  }
  // Bottom row: accents page, digits and symbols page, space.
  float y = origin.y + 3 * (key_h + gap);
  float toggle_w = key_w * 2 + gap;
  place(left, y);
  if (KioskButton(ui, "key-accents", state.accents ? "abc" : "é à ç", toggle_w,
                  state.accents ? ButtonKind::kSelected : ButtonKind::kKey, true, key_h)) {
    state.accents = !state.accents;
    state.symbols = false;
  }
  place(left + toggle_w + gap, y);
  if (KioskButton(ui, "key-symbols", state.symbols ? "abc" : ui.T("keyboard.symbols"), toggle_w,
                  state.symbols ? ButtonKind::kSelected : ButtonKind::kKey, true, key_h)) {
    state.symbols = !state.symbols;
    state.accents = false;
  }
  float space_x = left + 2 * (toggle_w + gap);
  place(space_x, y);
  if (KioskButton(ui, "key-space", ui.T("keyboard.space"), left + row_width - space_x,
                  ButtonKind::kKey, true, key_h)) {
    ui.Emit(session::IntentKind::kType, " ");
  }
  ImGui::PopStyleVar();
}

}  // namespace kiosk::ui
