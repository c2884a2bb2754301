#include "kiosk/app/ui_script.h"

#include <gtest/gtest.h>

namespace kiosk::app {
namespace {

TEST(UiScript, ParsesCommandsQuotesAndComments) {
  auto commands = ParseUiScript(
      "# a comment\n\ntap start\ntype \"12 rue de la \\\"Paix\\\"\"\nadvance 1.5\n", "s.txt");
  ASSERT_TRUE(commands.ok()) << commands.status().message();
  ASSERT_EQ(commands->size(), 3u);
  EXPECT_EQ((*commands)[0].verb, "tap");
  EXPECT_EQ((*commands)[0].line, 3);
  EXPECT_EQ((*commands)[1].args[0], "12 rue de la \"Paix\"");
  EXPECT_EQ((*commands)[2].args[0], "1.5");
}

struct BadScript {
  const char* text;
  const char* message;
};

class UiScriptErrors : public ::testing::TestWithParam<BadScript> {};

TEST_P(UiScriptErrors, NamesTheFileAndLine) {
  auto commands = ParseUiScript(GetParam().text, "s.txt");
  ASSERT_FALSE(commands.ok());
  EXPECT_EQ(commands.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(commands.status().message(), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Table, UiScriptErrors,
    ::testing::Values(
        BadScript{"tapp x", "s.txt:1: unknown command 'tapp'"},
        BadScript{"tap", "s.txt:1: 'tap' takes 1 to 1 arguments, not 0"},
        BadScript{"\nadvance soon", "s.txt:2: 'advance': 'soon' is not a number"},
        BadScript{"type \"abc", "s.txt:1: unterminated quote"},
        BadScript{"card insert 1 2",
                  "s.txt:1: card: 'insert [CAN SURNAME GIVEN_NAMES YYYY-MM-DD "
                  "[PLACE_OF_BIRTH]]', 'remove' or 'unreadable'"},
        BadScript{"printer maybe", "s.txt:1: 'printer' takes 'ok' or 'fail [PROBLEM]'"},
        BadScript{"sink later",
                  "s.txt:1: 'sink' takes 'ok', 'fail', 'offline' or "
                  "'online'"},
        BadScript{"wait-text Bonjour soon", "s.txt:1: 'wait-text': 'soon' is not a number"}),
    [](const ::testing::TestParamInfo<BadScript>& p) { return "Case" + std::to_string(p.index); });

}  // namespace
}  // namespace kiosk::app
