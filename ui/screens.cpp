#include "ui/screens.h"

#include <algorithm>

#include <fmt/format.h>

#include "kiosk/texts.h"
#include "ui/qr_code.h"

namespace kiosk::ui {
namespace {

using procedure::QuestionType;
using session::FieldView;
using session::IntentKind;
using session::Screen;
using session::ScreenView;

constexpr ImGuiWindowFlags kFullScreen =
    ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
    ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse;

ImFont* TitleFont(const UiContext& ui) { return ui.fonts->title; }

// Layout of a standard screen, in window coordinates.
struct Layout {
  float pad = 0;
  float width = 0;   // content width
  float top = 0;     // first y below the top bar
  float bottom = 0;  // last y above the navigation bar
};

Layout BeginLayout(UiContext& ui, const std::string& title, bool quit_button,
                   const ScreenView& view) {
  Layout layout;
  ImVec2 size = ImGui::GetWindowSize();
  layout.pad = ImGui::GetStyle().WindowPadding.x;
  layout.width = size.x - 2 * layout.pad;
  float bar = ui.ControlHeight();

  // Top bar: the title on the left, "stop" on the right.
  float quit_width = 0;
  if (quit_button) {
    std::string label = ui.T("common.quit");
    quit_width = std::max(ui.touch_px * 2.5f, ImGui::CalcTextSize(label.c_str()).x +
                                                  ImGui::GetStyle().FramePadding.x * 2);
    ImGui::SetCursorPos(ImVec2(size.x - layout.pad - quit_width, layout.pad));
    if (KioskButton(ui, "quit", label, quit_width, ButtonKind::kSecondary)) {
      ui.Emit(IntentKind::kAbandon);
    }
  }
  ImGui::SetCursorPos(ImVec2(layout.pad, layout.pad));
  ImGui::PushTextWrapPos(size.x - layout.pad - quit_width - layout.pad);
  ImGui::PushFont(TitleFont(ui));
  ImGui::PushStyleColor(ImGuiCol_Text, ui.theme->text);
  ImGui::TextUnformatted(title.c_str());
  ImGui::PopStyleColor();
  ImGui::PopFont();
  ImGui::PopTextWrapPos();
  if (ui.registry) ui.registry->AddText(title);
  float title_bottom = ImGui::GetCursorPosY();
  layout.top = std::max(title_bottom, layout.pad + bar) + layout.pad * 0.5f;

  if (!view.assisted_by.empty()) {
    ImGui::SetCursorPos(ImVec2(layout.pad, layout.top));
    std::string banner = fmt::format(fmt::runtime(ui.T("common.assisted")), view.assisted_by);
    KioskText(ui, banner, nullptr, &ui.theme->accent);
    layout.top = ImGui::GetCursorPosY();
  }
  // Separator line under the bar.
  ImVec2 wp = ImGui::GetWindowPos();
  ImGui::GetWindowDrawList()->AddLine(ImVec2(wp.x, wp.y + layout.top - layout.pad * 0.25f),
                                      ImVec2(wp.x + size.x, wp.y + layout.top - layout.pad * 0.25f),
                                      ImGui::GetColorU32(ui.theme->muted_text), 2.0f);
  layout.bottom = size.y - layout.pad;
  ImGui::SetCursorPos(ImVec2(layout.pad, layout.top));
  return layout;
}

// Back on the left, the main action on the right, at the bottom of the screen. Returns the
// y where the bar starts.
float NavBar(UiContext& ui, Layout& layout, const char* back_id, const std::string& back_label,
             const char* next_id, const std::string& next_label, IntentKind next_intent,
             bool next_enabled = true) {
  float h = ui.ControlHeight() * 1.2f;
  float y = layout.bottom - h;
  float w = (layout.width - layout.pad) / 2;
  if (back_id) {
    ImGui::SetCursorPos(ImVec2(layout.pad, y));
    if (KioskButton(ui, back_id, back_label, w, ButtonKind::kSecondary, true, h)) {
      ui.Emit(IntentKind::kBack);
    }
  }
  if (next_id) {
    ImGui::SetCursorPos(ImVec2(layout.pad + w + layout.pad, y));
    if (KioskButton(ui, next_id, next_label, w, ButtonKind::kPrimary, next_enabled, h)) {
      ui.Emit(next_intent);
    }
  }
  layout.bottom = y - layout.pad * 0.5f;
  return y;
}

// The field being edited and, below it, the keyboard, laid out so the keyboard never covers
// the field: the keyboard is anchored to the bottom and the field sits above it.
void FieldWithKeyboard(UiContext& ui, ScreenState& state, Layout& layout, const std::string& label,
                       const std::string& help, const std::string& value, const std::string& error,
                       KeyboardKind kind, bool caret) {
  float kb_h = KeyboardHeight(ui, kind);
  float kb_top = layout.bottom - kb_h;
  ImVec2 wp = ImGui::GetWindowPos();

  // Content above the keyboard scrolls if it does not fit (200 % text in landscape).
  ImGui::SetCursorPos(ImVec2(layout.pad, layout.top));
  float area_h = std::max(ui.ControlHeight() * 2, kb_top - layout.pad * 0.5f - layout.top);
  ImGui::BeginChild("above-keyboard", ImVec2(layout.width, area_h), false,
                    ImGuiWindowFlags_NoScrollbar);
  KioskText(ui, label, TitleFont(ui));
  if (!help.empty()) KioskText(ui, help, nullptr, &ui.theme->muted_text);
  Gap(ui, 2);
  KioskField(ui, value, error, caret);
  // Keep the field in view when the text above it is tall.
  if (ImGui::GetCursorPosY() > area_h) ImGui::SetScrollY(ImGui::GetCursorPosY() - area_h);
  ImGui::EndChild();

  DrawKeyboard(ui, kind, state.keyboard, ImVec2(wp.x + layout.pad, wp.y + kb_top), layout.width);
  layout.bottom = kb_top;
}

void DrawWelcome(const ScreenView& view, UiContext& ui) {
  ImVec2 size = ImGui::GetWindowSize();
  float pad = ImGui::GetStyle().WindowPadding.x;
  float width = size.x - 2 * pad;

  // The staff corner: an invisible target in the top right, held for a few seconds.
  ImGui::SetCursorPos(ImVec2(size.x - ui.touch_px * 1.5f, 0));
  ImGui::InvisibleButton("staff-corner", ImVec2(ui.touch_px * 1.5f, ui.touch_px * 1.5f));
  if (ImGui::IsItemActive()) ui.Emit(IntentKind::kStaffCornerHeld);
  if (ImGui::IsItemDeactivated()) ui.Emit(IntentKind::kStaffCornerReleased);
  if (ui.registry) {
    ui.registry->AddControl(
        {"staff-corner", "", ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), false});
  }

