#include "ui/screen_host.h"

#include <SDL.h>
#include <imgui.h>

#include "kiosk/texts.h"

namespace kiosk::ui {
namespace {

void AppendUtf8(std::string& out, unsigned c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// What the field being edited holds: Backspace erases in it while it is not empty, and goes
// back once it is.
std::string EditedText(const session::ScreenView& view) {
  if (view.screen != session::Screen::kStep) return view.entry;
  const auto& field = view.field;
  if (field.type == procedure::QuestionType::kAddress) {
    if (field.focused_part >= 0 && field.focused_part < static_cast<int>(field.parts.size())) {
      return field.parts[field.focused_part].value;
    }
    return "";
  }
  return field.entry;
}

}  // namespace

using session::Intent;
using session::IntentKind;

ScreenHost::ScreenHost(Display& display)
    : display_(display),
      touch_px_(display.MillimetresToPixels(15.0f)),
      mm_px_(display.MillimetresToPixels(1.0f)) {}

void ScreenHost::ReadKeys(const session::ScreenView& view, std::vector<Intent>& intents) {
  ImGuiIO& io = ImGui::GetIO();
  auto pressed = [](SDL_Scancode code) { return ImGui::IsKeyPressed(code, true); };
  bool any = false;
  auto move = [&](Direction d) {
    focused_id_ = registry_.Neighbour(focused_id_, d);
    focus_moved_ = true;
    any = true;
  };
  if (pressed(SDL_SCANCODE_UP)) move(Direction::kUp);
  if (pressed(SDL_SCANCODE_DOWN)) move(Direction::kDown);
  if (pressed(SDL_SCANCODE_LEFT)) move(Direction::kLeft);
  if (pressed(SDL_SCANCODE_RIGHT)) move(Direction::kRight);
  if (pressed(SDL_SCANCODE_RETURN) || pressed(SDL_SCANCODE_KP_ENTER)) {
    activate_next_ = focused_id_;
    any = true;
  }
  if (pressed(SDL_SCANCODE_ESCAPE)) {
    intents.push_back({view.idle_warning ? IntentKind::kMoreTime : IntentKind::kBack, ""});
  }
  if (pressed(SDL_SCANCODE_BACKSPACE)) {
    bool erase = ScreenEditsText(view) && !EditedText(view).empty();
    intents.push_back({erase ? IntentKind::kBackspace : IntentKind::kBack, ""});
  }
  // Typed characters, from a physical keyboard, go to the field being edited.
  if (io.InputQueueCharacters.Size > 0) {
    if (ScreenEditsText(view) && !view.idle_warning) {
      std::string text;
      for (ImWchar c : io.InputQueueCharacters) {
        AppendUtf8(text, c);
      }
      intents.push_back({IntentKind::kType, text});
    }
    io.InputQueueCharacters.resize(0);
  }
  if (any) intents.push_back({IntentKind::kActivity, ""});
}

std::vector<Intent> ScreenHost::Frame(const session::ScreenView& view,
                                      const std::optional<PointerOverride>& pointer) {
  const Theme& theme = view.preferences.high_contrast ? HighContrastTheme() : StandardTheme();
  if (!theme_applied_ || high_contrast_applied_ != view.preferences.high_contrast) {
    ApplyTheme(theme, touch_px_);
    theme_applied_ = true;
    high_contrast_applied_ = view.preferences.high_contrast;
  }
  display_.BeginFrame(pointer);

  std::vector<Intent> intents;
  ReadKeys(view, intents);
  if (ImGui::IsMouseClicked(0)) intents.push_back({IntentKind::kActivity, ""});

  const LoadedFonts& fonts = display_.fonts().ForPercent(view.preferences.text_percent);
  UiContext ui;
  ui.theme = &theme;
  ui.fonts = &fonts;
  ui.touch_px = touch_px_;
  ui.mm_px = mm_px_;
  ui.language = view.preferences.language;
  ui.registry = &registry_;
  ui.focused_id = focused_id_;
  ui.focus_moved = focus_moved_;
  focus_moved_ = false;
  ui.activate_id = activate_next_;
  activate_next_.clear();

  registry_.Clear();
  ImGui::PushFont(fonts.body);
  DrawScreen(view, ui, state_);
  ImGui::PopFont();
  display_.EndFrame();

  // A new screen (or question) puts the focus on its main control; otherwise the focus stays
  // where the keypad left it, if that control is still there.
  std::string context = std::string(session::ScreenName(view.screen)) + "/" + view.field.id +
                        (view.idle_warning ? "/idle" : "");
  bool still_there = false;
  for (const auto& c : registry_.controls()) {
    if (c.id == focused_id_ && c.enabled) still_there = true;
  }
  if (context != focus_context_ || !still_there) {
    focused_id_ = ui.preferred_focus;
    if (focused_id_.empty() && !registry_.controls().empty()) {
      focused_id_ = registry_.controls().front().id;
    }
    focus_context_ = context;
  }
  for (auto& intent : ui.intents) intents.push_back(std::move(intent));
  return intents;
}

session::Announcement ScreenHost::Announcement(const session::ScreenView& view) const {
  session::Announcement a;
  UiContext ui;
  ui.language = view.preferences.language;
  a.screen = std::string(session::ScreenName(view.screen)) + (view.idle_warning ? "/idle" : "");
  a.title = view.idle_warning ? ui.T("idle.title") : ScreenTitle(view, ui);
  if (view.screen == session::Screen::kStep) a.question = view.field.label;
  if (const ControlInfo* c = registry_.Find(focused_id_); c && c->id == focused_id_) {
    a.focused = c->label;
  }
  if (view.screen == session::Screen::kStep && !view.field.error.empty()) {
    a.error = view.field.error;  // the procedure's message, already in the citizen's language
  } else if (!view.field_error.empty()) {
    a.error = std::string(Text(view.preferences.language, view.field_error));
  }
  return a;
}

}  // namespace kiosk::ui
