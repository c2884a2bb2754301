// The expression language of procedure files: relevance conditions, constraints and
// calculated values (documented in docs/procedure-format.md, "Expressions").
//
// A small, closed language: literals, references to answers, `self`, comparisons,
// and/or/not, integer arithmetic and a fixed list of functions (today, age, date, length,
// matches, selected, count, if, answered, year, month, day). There is no assignment, no loop,
// no user function and no way to reach anything outside the answers given to Evaluate().
// Parsing enforces size limits (kMaxExpressionLength, kMaxDepth, kMaxNodes); regular
// expressions must be string literals, are compiled with RE2 at parse time (linear-time
// matching, no back-references or look-around) and only ever run on inputs of at most
// kMaxMatchInput bytes.
//
// Thread: a parsed Expression is immutable and may be evaluated from several threads at once.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace kiosk::procedure {

inline constexpr size_t kMaxExpressionLength = 2000;  // bytes of source text
inline constexpr int kMaxDepth = 32;                  // nesting of sub-expressions
inline constexpr int kMaxNodes = 400;                 // nodes in one parsed expression
inline constexpr size_t kMaxPatternLength = 200;      // bytes of one regular expression
inline constexpr size_t kMaxMatchInput = 512;         // longer inputs never match

// A calendar date (proleptic Gregorian), stored as days since 1970-01-01.
struct Date {
  int32_t days = 0;
  friend bool operator==(Date a, Date b) { return a.days == b.days; }
  friend auto operator<=>(Date a, Date b) { return a.days <=> b.days; }
};

// Parses "YYYY-MM-DD" (a real calendar day between 1850 and 2200); nullopt otherwise.
std::optional<Date> ParseIsoDate(std::string_view text);
std::string FormatIsoDate(Date date);
Date DateFromYmd(int year, int month, int day);
void YmdFromDate(Date date, int* year, int* month, int* day);
// Whole years from `birth` to `on` (the usual age: not yet reached on the day before the
// birthday; 29 February birthdays are reached on 1 March in common years).
int AgeOn(Date birth, Date on);

// A value during evaluation. Null is "no answer" (or an address part that is missing).
using Value =
    std::variant<std::monostate, bool, int64_t, std::string, Date, std::vector<std::string>>;

// "null", "true", "42", "\"text\"", "date 2001-02-03", "[a, b]": for messages and tests.
std::string DescribeValue(const Value& value);

// What an expression can see while it runs.
struct EvaluationContext {
  // The value of answer `id` (already converted by ValueFromAnswer), or null. `member` is
  // non-empty for `id.member` (address parts).
  std::function<Value(std::string_view id, std::string_view member)> lookup;
  // The current question's value, for constraints (`self`).
  Value self;
  // today(): the date the procedure is being filled (injected for tests and re-validation).
  Date today;
};

// Converts a stored answer (JSON) to an expression value: strings that are ISO dates stay
// strings (the question's type decides; see ValueFromTypedAnswer in answer.h).
Value ValueFromJson(const nlohmann::json& answer);

class Expression {
 public:
  struct Node;

  // Parses `text`. On error the status is kInvalidInput and the message is
  // "column N: what is wrong" (1-based column in `text`), for the loader to prefix.
  static StatusOr<Expression> Parse(std::string_view text);

  // Runs the expression. Errors (kInvalidInput) are type errors or overflows found at run
  // time, e.g. `"a" + 1`; they never come from the answers' content alone being unusual in a
  // way the author could not foresee (a missing answer is null, and null propagates).
  StatusOr<Value> Evaluate(const EvaluationContext& context) const;

  // Truth of the result: true only for boolean true. Errors count as false.
  bool IsTrue(const EvaluationContext& context) const;

  // The question ids the expression reads (without `self`), for dependency checks.
  const std::vector<std::string>& references() const { return references_; }
  const std::string& text() const { return text_; }

 private:
  std::shared_ptr<const Node> root_;
  std::vector<std::string> references_;
  std::string text_;
};

}  // namespace kiosk::procedure