  ImGui::SetCursorPos(ImVec2(pad, size.y * 0.08f));
  KioskText(ui, ui.T("welcome.title"), TitleFont(ui), nullptr, true);
  KioskText(ui, view.commune, TitleFont(ui), &ui.theme->accent, true);
  KioskText(ui, view.site, nullptr, &ui.theme->muted_text, true);
  Gap(ui, 6);
  KioskText(ui, ui.T("welcome.subtitle"), nullptr, nullptr, true);
  Gap(ui, 6);

  ImGui::SetCursorPosX(pad + width * 0.1f);
  ImGui::PushFont(TitleFont(ui));
  if (KioskButton(ui, "start", ui.T("welcome.start"), width * 0.8f, ButtonKind::kPrimary, true,
                  std::max(ui.touch_px * 2, ImGui::GetFontSize() * 2.2f))) {
    ui.Emit(IntentKind::kStart);
  }
  ImGui::PopFont();
  ui.preferred_focus = "start";
  Gap(ui, 3);
  KioskText(ui, ui.T("welcome.card_hint"), nullptr, &ui.theme->muted_text, true);
  Gap(ui, 6);

  KioskText(ui, ui.T("welcome.choose_language"), nullptr, &ui.theme->muted_text, true);
  float spacing = ImGui::GetStyle().ItemSpacing.x;
  float button_width = std::min((width - spacing) / 2, ui.touch_px * 7);
  int column = 0;
  for (const auto& code : view.languages) {
    if (column == 0) {
      ImGui::SetCursorPosX(pad + (width - 2 * button_width - spacing) * 0.5f);
    } else {
      ImGui::SameLine();
    }
    bool current = code == view.preferences.language;
    if (KioskButton(ui, "lang-" + code, std::string(LanguageName(code)), button_width,
                    current ? ButtonKind::kSelected : ButtonKind::kSecondary)) {
      ui.Emit(IntentKind::kLanguage, code);
    }
    column = (column + 1) % 2;
  }
  Gap(ui, 6);

  // Accessibility: text size, contrast, audio guidance.
  KioskText(ui, ui.T("welcome.accessibility"), nullptr, &ui.theme->muted_text, true);
  const char* sizes[] = {"100", "150", "200"};
  float small_w = (width - 4 * spacing) / 5;
  small_w = std::min(small_w, ui.touch_px * 4);
  ImGui::SetCursorPosX(pad + (width - 5 * small_w - 4 * spacing) * 0.5f);
  for (int i = 0; i < 3; ++i) {
    if (i > 0) ImGui::SameLine();
    bool current = view.preferences.text_percent == std::stoi(sizes[i]);
    if (KioskButton(ui, std::string("text-") + sizes[i], std::string("A ") + sizes[i] + " %",
                    small_w, current ? ButtonKind::kSelected : ButtonKind::kSecondary)) {
      ui.Emit(IntentKind::kTextSize, sizes[i]);
    }
  }
  ImGui::SameLine();
  if (KioskButton(
          ui, "contrast", ui.T("welcome.contrast"), small_w,
          view.preferences.high_contrast ? ButtonKind::kSelected : ButtonKind::kSecondary)) {
    ui.Emit(IntentKind::kContrast);
  }
  ImGui::SameLine();
  if (KioskButton(ui, "audio", ui.T("welcome.audio"), small_w,
                  view.preferences.audio ? ButtonKind::kSelected : ButtonKind::kSecondary)) {
    ui.Emit(IntentKind::kAudio);
  }

