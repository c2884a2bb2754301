#include "ui/control_registry.h"

#include <gtest/gtest.h>

namespace kiosk::ui {
namespace {

ControlInfo Box(const char* id, float x, float y) {
  return {id, std::string("label ") + id, ImVec2(x, y), ImVec2(x + 50, y + 50), true};
}

// a b c
// d e f
//   g
ControlRegistry Grid() {
  ControlRegistry r;
  r.AddControl(Box("a", 0, 0));
  r.AddControl(Box("b", 100, 0));
  r.AddControl(Box("c", 200, 0));
  r.AddControl(Box("d", 0, 100));
  r.AddControl(Box("e", 100, 100));
  r.AddControl(Box("f", 200, 100));
  r.AddControl(Box("g", 100, 200));
  return r;
}

TEST(ControlRegistry, ArrowsMoveToTheNeighbourInLine) {
  ControlRegistry r = Grid();
  EXPECT_EQ(r.Neighbour("e", Direction::kUp), "b");
  EXPECT_EQ(r.Neighbour("e", Direction::kLeft), "d");
  EXPECT_EQ(r.Neighbour("e", Direction::kRight), "f");
  EXPECT_EQ(r.Neighbour("e", Direction::kDown), "g");
  EXPECT_EQ(r.Neighbour("f", Direction::kDown), "g");
}

TEST(ControlRegistry, FocusStaysAtTheEdge) {
  ControlRegistry r = Grid();
  EXPECT_EQ(r.Neighbour("a", Direction::kUp), "a");
  EXPECT_EQ(r.Neighbour("g", Direction::kDown), "g");
}

TEST(ControlRegistry, FindsByIdThenLabel) {
  ControlRegistry r = Grid();
  EXPECT_EQ(r.Find("c")->id, "c");
  EXPECT_EQ(r.Find("label d")->id, "d");
  EXPECT_EQ(r.Find("nothing"), nullptr);
}

TEST(ControlRegistry, ShowsTextsAndLabelsDrawnThisFrame) {
  ControlRegistry r = Grid();
  r.AddText("Bienvenue");
  EXPECT_TRUE(r.Shows("Bienv"));
  EXPECT_TRUE(r.Shows("label g"));
  r.Clear();
  EXPECT_FALSE(r.Shows("Bienvenue"));
}

}  // namespace
}  // namespace kiosk::ui
