#include "ui/control_registry.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace kiosk::ui {

void ControlRegistry::Clear() {
  controls_.clear();
  areas_.clear();
  texts_.clear();
}

void ControlRegistry::AddControl(ControlInfo control) {
  texts_.push_back(control.label);
  controls_.push_back(std::move(control));
}

void ControlRegistry::AddText(std::string_view text) { texts_.emplace_back(text); }

void ControlRegistry::AddArea(std::string_view name, ImVec2 min, ImVec2 max) {
  areas_.push_back({std::string(name), "", min, max, false});
}

const ControlInfo* ControlRegistry::Find(std::string_view key) const {
  for (const auto& c : controls_) {
    if (c.id == key) return &c;
  }
  for (const auto& c : controls_) {
    if (c.label == key) return &c;
  }
  for (const auto& c : controls_) {
    if (c.label.find(key) != std::string::npos) return &c;
  }
  return nullptr;
}

const ControlInfo* ControlRegistry::Area(std::string_view name) const {
  for (const auto& a : areas_) {
    if (a.id == name) return &a;
  }
  return nullptr;
}

bool ControlRegistry::Shows(std::string_view text) const {
  for (const auto& t : texts_) {
    if (t.find(text) != std::string::npos) return true;
  }
  return false;
}

std::string ControlRegistry::Neighbour(std::string_view from, Direction direction) const {
  const ControlInfo* origin = nullptr;
  for (const auto& c : controls_) {
    if (c.id == from) origin = &c;
  }
  if (origin == nullptr) return std::string(from);
  ImVec2 o = origin->Center();

  // The nearest control whose centre lies in the direction, favouring those in line with
  // the origin (a keyboard grid, a column of buttons).
  const ControlInfo* best = nullptr;
  float best_score = std::numeric_limits<float>::max();
  for (const auto& c : controls_) {
    if (&c == origin || !c.enabled) continue;
    ImVec2 p = c.Center();
    float along = 0;
    float across = 0;
    switch (direction) {
      case Direction::kUp:
        along = o.y - p.y;
        across = std::fabs(p.x - o.x);
        break;
      case Direction::kDown:
        along = p.y - o.y;
        across = std::fabs(p.x - o.x);
        break;
      case Direction::kLeft:
        along = o.x - p.x;
        across = std::fabs(p.y - o.y);
        break;
      case Direction::kRight:
        along = p.x - o.x;
        across = std::fabs(p.y - o.y);
        break;
    }
    if (along <= 1.0f) continue;
    // Controls in the same row (left/right) or column (up/down) as the origin come first: from
    // "Back" in the navigation bar, Right goes to "Next", not to the keyboard key above.
    bool horizontal = direction == Direction::kLeft || direction == Direction::kRight;
    float lo = horizontal ? std::max(c.min.y, origin->min.y) : std::max(c.min.x, origin->min.x);
    float hi = horizontal ? std::min(c.max.y, origin->max.y) : std::min(c.max.x, origin->max.x);
    constexpr float kOutOfLine = 100000.0f;
    float score = along + 3.0f * across + (hi > lo ? 0.0f : kOutOfLine);
    if (score < best_score) {
      best_score = score;
      best = &c;
    }
  }
  return best ? best->id : std::string(from);
}

std::string ControlRegistry::Dump() const {
  std::string out;
  for (const auto& t : texts_) out += t + "\n";
  return out;
}

}  // namespace kiosk::ui
