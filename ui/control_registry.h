// The controls and texts a screen drew in the current frame, with their rectangles. The
// headless harness finds controls by id or label here to tap them, asserts what a screen
// shows, and keypad navigation moves the focus between them.
// Thread: drawing thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

namespace kiosk::ui {

struct ControlInfo {
  std::string id;
  std::string label;
  ImVec2 min;
  ImVec2 max;
  bool enabled = true;
  // The visible part of the list or window the control is drawn in: a control of a
  // scrolled list may lie outside it (a finger scrolls the list first).
  ImVec2 clip_min{-1e9f, -1e9f};
  ImVec2 clip_max{1e9f, 1e9f};

  bool CenterVisible() const {
    ImVec2 c = Center();
    return c.x >= clip_min.x && c.x <= clip_max.x && c.y >= clip_min.y && c.y <= clip_max.y;
  }
  ImVec2 Center() const { return ImVec2((min.x + max.x) / 2, (min.y + max.y) / 2); }
  float Width() const { return max.x - min.x; }
  float Height() const { return max.y - min.y; }
};

enum class Direction { kUp, kDown, kLeft, kRight };

class ControlRegistry {
 public:
  void Clear();
  void AddControl(ControlInfo control);
  void AddText(std::string_view text);
  // Rectangles that are not controls but that tests check: "field", "keyboard".
  void AddArea(std::string_view name, ImVec2 min, ImVec2 max);

  const std::vector<ControlInfo>& controls() const { return controls_; }
  // By exact id, else by exact label, else by label containing `key`; nullptr if none.
  const ControlInfo* Find(std::string_view key) const;
  const ControlInfo* Area(std::string_view name) const;
  // True when some text or control label drawn this frame contains `text`.
  bool Shows(std::string_view text) const;
  // The enabled control nearest to `from` in `direction`; `from` itself when none.
  std::string Neighbour(std::string_view from, Direction direction) const;
  // Every text drawn this frame, one per line (harness dumps).
  std::string Dump() const;

 private:
  std::vector<ControlInfo> controls_;
  std::vector<ControlInfo> areas_;
  std::vector<std::string> texts_;
};

}  // namespace kiosk::ui