  float privacy_y = size.y - pad - ImGui::GetFontSize() * 3;
  if (ImGui::GetCursorPosY() + pad < privacy_y) ImGui::SetCursorPosY(privacy_y);
  ImGui::SetCursorPosX(pad);
  KioskText(ui, ui.T("welcome.privacy"), nullptr, &ui.theme->muted_text, true);
}

// A drawing of the identity card: the chip, and the CAN's place bottom right when asked.
void DrawCard(UiContext& ui, bool highlight_can) {
  float w = std::min(ImGui::GetContentRegionAvail().x * 0.6f, ui.mm_px * 86);
  float h = w * 0.63f;
  float avail = ImGui::GetContentRegionAvail().x;
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail - w) / 2);
  ImVec2 o = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(o, ImVec2(o.x + w, o.y + h), ImGui::GetColorU32(ui.theme->surface), 14);
  draw->AddRect(o, ImVec2(o.x + w, o.y + h), ImGui::GetColorU32(ui.theme->text), 14, 0, 3);
  draw->AddRectFilled(ImVec2(o.x + w * 0.08f, o.y + h * 0.35f),
                      ImVec2(o.x + w * 0.22f, o.y + h * 0.55f),
                      ImGui::GetColorU32(ui.theme->muted_text), 4);
  for (int i = 0; i < 3; ++i) {
    float y = o.y + h * (0.3f + 0.12f * i);
    draw->AddLine(ImVec2(o.x + w * 0.32f, y), ImVec2(o.x + w * 0.8f, y),
                  ImGui::GetColorU32(ui.theme->muted_text), 3);
  }
  if (highlight_can) {
    ImVec2 a(o.x + w * 0.62f, o.y + h * 0.78f);
    ImVec2 b(o.x + w * 0.95f, o.y + h * 0.94f);
    draw->AddRectFilled(a, b, ImGui::GetColorU32(ui.theme->accent), 4);
    draw->AddText(ImVec2(a.x + 6, a.y + (b.y - a.y - ImGui::GetFontSize()) / 2),
                  ImGui::GetColorU32(ui.theme->accent_text), "123456");
  }
  ImGui::Dummy(ImVec2(w, h));
}

void DrawIdentify(const ScreenView& view, UiContext& ui) {
  Layout layout = BeginLayout(ui, ui.T("identify.title"), true, view);
  NavBar(ui, layout, "back", ui.T("common.back"), nullptr, "", IntentKind::kNone);
  ImGui::SetCursorPos(ImVec2(layout.pad, layout.top));
  KioskText(ui, ui.T("identify.place_card"));
  Gap(ui, 4);
  DrawCard(ui, false);
  Gap(ui, 4);
  KioskText(ui, ui.T("identify.why"), nullptr, &ui.theme->muted_text);
  Gap(ui, 8);
  KioskText(ui, ui.T("identify.no_card_hint"), nullptr, &ui.theme->muted_text);
  ImGui::SetCursorPosX(layout.pad);
  if (KioskButton(ui, "without-card", ui.T("identify.without_card"), layout.width,
                  ButtonKind::kSecondary)) {
    ui.Emit(IntentKind::kWithoutCard);
  }
  ui.preferred_focus = "without-card";
}

void DrawCanEntry(const ScreenView& view, UiContext& ui, ScreenState& state) {
  Layout layout = BeginLayout(ui, ui.T("can.title"), true, view);
  NavBar(ui, layout, "back", ui.T("common.back"), "next", ui.T("common.next"), IntentKind::kNext,
         view.entry.size() == 6);
  std::string error = view.field_error.empty() ? "" : ui.T(view.field_error);
  float kb_h = KeyboardHeight(ui, KeyboardKind::kNumeric);
  // Above the keypad: explanation, the card drawing when there is room, the field.
  ImGui::SetCursorPos(ImVec2(layout.pad, layout.top));
  float room = layout.bottom - kb_h - layout.top;
  ImGui::BeginChild("can-top", ImVec2(layout.width, room - layout.pad * 0.5f), false,
                    ImGuiWindowFlags_NoScrollbar);
  KioskText(ui, ui.T("can.explain"));
  if (room > ui.mm_px * 110) DrawCard(ui, true);
  Gap(ui, 2);
  KioskField(ui, view.entry, error, true);
  if (ImGui::GetCursorPosY() > ImGui::GetWindowHeight()) {
    ImGui::SetScrollY(ImGui::GetCursorPosY() - ImGui::GetWindowHeight());
  }
  ImGui::EndChild();
  ImVec2 wp = ImGui::GetWindowPos();
  DrawKeyboard(ui, KeyboardKind::kNumeric, state.keyboard,
               ImVec2(wp.x + layout.pad, wp.y + layout.bottom - kb_h), layout.width);
  ui.preferred_focus = "key-1";
}

void DrawCatalog(const ScreenView& view, UiContext& ui) {
  Layout layout = BeginLayout(ui, ui.T("catalog.title"), true, view);
  NavBar(ui, layout, "back", ui.T("common.back"), nullptr, "", IntentKind::kNone);
  ImGui::SetCursorPos(ImVec2(layout.pad, layout.top));
  ImGui::BeginChild("catalog", ImVec2(layout.width, layout.bottom - layout.top), false);
  DragToScroll(ui);
  if (!view.field_error.empty()) KioskText(ui, ui.T(view.field_error), nullptr, &ui.theme->error);
  for (const auto& procedure : view.procedures) {
    if (KioskButton(ui, "proc-" + procedure.id, procedure.title, ImGui::GetContentRegionAvail().x,
                    ButtonKind::kPrimary, true, ui.ControlHeight() * 1.3f)) {
      ui.Emit(IntentKind::kChooseProcedure, procedure.id);
    }
    KioskText(ui, procedure.description, nullptr, &ui.theme->muted_text);
    Gap(ui, 3);
    if (ui.preferred_focus.empty()) ui.preferred_focus = "proc-" + procedure.id;
  }
  ImGui::EndChild();
}

