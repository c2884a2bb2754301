#include "ui/theme.h"

namespace kiosk::ui {
namespace {

ImVec4 Rgb(int r, int g, int b) { return ImVec4(r / 255.0f, g / 255.0f, b / 255.0f, 1); }

}  // namespace

const Theme& StandardTheme() {
  static const Theme kTheme = {
      .background = Rgb(0xF6, 0xF6, 0xF6),
      .text = Rgb(0x16, 0x16, 0x16),
      .accent = Rgb(0x00, 0x00, 0x91),  // blue of the French state's design system
      .accent_text = Rgb(0xFF, 0xFF, 0xFF),
      .muted_text = Rgb(0x3A, 0x3A, 0x3A),
      .error = Rgb(0xCE, 0x05, 0x00),
  };
  return kTheme;
}

const Theme& HighContrastTheme() {
  static const Theme kTheme = {
      .background = Rgb(0x00, 0x00, 0x00),
      .text = Rgb(0xFF, 0xFF, 0xFF),
      .accent = Rgb(0xFF, 0xFF, 0x00),
      .accent_text = Rgb(0x00, 0x00, 0x00),
      .muted_text = Rgb(0xFF, 0xFF, 0xFF),
      .error = Rgb(0xFF, 0x99, 0x99),
  };
  return kTheme;
}

void ApplyTheme(const Theme& theme, float touch_target_px) {
  ImGuiStyle& style = ImGui::GetStyle();
  style = ImGuiStyle();
  style.WindowRounding = 0;
  style.WindowBorderSize = 0;
  style.FrameRounding = 8;
  style.WindowPadding = ImVec2(touch_target_px * 0.5f, touch_target_px * 0.5f);
  style.ItemSpacing = ImVec2(touch_target_px * 0.25f, touch_target_px * 0.25f);
  style.FramePadding = ImVec2(touch_target_px * 0.3f, touch_target_px * 0.2f);

  ImVec4* c = style.Colors;
  c[ImGuiCol_WindowBg] = theme.background;
  c[ImGuiCol_Text] = theme.text;
  c[ImGuiCol_TextDisabled] = theme.muted_text;
  c[ImGuiCol_Button] = theme.accent;
  c[ImGuiCol_ButtonHovered] = theme.accent;
  c[ImGuiCol_ButtonActive] = theme.accent;
  c[ImGuiCol_FrameBg] = theme.background;
  c[ImGuiCol_Border] = theme.text;
  c[ImGuiCol_NavHighlight] = theme.error;
}

}  // namespace kiosk::ui
