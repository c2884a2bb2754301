#include "ui/welcome_screen.h"

#include <string>

#include <imgui.h>

#include "kiosk/texts.h"

namespace kiosk::ui {
namespace {

// Centers `text` horizontally on the current line, wrapping at the window's content width.
void CenteredWrapped(std::string_view text, const ImVec4& color) {
  float width = ImGui::GetContentRegionAvail().x;
  ImVec2 size = ImGui::CalcTextSize(text.data(), text.data() + text.size(), false, width);
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (width - size.x) * 0.5f);
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + size.x + 1);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

}  // namespace

WelcomeIntent DrawWelcome(const WelcomeView& view, const Theme& theme, float touch_target_px) {
  WelcomeIntent intent;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->Pos);
  ImGui::SetNextWindowSize(viewport->Size);
  ImGui::Begin("welcome", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);

  const std::string& lang = view.language;
  float height = viewport->Size.y;
  ImGui::SetCursorPosY(height * 0.15f);
  ImGuiIO& io = ImGui::GetIO();
  ImFont* title_font = io.Fonts->Fonts.Size > 1 ? io.Fonts->Fonts[1] : nullptr;
  if (title_font) ImGui::PushFont(title_font);
  CenteredWrapped(Text(lang, "welcome.title"), theme.text);
  CenteredWrapped(view.commune, theme.accent);
  if (title_font) ImGui::PopFont();
  if (!view.site.empty()) CenteredWrapped(view.site, theme.muted_text);

  ImGui::Dummy(ImVec2(0, touch_target_px));
  CenteredWrapped(Text(lang, "welcome.subtitle"), theme.text);

  // The start button: wide and at least two touch targets tall.
  ImGui::Dummy(ImVec2(0, touch_target_px));
  float width = ImGui::GetContentRegionAvail().x;
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + width * 0.1f);
  ImGui::PushStyleColor(ImGuiCol_Text, theme.accent_text);
  if (title_font) ImGui::PushFont(title_font);
  std::string start_label = std::string(Text(lang, "welcome.start")) + "##start";
  if (ImGui::Button(start_label.c_str(), ImVec2(width * 0.8f, touch_target_px * 2))) {
    intent.kind = WelcomeIntent::Kind::kStart;
  }
  if (title_font) ImGui::PopFont();
  ImGui::PopStyleColor();

  // Language buttons, each one touch target tall, in the language's own name.
  ImGui::Dummy(ImVec2(0, touch_target_px));
  CenteredWrapped(Text(lang, "welcome.choose_language"), theme.muted_text);
  float button_width = width / 2.2f;
  int column = 0;
  for (const auto& code : view.languages) {
    if (column == 0) {
      ImGui::SetCursorPosX(ImGui::GetCursorPosX() +
                           (width - 2 * button_width - ImGui::GetStyle().ItemSpacing.x) * 0.5f);
    } else {
      ImGui::SameLine();
    }
    bool current = code == lang;
    ImGui::PushStyleColor(ImGuiCol_Button, current ? theme.accent : theme.background);
    ImGui::PushStyleColor(ImGuiCol_Text, current ? theme.accent_text : theme.text);
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 2.0f);
    std::string label = std::string(LanguageName(code)) + "##lang-" + code;
    if (ImGui::Button(label.c_str(), ImVec2(button_width, touch_target_px))) {
      intent.kind = WelcomeIntent::Kind::kChooseLanguage;
      intent.language = code;
    }
    ImGui::PopStyleVar();
    ImGui::PopStyleColor(2);
    column = (column + 1) % 2;
  }

  ImGui::SetCursorPosY(height - touch_target_px * 3);
  CenteredWrapped(Text(lang, "welcome.privacy"), theme.muted_text);
  ImGui::End();
  return intent;
}

}  // namespace kiosk::ui
