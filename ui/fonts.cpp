#include "ui/fonts.h"

#include <filesystem>

#include <fmt/format.h>

namespace kiosk::ui {

const ImWchar* KioskGlyphRanges() {
  static const ImWchar kRanges[] = {
      0x0020, 0x00FF,  // Basic Latin + Latin-1 Supplement (é è à ç « » ...)
      0x0100, 0x017F,  // Latin Extended-A (œ Œ Ÿ, and é-like letters of other languages)
      0x2010, 0x2027,  // dashes – —, quotes ’ “ ” „, ellipsis …
      0x2039, 0x203A,  // single guillemets ‹ ›
      0x20AC, 0x20AC,  // €
      0x2190, 0x2193,  // ← ↑ → ↓ (keypad hints)
      0x21E7, 0x21E7,  // ⇧ shift key
      0x232B, 0x232B,  // ⌫ erase key
      0x2713, 0x2713,  // ✓ selected answer
      0,
  };
  return kRanges;
}

const std::vector<std::string>& FontCandidates() {
  static const std::vector<std::string> kCandidates = {
      "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
      "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
  };
  return kCandidates;
}

namespace {

std::string FindFont() {
  for (const auto& candidate : FontCandidates()) {
    if (std::filesystem::exists(candidate)) return candidate;
  }
  return "";
}

}  // namespace

StatusOr<FontSet> LoadKioskFontSet(ImGuiIO& io, float size_px, float title_size_px) {
  std::string path = FindFont();
  if (path.empty()) {
    return FailedPreconditionError(
        "no kiosk font found: install fonts-dejavu-core (scripts/install-deps.sh)");
  }
  io.Fonts->Clear();
  ImFontConfig config;
  // One horizontal sample is enough at these sizes and keeps the atlas (six fonts) small and
  // quick to build: start-up time counts.
  config.OversampleH = 1;
  config.OversampleV = 1;
  FontSet set;
  const float scales[3] = {1.0f, 1.5f, 2.0f};
  for (int i = 0; i < 3; ++i) {
    set.scales[i].path = path;
    set.scales[i].body = io.Fonts->AddFontFromFileTTF(path.c_str(), size_px * scales[i], &config,
                                                      KioskGlyphRanges());
    set.scales[i].title = io.Fonts->AddFontFromFileTTF(path.c_str(), title_size_px * scales[i],
                                                       &config, KioskGlyphRanges());
    if (set.scales[i].body == nullptr || set.scales[i].title == nullptr) {
      return DataLossError(fmt::format("font {} could not be loaded", path));
    }
  }
  if (!io.Fonts->Build()) return DataLossError(fmt::format("font atlas for {} not built", path));
  return set;
}

StatusOr<LoadedFonts> LoadKioskFonts(ImGuiIO& io, float size_px, float title_size_px) {
  std::string path;
  for (const auto& candidate : FontCandidates()) {
    if (std::filesystem::exists(candidate)) {
      path = candidate;
      break;
    }
  }
  if (path.empty()) {
    return FailedPreconditionError(
        "no kiosk font found: install fonts-dejavu-core (scripts/install-deps.sh)");
  }

  io.Fonts->Clear();
  ImFontConfig config;
  config.OversampleH = 2;
  config.OversampleV = 1;
  LoadedFonts fonts;
  fonts.path = path;
  fonts.body = io.Fonts->AddFontFromFileTTF(path.c_str(), size_px, &config, KioskGlyphRanges());
  fonts.title =
      io.Fonts->AddFontFromFileTTF(path.c_str(), title_size_px, &config, KioskGlyphRanges());
  if (fonts.body == nullptr || fonts.title == nullptr || !io.Fonts->Build()) {
    return DataLossError(fmt::format("font {} could not be loaded", path));
  }
  return fonts;
}

}  // namespace kiosk::ui
