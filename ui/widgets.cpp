#include "ui/widgets.h"

#include <algorithm>

#include "kiosk/texts.h"

namespace kiosk::ui {

std::string UiContext::T(std::string_view key) const { return std::string(Text(language, key)); }

float UiContext::ControlHeight() const {
  // Never below the touch target; taller when large text needs it.
  return std::max(touch_px, ImGui::GetFontSize() * 1.9f);
}

bool KioskButton(UiContext& ui, std::string_view id, std::string_view label, float width,
                 ButtonKind kind, bool enabled, float height) {
  const Theme& theme = *ui.theme;
  ImVec4 fill = theme.accent;
  ImVec4 text = theme.accent_text;
  switch (kind) {
    case ButtonKind::kPrimary:
      break;
    case ButtonKind::kSelected:
      break;
    case ButtonKind::kSecondary:
    case ButtonKind::kKey:
      fill = theme.surface;
      text = theme.text;
      break;
    case ButtonKind::kDanger:
      fill = theme.error_fill;
      text = theme.accent_text;
      break;
  }
  if (!enabled) {
    fill = theme.background;
    text = theme.muted_text;
  }
  if (height <= 0) height = ui.ControlHeight();
  if (width <= 0) {
    width = ImGui::CalcTextSize(label.data(), label.data() + label.size()).x +
            ImGui::GetStyle().FramePadding.x * 2;
    width = std::max(width, ui.touch_px);
  }

  ImGui::PushStyleColor(ImGuiCol_Button, fill);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, fill);
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, theme.pressed);
  ImGui::PushStyleColor(ImGuiCol_Text, text);
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize,
                      kind == ButtonKind::kSecondary || kind == ButtonKind::kKey ||
                              kind == ButtonKind::kSelected || !enabled
                          ? 2.0f
                          : 0.0f);
  std::string imgui_label = std::string(label) + "##" + std::string(id);
  ImGui::PushID(imgui_label.c_str());
  bool clicked = ImGui::Button(imgui_label.c_str(), ImVec2(width, height));
  // A finger that moved was scrolling a list, not pressing the button it started on.
  float slop = ui.mm_px * 4;
  if (clicked && ImGui::GetIO().MouseDragMaxDistanceSqr[0] > slop * slop) clicked = false;
  ImGui::PopID();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor(4);

  ImVec2 min = ImGui::GetItemRectMin();
  ImVec2 max = ImGui::GetItemRectMax();
  if (ui.registry) {
    ImDrawList* list = ImGui::GetWindowDrawList();
    ui.registry->AddControl({std::string(id), std::string(label), min, max, enabled,
                             list->GetClipRectMin(), list->GetClipRectMax()});
  }
  if (ui.focused_id == id) {
    // The keypad moved the focus to a button of a list out of view: bring it in.
    if (ui.focus_moved && !ImGui::IsRectVisible(min, max)) ImGui::SetScrollHereY(0.5f);
    // The keypad focus: a thick ring outside the button, in the focus colour.
    float ring = std::max(4.0f, ui.mm_px * 1.2f);
    ImGui::GetWindowDrawList()->AddRect(ImVec2(min.x - ring, min.y - ring),
                                        ImVec2(max.x + ring, max.y + ring),
                                        ImGui::GetColorU32(theme.focus), 10.0f, 0, ring);
  }
  if (!enabled || !ui.interactive) return false;
  return clicked || ui.activate_id == id;
}

void KioskText(UiContext& ui, std::string_view text, ImFont* font, const ImVec4* color,
               bool centered) {
  if (text.empty()) return;
  if (font) ImGui::PushFont(font);
  ImGui::PushStyleColor(ImGuiCol_Text, color ? *color : ui.theme->text);
  float width = ImGui::GetContentRegionAvail().x;
  if (centered) {
    ImVec2 size = ImGui::CalcTextSize(text.data(), text.data() + text.size(), false, width);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (width - size.x) * 0.5f);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + size.x + 1);
  } else {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  }
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  if (font) ImGui::PopFont();
  if (ui.registry) ui.registry->AddText(text);
}