// The answer buttons of a choice, yes/no or consent question, in a scrolling list.
void DrawChoices(const ScreenView& view, UiContext& ui, const Layout& layout,
                 const std::string& help) {
  const FieldView& field = view.field;
  ImGui::SetCursorPos(ImVec2(layout.pad, layout.top));
  ImGui::BeginChild("choices", ImVec2(layout.width, layout.bottom - layout.top), false);
  DragToScroll(ui);
  KioskText(ui, field.label, TitleFont(ui));
  if (!help.empty()) KioskText(ui, help, nullptr, &ui.theme->muted_text);
  if (field.type == QuestionType::kMultipleChoice) {
    KioskText(ui, ui.T("step.several"), nullptr, &ui.theme->muted_text);
  }
  if (!field.error.empty()) KioskText(ui, field.error, nullptr, &ui.theme->error);
  Gap(ui, 2);

  struct Option {
    std::string value;
    std::string label;
    bool selected;
  };
  std::vector<Option> options;
  switch (field.type) {
    case QuestionType::kYesNo:
      options.push_back({"true", ui.T("step.yes"), field.entry == "true"});
      options.push_back({"false", ui.T("step.no"), field.entry == "false"});
      break;
    case QuestionType::kConsent:
      options.push_back({"true", ui.T("step.consent"), field.entry == "true"});
      break;
    default:
      for (const auto& choice : field.choices) {
        options.push_back({choice.value, choice.label, choice.selected});
      }
      break;
  }
  for (const auto& option : options) {
    // A tick and the selected colour: colour is not the only sign of a choice.
    std::string label = option.selected ? "✓ " + option.label : option.label;
    if (KioskButton(ui, "option-" + option.value, label, ImGui::GetContentRegionAvail().x,
                    option.selected ? ButtonKind::kSelected : ButtonKind::kSecondary, true,
                    ui.ControlHeight() * 1.2f)) {
      ui.Emit(IntentKind::kChoose, option.value);
    }
    if (option.selected && ui.preferred_focus.empty()) {
      ui.preferred_focus = "option-" + option.value;
    }
  }
  if (ui.preferred_focus.empty() && !options.empty()) {
    ui.preferred_focus = "option-" + options.front().value;
  }
  ImGui::EndChild();
}

// An address: its parts above the keyboard, the focused one edited.
void DrawAddress(const ScreenView& view, UiContext& ui, ScreenState& state, Layout& layout,
                 const std::string& help) {
  const FieldView& field = view.field;
  bool postcode = field.focused_part >= 0 &&
                  field.focused_part < static_cast<int>(field.parts.size()) &&
                  field.parts[field.focused_part].key == "postcode";
  KeyboardKind kind = postcode ? KeyboardKind::kNumeric : KeyboardKind::kAzerty;
  float kb_h = KeyboardHeight(ui, kind);
  float kb_top = layout.bottom - kb_h;
  ImVec2 wp = ImGui::GetWindowPos();

  ImGui::SetCursorPos(ImVec2(layout.pad, layout.top));
  float area_h = std::max(ui.ControlHeight() * 2, kb_top - layout.pad * 0.5f - layout.top);
  ImGui::BeginChild("address", ImVec2(layout.width, area_h), false, ImGuiWindowFlags_NoScrollbar);
  KioskText(ui, field.label, TitleFont(ui));
  if (!help.empty()) KioskText(ui, help, nullptr, &ui.theme->muted_text);
  if (!field.error.empty()) KioskText(ui, field.error, nullptr, &ui.theme->error);
  float focused_bottom = 0;
  for (size_t i = 0; i < field.parts.size(); ++i) {
    const auto& part = field.parts[i];
    bool focused = static_cast<int>(i) == field.focused_part;
    if (KioskPartField(ui, "part-" + part.key, ui.T("address." + part.key), part.value, focused)) {
      ui.Emit(IntentKind::kFocusPart, std::to_string(i));
    }
    if (focused) focused_bottom = ImGui::GetCursorPosY();
  }
  // Keep the part being edited in view when the parts do not all fit (200 % text).
  if (focused_bottom > area_h) ImGui::SetScrollY(focused_bottom - area_h);
  ImGui::EndChild();

  DrawKeyboard(ui, kind, state.keyboard, ImVec2(wp.x + layout.pad, wp.y + kb_top), layout.width);
  layout.bottom = kb_top;
}

