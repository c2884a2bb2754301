// The headless harness's script format (docs/ui-script.md): one command per line, words
// separated by spaces, "double quotes" around an argument with spaces (\" and \\ inside),
// # starts a comment line. Parsing checks every verb and its argument count before anything
// runs, so a typo fails at once with "file:line: message".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace kiosk::app {

struct ScriptCommand {
  int line = 0;
  std::string verb;
  std::vector<std::string> args;
};

// Errors: InvalidInput, "source:line: message", for an unknown verb, a wrong number of
// arguments, an unterminated quote or a non-numeric number.
StatusOr<std::vector<ScriptCommand>> ParseUiScript(std::string_view text,
                                                   std::string_view source_name);

}  // namespace kiosk::app