void KioskField(UiContext& ui, std::string_view value, std::string_view error, bool caret) {
  const Theme& theme = *ui.theme;
  float width = ImGui::GetContentRegionAvail().x;
  float height = ui.ControlHeight();
  ImVec2 min = ImGui::GetCursorScreenPos();
  ImVec2 max(min.x + width, min.y + height);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, ImGui::GetColorU32(theme.field), 8.0f);
  draw->AddRect(min, max, ImGui::GetColorU32(error.empty() ? theme.text : theme.error), 8.0f, 0,
                error.empty() ? 2.0f : 4.0f);
  float pad = ImGui::GetStyle().FramePadding.x;
  float text_y = min.y + (height - ImGui::GetFontSize()) * 0.5f;
  ImVec2 text_pos(min.x + pad, text_y);
  // Long values show their end, where the citizen is typing.
  std::string shown(value);
  while (!shown.empty() && ImGui::CalcTextSize(shown.c_str()).x > width - 3 * pad) {
    size_t cut = 1;
    while (cut < shown.size() && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80) ++cut;
    shown.erase(0, cut);
  }
  draw->AddText(text_pos, ImGui::GetColorU32(theme.text), shown.c_str());
  if (caret) {
    float x = text_pos.x + ImGui::CalcTextSize(shown.c_str()).x + 2;
    draw->AddRectFilled(ImVec2(x, text_y), ImVec2(x + 3, text_y + ImGui::GetFontSize()),
                        ImGui::GetColorU32(theme.accent));
  }
  ImGui::Dummy(ImVec2(width, height));
  if (ui.registry) {
    ui.registry->AddText(value);
    ui.registry->AddArea("field", min, max);
  }
  // The error sits right under the field it is about, in the error colour, and the field's
  // border thickens: colour is not the only sign.
  if (!error.empty()) KioskText(ui, error, nullptr, &theme.error);
}

bool KioskPartField(UiContext& ui, std::string_view id, std::string_view caption,
                    std::string_view value, bool focused) {
  const Theme& theme = *ui.theme;
  KioskText(ui, caption, nullptr, &theme.muted_text);
  float width = ImGui::GetContentRegionAvail().x;
  float height = ui.ControlHeight();
  ImVec2 min = ImGui::GetCursorScreenPos();
  ImVec2 max(min.x + width, min.y + height);
  std::string button_id(id);
  bool clicked = ImGui::InvisibleButton(button_id.c_str(), ImVec2(width, height));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, ImGui::GetColorU32(theme.field), 8.0f);
  draw->AddRect(min, max, ImGui::GetColorU32(focused ? theme.accent : theme.muted_text), 8.0f, 0,
                focused ? 4.0f : 2.0f);
  float pad = ImGui::GetStyle().FramePadding.x;
  float text_y = min.y + (height - ImGui::GetFontSize()) * 0.5f;
  std::string shown(value);
  while (!shown.empty() && ImGui::CalcTextSize(shown.c_str()).x > width - 3 * pad) {
    size_t cut = 1;
    while (cut < shown.size() && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80) ++cut;
    shown.erase(0, cut);
  }
  draw->AddText(ImVec2(min.x + pad, text_y), ImGui::GetColorU32(theme.text), shown.c_str());
  if (focused) {
    float x = min.x + pad + ImGui::CalcTextSize(shown.c_str()).x + 2;
    draw->AddRectFilled(ImVec2(x, text_y), ImVec2(x + 3, text_y + ImGui::GetFontSize()),
                        ImGui::GetColorU32(theme.accent));
  }
  if (ui.focused_id == id) {
    float ring = std::max(4.0f, ui.mm_px * 1.2f);
    draw->AddRect(ImVec2(min.x - ring, min.y - ring), ImVec2(max.x + ring, max.y + ring),
                  ImGui::GetColorU32(theme.focus), 10.0f, 0, ring);
  }
  if (ui.registry) {
    ui.registry->AddControl({std::string(id), std::string(caption), min, max, true});
    ui.registry->AddText(value);
    if (focused) ui.registry->AddArea("field", min, max);
  }
  if (!ui.interactive) return false;
  return clicked || ui.activate_id == id;
}

void DragToScroll(const UiContext& ui) {
  ImGuiIO& io = ImGui::GetIO();
  float slop = ui.mm_px * 4;
  if (ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem |
                             ImGuiHoveredFlags_ChildWindows) &&
      ImGui::IsMouseDragging(ImGuiMouseButton_Left, slop)) {
    ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
  }
}

void Gap(const UiContext& ui, float mm) { ImGui::Dummy(ImVec2(0, ui.mm_px * mm)); }

}  // namespace kiosk::ui