void DrawStep(const ScreenView& view, UiContext& ui, ScreenState& state) {
  const FieldView& field = view.field;
  Layout layout = BeginLayout(ui, view.procedure_title, true, view);
  bool last = view.step_number == view.step_count && view.question_number == view.question_count;
  NavBar(ui, layout, "back", ui.T("common.back"), "next",
         last ? ui.T("step.to_review") : ui.T("common.next"), IntentKind::kNext);

  // Progress: "Step 2 of 5 — Your civil status", "Question 1 of 3" and a bar.
  ImGui::SetCursorPos(ImVec2(layout.pad, layout.top));
  KioskText(ui,
            fmt::format(fmt::runtime(ui.T("step.position")), view.step_number, view.step_count,
                        view.step_title),
            nullptr, &ui.theme->muted_text);
  if (view.question_count > 1) {
    KioskText(
        ui,
        fmt::format(fmt::runtime(ui.T("step.progress")), view.question_number, view.question_count),
        nullptr, &ui.theme->muted_text);
  }
  if (!view.step_help.empty()) KioskText(ui, view.step_help, nullptr, &ui.theme->accent);
  float done = static_cast<float>(std::max(0, view.step_number - 1)) +
               static_cast<float>(view.question_number) / std::max(1, view.question_count);
  ImGui::PushStyleColor(ImGuiCol_FrameBg, ui.theme->surface);
  ImGui::ProgressBar(done / std::max(1, view.step_count), ImVec2(layout.width, ui.mm_px * 3), "");
  ImGui::PopStyleColor();
  layout.top = ImGui::GetCursorPosY() + layout.pad * 0.5f;

  std::string help = field.help;
  if (field.prefilled) help = ui.T("step.prefilled") + (help.empty() ? "" : " " + help);
  switch (field.type) {
    case QuestionType::kSingleChoice:
    case QuestionType::kMultipleChoice:
    case QuestionType::kYesNo:
    case QuestionType::kConsent:
      DrawChoices(view, ui, layout, help);
      if (ui.preferred_focus.empty()) ui.preferred_focus = "next";
      return;
    case QuestionType::kAddress:
      DrawAddress(view, ui, state, layout, help);
      ui.preferred_focus = "next";
      return;
    default:
      break;
  }
  KeyboardKind kind = KeyboardKind::kAzerty;
  if (field.type == QuestionType::kDate || field.type == QuestionType::kInteger) {
    kind = KeyboardKind::kNumeric;
  } else if (field.type == QuestionType::kPhone) {
    kind = KeyboardKind::kPhone;
  }
  if (field.type == QuestionType::kDate)
    help += (help.empty() ? "" : " ") + ui.T("step.date_format");
  FieldWithKeyboard(ui, state, layout, field.label, help, field.entry, field.error, kind, true);
  ui.preferred_focus = "next";
}

void DrawReview(const ScreenView& view, UiContext& ui) {
  Layout layout = BeginLayout(ui, ui.T("review.title"), true, view);
  NavBar(ui, layout, "back", ui.T("common.back"), "confirm", ui.T("review.confirm"),
         IntentKind::kConfirm);
  ui.preferred_focus = "confirm";
  ImGui::SetCursorPos(ImVec2(layout.pad, layout.top));
  ImGui::BeginChild("review", ImVec2(layout.width, layout.bottom - layout.top), false);
  DragToScroll(ui);
  KioskText(ui, view.procedure_title, TitleFont(ui), &ui.theme->accent);
  KioskText(ui, ui.T("review.explain"), nullptr, &ui.theme->muted_text);
  Gap(ui, 2);
  float avail = ImGui::GetContentRegionAvail().x;
  std::string edit = ui.T("review.edit");
  float edit_w = std::max(ui.touch_px * 2.5f, ImGui::CalcTextSize(edit.c_str()).x +
                                                  ImGui::GetStyle().FramePadding.x * 2);
  std::string step_title;
  for (const auto& item : view.review) {
    if (item.step_title != step_title) {
      step_title = item.step_title;
      KioskText(ui, step_title, TitleFont(ui));
    }
    float y = ImGui::GetCursorPosY();
    ImGui::PushTextWrapPos(avail - edit_w - ImGui::GetStyle().ItemSpacing.x);
    KioskText(ui, item.label, nullptr, &ui.theme->muted_text);
    KioskText(ui, item.value.empty() ? "—" : item.value);
    ImGui::PopTextWrapPos();
    float after = ImGui::GetCursorPosY();
    ImGui::SetCursorPos(ImVec2(avail - edit_w, y));
    if (KioskButton(ui, "edit-" + item.question_id, edit, edit_w, ButtonKind::kSecondary)) {
      ui.Emit(IntentKind::kEditAnswer, item.question_id);
    }
    ImGui::SetCursorPosY(std::max(after, ImGui::GetCursorPosY()));
    ImGui::Separator();
  }
  ImGui::EndChild();
}

void DrawWorking(const ScreenView& view, UiContext& ui) {
  Layout layout = BeginLayout(ui, ScreenTitle(view, ui), false, view);
  ImGui::SetCursorPos(ImVec2(layout.pad, layout.top + ui.mm_px * 20));
  // Confirming has three steps the citizen can follow: saving, sending, printing.
  int step = 1;
  int steps = 1;
  switch (view.work) {
    case session::WorkKind::kReadingCard:
      break;
    case session::WorkKind::kStoring:
      steps = 3;
      break;
    case session::WorkKind::kSending:
      step = 2;
      steps = 3;
      break;
    case session::WorkKind::kPrinting:
      step = 3;
      steps = 3;
      break;
  }
  bool reading = view.work == session::WorkKind::kReadingCard;
  std::string detail = reading ? ui.T("working.reading_detail")
                               : fmt::format(fmt::runtime(ui.T("working.step")), step, steps);
  KioskText(ui, detail, nullptr, nullptr, true);
  Gap(ui, 4);
  ImGui::SetCursorPosX(layout.pad);
  ImGui::PushStyleColor(ImGuiCol_FrameBg, ui.theme->surface);
  float fraction = reading ? 0.5f : (static_cast<float>(step) - 0.5f) / static_cast<float>(steps);
  ImGui::ProgressBar(fraction, ImVec2(layout.width, ui.touch_px * 0.5f), "");
  ImGui::PopStyleColor();
  Gap(ui, 4);
  KioskText(ui, reading ? ui.T("working.keep_card") : ui.T("working.wait"), nullptr,
            &ui.theme->muted_text, true);
}

