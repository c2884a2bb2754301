// Fuzzes the expression parser and evaluator: any text parses or gives an error, and what
// parses evaluates (to a value or an error) over a fixed set of answers, never crashing or
// looping.
#include <cstdint>
#include <string>
#include <string_view>

#include "kiosk/procedure/expression.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using kiosk::procedure::Value;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto expression = kiosk::procedure::Expression::Parse(text);
  if (!expression.ok()) return 0;

  kiosk::procedure::EvaluationContext context;
  context.today = kiosk::procedure::DateFromYmd(2026, 12, 3);
  context.self = std::string("13200");
  context.lookup = [](std::string_view id, std::string_view member) -> Value {
    if (!member.empty()) return std::string("Arles");
    switch (id.empty() ? 'x' : id[0]) {
      case 'a':
        return int64_t{42};
      case 'b':
        return true;
      case 'd':
        return kiosk::procedure::DateFromYmd(2010, 6, 15);
      case 'l':
        return std::vector<std::string>{"lundi", "mardi"};
      case 's':
        return std::string("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
      default:
        return std::monostate{};
    }
  };
  (void)expression->Evaluate(context);
  return 0;
}
