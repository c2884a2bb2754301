// Fonts for the kiosk screens, from Debian's font packages.
#pragma once

#include <string>
#include <vector>

#include <imgui.h>

#include "base/status.h"

namespace kiosk::ui {

// Every code point range the kiosk draws: Latin-1 and Latin Extended-A (é è ê ë à â ç ô û ù
// ü ï î ÿ œ Œ æ, and names from neighbouring countries), general punctuation (— – ’ « » …
// “ ” „) and the euro sign. Zero-terminated, as ImGui expects.
const ImWchar* KioskGlyphRanges();

// The font files tried in order; the first that exists is used.
const std::vector<std::string>& FontCandidates();

// Loads the kiosk font into `io.Fonts` at `size_px` (regular) and `title_size_px` (titles)
// and builds the atlas. Fails when no candidate font exists.
struct LoadedFonts {
  ImFont* body = nullptr;
  ImFont* title = nullptr;
  std::string path;
};
StatusOr<LoadedFonts> LoadKioskFonts(ImGuiIO& io, float size_px, float title_size_px);

// The fonts at the three accessibility text sizes (100, 150, 200 %), built into one atlas at
// start so that switching size costs nothing.
struct FontSet {
  LoadedFonts scales[3];  // 100 %, 150 %, 200 %
  const LoadedFonts& ForPercent(int percent) const {
    return percent >= 200 ? scales[2] : percent >= 150 ? scales[1] : scales[0];
  }
};
StatusOr<FontSet> LoadKioskFontSet(ImGuiIO& io, float size_px, float title_size_px);

}  // namespace kiosk::ui