void DrawDone(const ScreenView& view, UiContext& ui) {
  Layout layout = BeginLayout(ui, ui.T("done.title"), false, view);
  NavBar(ui, layout, nullptr, "", "finish", ui.T("done.finish"), IntentKind::kFinish);
  ui.preferred_focus = "finish";
  ImGui::SetCursorPos(ImVec2(layout.pad, layout.top));
  ImGui::BeginChild("done", ImVec2(layout.width, layout.bottom - layout.top), false);
  DragToScroll(ui);
  KioskText(ui, ui.T("done.reference"), nullptr, &ui.theme->muted_text, true);
  KioskText(ui, view.reference, TitleFont(ui), &ui.theme->accent, true);
  Gap(ui, 2);
  if (!view.central_reference.empty()) {
    KioskText(ui, fmt::format(fmt::runtime(ui.T("done.sent")), view.central_reference), nullptr,
              nullptr, true);
  } else {
    KioskText(ui, ui.T("done.waiting"), nullptr, nullptr, true);
  }
  Gap(ui, 3);
  if (view.printing) {
    KioskText(ui, ui.T("done.printing"), nullptr, &ui.theme->muted_text, true);
  } else if (view.receipt_printed) {
    KioskText(ui, ui.T("done.printed"), nullptr, nullptr, true);
  } else {
    // The printer failed: say why, keep the reference and the QR code on screen, offer to
    // try again.
    std::string problem = "print." + view.print_problem;
    std::string reason = ui.T(problem);
    if (reason == problem) reason = ui.T("print.problem");
    KioskText(ui, reason, nullptr, &ui.theme->error, true);
    KioskText(ui, ui.T("done.not_printed"), nullptr, &ui.theme->error, true);
    float w = std::min(ImGui::GetContentRegionAvail().x, ui.touch_px * 8);
    ImGui::SetCursorPosX((ImGui::GetContentRegionAvail().x - w) / 2);
    if (KioskButton(ui, "print-again", ui.T("done.print_again"), w, ButtonKind::kSecondary)) {
      ui.Emit(IntentKind::kPrintAgain);
    }
  }
  Gap(ui, 3);
  if (!view.qr_text.empty()) {
    auto qr = EncodeQr(view.qr_text);
    if (qr.ok()) {
      float side = std::min({ui.mm_px * 45, ImGui::GetContentRegionAvail().x * 0.6f,
                             ImGui::GetContentRegionAvail().y * 0.5f});
      side = std::max(side, ui.mm_px * 25);
      ImGui::SetCursorPosX((ImGui::GetContentRegionAvail().x - side) / 2);
      DrawQr(*qr, side);
      KioskText(ui, ui.T("done.qr"), nullptr, &ui.theme->muted_text, true);
    }
  }
  Gap(ui, 3);
  if (view.card_present) KioskText(ui, ui.T("done.take_card"), TitleFont(ui), nullptr, true);
  ImGui::EndChild();
}

void DrawError(const ScreenView& view, UiContext& ui) {
  Layout layout = BeginLayout(ui, ui.T(view.error_title_key), true, view);
  ImGui::SetCursorPos(ImVec2(layout.pad, layout.top + ui.mm_px * 10));
  KioskText(ui, ui.T(view.error_next_key));
  Gap(ui, 8);
  float w = layout.width;
  if (view.error_allows_without_card) {
    ImGui::SetCursorPosX(layout.pad);
    if (KioskButton(ui, "retry", ui.T("error.retry"), w)) ui.Emit(IntentKind::kRetry);
    ui.preferred_focus = "retry";
    ImGui::SetCursorPosX(layout.pad);
    if (KioskButton(ui, "without-card", ui.T("identify.without_card"), w, ButtonKind::kSecondary)) {
      ui.Emit(IntentKind::kWithoutCard);
    }
  }
  ImGui::SetCursorPosX(layout.pad);
  if (KioskButton(ui, "finish", ui.T("error.finish"), w, ButtonKind::kSecondary)) {
    ui.Emit(IntentKind::kFinish);
  }
  if (ui.preferred_focus.empty()) ui.preferred_focus = "finish";
}

void DrawStaffCorner(UiContext& ui) {
  ImVec2 size = ImGui::GetWindowSize();
  ImGui::SetCursorPos(ImVec2(size.x - ui.touch_px * 1.5f, 0));
  ImGui::InvisibleButton("staff-corner", ImVec2(ui.touch_px * 1.5f, ui.touch_px * 1.5f));
  if (ImGui::IsItemActive()) ui.Emit(IntentKind::kStaffCornerHeld);
  if (ImGui::IsItemDeactivated()) ui.Emit(IntentKind::kStaffCornerReleased);
  if (ui.registry) {
    ui.registry->AddControl(
        {"staff-corner", "", ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), false});
  }
}

void DrawOutOfService(UiContext& ui) {
  ImVec2 size = ImGui::GetWindowSize();
  float pad = ImGui::GetStyle().WindowPadding.x;
  DrawStaffCorner(ui);
  ImGui::SetCursorPos(ImVec2(pad, size.y * 0.35f));
  KioskText(ui, ui.T("oos.title"), TitleFont(ui), nullptr, true);
  Gap(ui, 6);
  KioskText(ui, ui.T("oos.text"), nullptr, &ui.theme->muted_text, true);
}

