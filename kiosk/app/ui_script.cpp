#include "kiosk/app/ui_script.h"

#include <array>
#include <cctype>

#include <fmt/format.h>

namespace kiosk::app {
namespace {

struct VerbSpec {
  std::string_view verb;
  int min_args;
  int max_args;
  int numeric_arg;  // index of an argument that must be a number, or -1
};

constexpr std::array kVerbs = {
    VerbSpec{"tap", 1, 1, -1},
    VerbSpec{"hold", 2, 2, 1},
    VerbSpec{"type", 1, 1, -1},
    VerbSpec{"key", 1, 2, 1},
    VerbSpec{"card", 1, 6, -1},
    VerbSpec{"advance", 1, 1, 0},
    VerbSpec{"wait-screen", 1, 1, -1},
    VerbSpec{"expect-screen", 1, 1, -1},
    VerbSpec{"expect-text", 1, 1, -1},
    VerbSpec{"expect-no-text", 1, 1, -1},
    VerbSpec{"expect-spoken", 1, 1, -1},
    VerbSpec{"expect-focus", 1, 1, -1},
    VerbSpec{"expect-submitted", 1, 1, -1},
    VerbSpec{"expect-submissions", 1, 1, 0},
    VerbSpec{"expect-printed", 1, 1, 0},
    VerbSpec{"expect-field-visible", 0, 0, -1},
    VerbSpec{"expect-targets-at-least", 1, 1, 0},
    VerbSpec{"screenshot", 1, 1, -1},
    VerbSpec{"expect-same-pixels", 2, 2, -1},
    VerbSpec{"printer", 1, 2, -1},
    VerbSpec{"sink", 1, 1, -1},
    VerbSpec{"wait-text", 1, 2, 1},
    VerbSpec{"expect-receipt", 1, 1, -1},
    VerbSpec{"wait-delivered", 1, 1, 0},
};

bool IsNumber(const std::string& text) {
  if (text.empty()) return false;
  bool dot = false;
  for (char c : text) {
    if (c == '.' && !dot) {
      dot = true;
    } else if (!std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return text != ".";
}

// Splits one line into words; returns false on an unterminated quote.
bool SplitWords(std::string_view line, std::vector<std::string>& words) {
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size()) break;
    std::string word;
    if (line[i] == '"') {
      ++i;
      bool closed = false;
      while (i < line.size()) {
        char c = line[i++];
        if (c == '\\' && i < line.size()) {
          word += line[i++];
        } else if (c == '"') {
          closed = true;
          break;
        } else {
          word += c;
        }
      }
      if (!closed) return false;
    } else {
      while (i < line.size() && line[i] != ' ' && line[i] != '\t') word += line[i++];
    }
    words.push_back(std::move(word));
  }
  return true;
}

}  // namespace

StatusOr<std::vector<ScriptCommand>> ParseUiScript(std::string_view text,
                                                   std::string_view source_name) {
  std::vector<ScriptCommand> commands;
  int line_number = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

    auto error = [&](std::string_view message) {
      return InvalidInputError(fmt::format("{}:{}: {}", source_name, line_number, message));
    };
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') {
      if (end == text.size()) break;
      continue;
    }
    std::vector<std::string> words;
    if (!SplitWords(line, words)) return error("unterminated quote");
    ScriptCommand command{line_number, words.front(), {words.begin() + 1, words.end()}};
    const VerbSpec* spec = nullptr;
    for (const auto& v : kVerbs) {
      if (v.verb == command.verb) spec = &v;
    }
    if (spec == nullptr) return error(fmt::format("unknown command '{}'", command.verb));
    int count = static_cast<int>(command.args.size());
    if (count < spec->min_args || count > spec->max_args) {
      return error(fmt::format("'{}' takes {} to {} arguments, not {}", command.verb,
                               spec->min_args, spec->max_args, count));
    }
    if (spec->numeric_arg >= 0 && spec->numeric_arg < count &&
        !IsNumber(command.args[spec->numeric_arg])) {
      return error(
          fmt::format("'{}': '{}' is not a number", command.verb, command.args[spec->numeric_arg]));
    }
    if (command.verb == "card") {
      const std::string& what = command.args[0];
      bool insert_ok = count == 1 || count == 5 || count == 6;
      if (what == "insert" ? !insert_ok
                           : (what != "remove" && what != "unreadable") || count != 1) {
        return error(
            "card: 'insert [CAN SURNAME GIVEN_NAMES YYYY-MM-DD [PLACE_OF_BIRTH]]', 'remove' or "
            "'unreadable'");
      }
    }
    if (command.verb == "printer" && command.args[0] != "fail" &&
        (command.args[0] != "ok" || count != 1)) {
      return error("'printer' takes 'ok' or 'fail [PROBLEM]'");
    }
    if (command.verb == "sink" && command.args[0] != "fail" && command.args[0] != "ok" &&
        command.args[0] != "offline" && command.args[0] != "online") {
      return error("'sink' takes 'ok', 'fail', 'offline' or 'online'");
    }
    commands.push_back(std::move(command));
    if (end == text.size()) break;
  }
  return commands;
}

}  // namespace kiosk::app
