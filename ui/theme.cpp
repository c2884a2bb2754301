#include "ui/theme.h"

#include <cmath>

namespace kiosk::ui {
namespace {

ImVec4 Rgb(int r, int g, int b) { return ImVec4(r / 255.0f, g / 255.0f, b / 255.0f, 1); }

double Linear(float channel) {
  double c = channel;
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double RelativeLuminance(const ImVec4& c) {
  return 0.2126 * Linear(c.x) + 0.7152 * Linear(c.y) + 0.0722 * Linear(c.z);
}

}  // namespace

const Theme& StandardTheme() {
  static const Theme kTheme = {
      .background = Rgb(0xF6, 0xF6, 0xF6),
      .text = Rgb(0x16, 0x16, 0x16),
      .accent = Rgb(0x00, 0x00, 0x91),  // blue of the French state's design system
      .accent_text = Rgb(0xFF, 0xFF, 0xFF),
      .muted_text = Rgb(0x3A, 0x3A, 0x3A),
      .error = Rgb(0xB3, 0x04, 0x00),
      .surface = Rgb(0xFF, 0xFF, 0xFF),
      .pressed = Rgb(0x6A, 0x6A, 0xF4),
      .field = Rgb(0xFF, 0xFF, 0xFF),
      .focus = Rgb(0xC0, 0x50, 0x00),
      .error_fill = Rgb(0xB3, 0x04, 0x00),
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
      .surface = Rgb(0x00, 0x00, 0x00),
      .pressed = Rgb(0x80, 0x80, 0x00),
      .field = Rgb(0x00, 0x00, 0x00),
      .focus = Rgb(0x00, 0xFF, 0xFF),
      .error_fill = Rgb(0xFF, 0x99, 0x99),
  };
  return kTheme;
}

double ContrastRatio(const ImVec4& a, const ImVec4& b) {
  double la = RelativeLuminance(a);
  double lb = RelativeLuminance(b);
  if (la < lb) std::swap(la, lb);
  return (la + 0.05) / (lb + 0.05);
}

std::vector<std::pair<ImVec4, ImVec4>> TextPairs(const Theme& theme) {
  return {
      {theme.text, theme.background},        {theme.muted_text, theme.background},
      {theme.error, theme.background},       {theme.accent_text, theme.accent},
      {theme.text, theme.surface},           {theme.text, theme.field},
      {theme.accent_text, theme.error_fill}, {theme.error, theme.field},
  };
}

void ApplyTheme(const Theme& theme, float touch_target_px) {
  ImGuiStyle& style = ImGui::GetStyle();
  style = ImGuiStyle();
  style.WindowRounding = 0;
  style.WindowBorderSize = 0;
  style.FrameRounding = 8;
  style.WindowPadding = ImVec2(touch_target_px * 0.5f, touch_target_px * 0.4f);
  style.ItemSpacing = ImVec2(touch_target_px * 0.25f, touch_target_px * 0.25f);
  style.FramePadding = ImVec2(touch_target_px * 0.3f, touch_target_px * 0.2f);
  style.ScrollbarSize = touch_target_px * 0.4f;

  ImVec4* c = style.Colors;
  c[ImGuiCol_WindowBg] = theme.background;
  c[ImGuiCol_ChildBg] = theme.background;
  c[ImGuiCol_PopupBg] = theme.background;
  c[ImGuiCol_Text] = theme.text;
  c[ImGuiCol_TextDisabled] = theme.muted_text;
  c[ImGuiCol_Button] = theme.accent;
  c[ImGuiCol_ButtonHovered] = theme.accent;
  c[ImGuiCol_ButtonActive] = theme.pressed;
  c[ImGuiCol_FrameBg] = theme.field;
  c[ImGuiCol_Border] = theme.text;
  c[ImGuiCol_PlotHistogram] = theme.accent;
  c[ImGuiCol_ScrollbarBg] = theme.background;
  c[ImGuiCol_ScrollbarGrab] = theme.muted_text;
  c[ImGuiCol_NavHighlight] = theme.focus;
  c[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.6f);
}

}  // namespace kiosk::ui