void DrawStaffPin(const ScreenView& view, UiContext& ui, ScreenState& state) {
  Layout layout = BeginLayout(ui, ui.T("staff.pin_title"), false, view);
  NavBar(ui, layout, "back", ui.T("common.cancel"), nullptr, "", IntentKind::kNone);
  std::string error;
  if (view.pin_locked) {
    error = fmt::format(fmt::runtime(ui.T("staff.locked_for")), view.pin_lock_seconds);
  } else if (view.checking_pin) {
    error = ui.T("staff.checking");
  } else if (!view.field_error.empty()) {
    error = ui.T(view.field_error);
  }
  FieldWithKeyboard(ui, state, layout, ui.T("staff.pin_label"), "", view.entry, error,
                    KeyboardKind::kNumeric, !view.checking_pin);
  ui.preferred_focus = "key-1";
}

void DrawStaff(const ScreenView& view, UiContext& ui) {
  Layout layout = BeginLayout(ui, ui.T("staff.title"), false, view);
  NavBar(ui, layout, nullptr, "", "staff-leave", ui.T("staff.leave"), IntentKind::kStaffLeave);
  ImGui::SetCursorPos(ImVec2(layout.pad, layout.top));
  ImGui::BeginChild("staff", ImVec2(layout.width, layout.bottom - layout.top), false);
  DragToScroll(ui);
  KioskText(ui, ui.T("staff.devices"), TitleFont(ui));
  for (const auto& device : view.devices) {
    std::string line =
        fmt::format("{} : {} — {}", ui.T("device." + device.name),
                    device.ok ? ui.T("staff.ok") : ui.T("staff.problem"), device.detail);
    KioskText(ui, line, nullptr, device.ok ? nullptr : &ui.theme->error);
  }
  Gap(ui, 4);
  if (!view.message_key.empty()) KioskText(ui, ui.T(view.message_key), nullptr, &ui.theme->accent);
  float w = ImGui::GetContentRegionAvail().x;
  if (KioskButton(ui, "staff-assisted", ui.T("staff.assisted"), w)) {
    ui.Emit(IntentKind::kStaffAssisted);
  }
  if (KioskButton(ui, "staff-reprint", ui.T("staff.reprint"), w, ButtonKind::kSecondary,
                  view.reprint_available)) {
    ui.Emit(IntentKind::kStaffReprint);
  }
  if (KioskButton(ui, "staff-sync-now", ui.T("staff.sync_now"), w, ButtonKind::kSecondary)) {
    ui.Emit(IntentKind::kStaffSyncNow);
  }
  if (view.self_test_available &&
      KioskButton(ui, "staff-selftest", ui.T("staff.selftest"), w, ButtonKind::kSecondary)) {
    ui.Emit(IntentKind::kStaffSelfTest);
  }
  if (view.out_of_service) {
    if (KioskButton(ui, "staff-in-service", ui.T("staff.in_service"), w, ButtonKind::kSecondary)) {
      ui.Emit(IntentKind::kStaffInService);
    }
  } else if (KioskButton(ui, "staff-out-of-service", ui.T("staff.out_of_service"), w,
                         ButtonKind::kDanger)) {
    ui.Emit(IntentKind::kStaffOutOfService);
  }
  ImGui::EndChild();
  ui.preferred_focus = "staff-assisted";
}

void DrawStaffAssist(const ScreenView& view, UiContext& ui, ScreenState& state) {
  Layout layout = BeginLayout(ui, ui.T("staff.assisted"), false, view);
  NavBar(ui, layout, "back", ui.T("common.back"), "next", ui.T("common.next"), IntentKind::kNext);
  FieldWithKeyboard(ui, state, layout, ui.T("staff.agent_label"), "", view.entry,
                    view.field_error.empty() ? "" : ui.T(view.field_error), KeyboardKind::kAzerty,
                    true);
  ui.preferred_focus = "next";
}

void DrawStaffSelfTest(const ScreenView& view, UiContext& ui) {
  Layout layout = BeginLayout(ui, ui.T("staff.selftest"), false, view);
  NavBar(ui, layout, "back", ui.T("common.back"), "selftest-again", ui.T("selftest.again"),
         IntentKind::kRetry, !view.self_test_running);
  ImGui::SetCursorPos(ImVec2(layout.pad, layout.top));
  ImGui::BeginChild("selftest", ImVec2(layout.width, layout.bottom - layout.top), false);
  DragToScroll(ui);
  if (view.self_test_running) {
    KioskText(ui, ui.T("selftest.running"), TitleFont(ui));
  } else {
    bool all_ok = std::all_of(view.checks.begin(), view.checks.end(),
                              [](const session::CheckLine& c) { return c.ok; });
    KioskText(ui, all_ok ? ui.T("selftest.passed") : ui.T("selftest.failed"), TitleFont(ui),
              all_ok ? &ui.theme->accent : &ui.theme->error);
  }
  Gap(ui, 2);
  for (const auto& check : view.checks) {
    KioskText(ui,
              fmt::format("{} — {} : {}", check.ok ? "✓" : "✗", check.name,
                          check.ok ? ui.T("selftest.pass") : ui.T("selftest.fail")),
              nullptr, check.ok ? nullptr : &ui.theme->error);
    if (!check.detail.empty()) KioskText(ui, check.detail, nullptr, &ui.theme->muted_text);
    if (!check.ok && !check.hint.empty()) KioskText(ui, "→ " + check.hint);
    Gap(ui, 1.5f);
  }
  ImGui::EndChild();
  ui.preferred_focus = view.self_test_running ? "back" : "selftest-again";
}

