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