void DrawIdleWarning(const ScreenView& view, UiContext& ui) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  // A dimmed layer over the screen, then the warning panel on top of it.
  ImGui::SetNextWindowPos(viewport->Pos);
  ImGui::SetNextWindowSize(viewport->Size);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0, 0, 0, 0.6f));
  // Not kFullScreen: its NoBringToFrontOnFocus would keep the dim layer behind the screen.
  ImGui::Begin("idle-dim", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::End();
  ImGui::PopStyleColor();

  float w = std::min(viewport->Size.x * 0.85f, ui.mm_px * 170);
  ImGui::SetNextWindowPos(ImVec2(viewport->Pos.x + (viewport->Size.x - w) / 2,
                                 viewport->Pos.y + viewport->Size.y * 0.25f));
  ImGui::SetNextWindowSize(ImVec2(w, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 4.0f);
  ImGui::PushStyleColor(ImGuiCol_Border, ui.theme->accent);
  ImGui::Begin("idle-warning", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize);
  KioskText(ui, ui.T("idle.title"), TitleFont(ui));
  KioskText(ui, fmt::format(fmt::runtime(ui.T("idle.text")), view.idle_seconds_left));
  Gap(ui, 3);
  float bw = ImGui::GetContentRegionAvail().x;
  if (KioskButton(ui, "more-time", ui.T("idle.more_time"), bw)) ui.Emit(IntentKind::kMoreTime);
  if (KioskButton(ui, "end-now", ui.T("idle.end"), bw, ButtonKind::kSecondary)) {
    ui.Emit(IntentKind::kAbandon);
  }
  ImGui::End();
  ImGui::PopStyleColor();
  ImGui::PopStyleVar();
}

}  // namespace

std::string ScreenTitle(const ScreenView& view, const UiContext& ui) {
  switch (view.screen) {
    case Screen::kWelcome:
      return ui.T("welcome.title");
    case Screen::kIdentify:
      return ui.T("identify.title");
    case Screen::kCanEntry:
      return ui.T("can.title");
    case Screen::kCatalog:
      return ui.T("catalog.title");
    case Screen::kStep:
      return view.procedure_title;
    case Screen::kReview:
      return ui.T("review.title");
    case Screen::kWorking:
      switch (view.work) {
        case session::WorkKind::kReadingCard:
          return ui.T("working.reading");
        case session::WorkKind::kStoring:
          return ui.T("working.storing");
        case session::WorkKind::kSending:
          return ui.T("working.sending");
        case session::WorkKind::kPrinting:
          return ui.T("working.printing");
      }
      return "";
    case Screen::kDone:
      return ui.T("done.title");
    case Screen::kError:
      return ui.T(view.error_title_key);
    case Screen::kOutOfService:
      return ui.T("oos.title");
    case Screen::kStaffPin:
      return ui.T("staff.pin_title");
    case Screen::kStaff:
      return ui.T("staff.title");
    case Screen::kStaffAssist:
      return ui.T("staff.assisted");
    case Screen::kStaffSelfTest:
      return ui.T("staff.selftest");
  }
  return "";
}

bool ScreenEditsText(const ScreenView& view) {
  switch (view.screen) {
    case Screen::kCanEntry:
    case Screen::kStaffPin:
    case Screen::kStaffAssist:
      return true;
    case Screen::kStep:
      switch (view.field.type) {
        case QuestionType::kSingleChoice:
        case QuestionType::kMultipleChoice:
        case QuestionType::kYesNo:
        case QuestionType::kConsent:
        case QuestionType::kCalculated:
          return false;
        default:
          return true;
      }
    default:
      return false;
  }
}

void DrawScreen(const ScreenView& view, UiContext& ui, ScreenState& state) {
  std::string question = view.field.id;
  if (view.field.type == QuestionType::kAddress) {
    question += "/" + std::to_string(view.field.focused_part);
  }
  if (view.screen != state.last_screen || question != state.last_question) {
    state.keyboard = KeyboardState();
    state.last_screen = view.screen;
    state.last_question = question;
  }
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->Pos);
  ImGui::SetNextWindowSize(viewport->Size);
  ImGui::Begin("screen", nullptr, kFullScreen);
  bool interactive = ui.interactive;
  if (view.idle_warning) ui.interactive = false;
  switch (view.screen) {
    case Screen::kWelcome:
      DrawWelcome(view, ui);
      break;
    case Screen::kIdentify:
      DrawIdentify(view, ui);
      break;
    case Screen::kCanEntry:
      DrawCanEntry(view, ui, state);
      break;
    case Screen::kCatalog:
      DrawCatalog(view, ui);
      break;
    case Screen::kStep:
      DrawStep(view, ui, state);
      break;
    case Screen::kReview:
      DrawReview(view, ui);
      break;
    case Screen::kWorking:
      DrawWorking(view, ui);
      break;
    case Screen::kDone:
      DrawDone(view, ui);
      break;
    case Screen::kError:
      DrawError(view, ui);
      break;
    case Screen::kOutOfService:
      DrawOutOfService(ui);
      break;
    case Screen::kStaffPin:
      DrawStaffPin(view, ui, state);
      break;
    case Screen::kStaff:
      DrawStaff(view, ui);
      break;
    case Screen::kStaffAssist:
      DrawStaffAssist(view, ui, state);
      break;
    case Screen::kStaffSelfTest:
      DrawStaffSelfTest(view, ui);
      break;
  }
  ImGui::End();
  ui.interactive = interactive;
  if (view.idle_warning) {
    // Under the warning only its own buttons count: clear what the screen registered.
    if (ui.registry) ui.registry->Clear();
    ui.preferred_focus = "more-time";
    DrawIdleWarning(view, ui);
  }
}

}  // namespace kiosk::ui
