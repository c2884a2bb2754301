// The expression language: every operator and function, null propagation, parse errors with
// their column, and the limits that keep evaluation bounded.
#include "kiosk/procedure/expression.h"

#include <gtest/gtest.h>

#include <map>
#include <tuple>
#include <vector>

namespace kiosk::procedure {
namespace {

// Answers visible to the expressions of these tests; today is 2026-12-03.
EvaluationContext TestContext() {
  static const std::map<std::string, Value> kAnswers = {
      {"n", int64_t{7}},
      {"name", std::string("Élodie")},
      {"birth", DateFromYmd(2010, 6, 15)},
      {"yes", true},
      {"no", false},
      {"days", std::vector<std::string>{"lundi", "mardi"}},
      {"kind", std::string("copie_integrale")},
  };
  EvaluationContext context;
  context.today = DateFromYmd(2026, 12, 3);
  context.self = std::string("abc");
  context.lookup = [](std::string_view id, std::string_view member) -> Value {
    if (id == "addr" && member == "postcode") return std::string("13200");
    auto it = kAnswers.find(std::string(id));
    return it == kAnswers.end() ? Value(std::monostate{}) : it->second;
  };
  return context;
}

struct EvalCase {
  std::string text;
  Value expected;
};

class ExpressionEvaluates : public ::testing::TestWithParam<EvalCase> {};

TEST_P(ExpressionEvaluates, ToTheExpectedValue) {
  auto expression = Expression::Parse(GetParam().text);
  ASSERT_TRUE(expression.ok()) << expression.status().message();
  auto value = expression->Evaluate(TestContext());
  ASSERT_TRUE(value.ok()) << value.status().message();
  EXPECT_EQ(*value, GetParam().expected) << GetParam().text << " gave " << DescribeValue(*value);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ExpressionEvaluates,
    ::testing::Values(
        // literals and arithmetic
        EvalCase{"42", int64_t{42}}, EvalCase{"1 + 2 * 3", int64_t{7}},
        EvalCase{"(1 + 2) * 3", int64_t{9}}, EvalCase{"7 / 2", int64_t{3}},
        EvalCase{"7 % 4", int64_t{3}}, EvalCase{"-n + 10", int64_t{3}},
        EvalCase{"'a' + \"b\"", std::string("ab")}, EvalCase{"null", std::monostate{}},
        EvalCase{"'it\\'s'", std::string("it's")},
        // comparisons
        EvalCase{"n = 7", true}, EvalCase{"n == 7", true}, EvalCase{"n != 7", false},
        EvalCase{"n < 8", true}, EvalCase{"n <= 7", true}, EvalCase{"n > 7", false},
        EvalCase{"n >= 8", false}, EvalCase{"kind = 'copie_integrale'", true},
        EvalCase{"'a' < 'b'", true}, EvalCase{"yes = true", true}, EvalCase{"days = days", true},
        // and / or / not, with null as false
        EvalCase{"yes and not no", true}, EvalCase{"no or yes", true},
        EvalCase{"no and missing", false}, EvalCase{"yes or missing", true},
        EvalCase{"not missing", true}, EvalCase{"missing and yes", false},
        // null propagation
        EvalCase{"missing = null", true}, EvalCase{"missing != null", false},
        EvalCase{"missing + 1", std::monostate{}}, EvalCase{"missing < 3", std::monostate{}},
        EvalCase{"n = null", false},
        // strings and lists
        EvalCase{"length(name)", int64_t{6}}, EvalCase{"length(days)", int64_t{2}},
        EvalCase{"length(missing)", int64_t{0}}, EvalCase{"count(days)", int64_t{2}},
        EvalCase{"matches(addr.postcode, '[0-9]{5}')", true},
        EvalCase{"matches('13A00', '[0-9]{5}')", false},
        EvalCase{"matches(missing, 'a')", std::monostate{}},
        EvalCase{"selected(days, 'mardi')", true}, EvalCase{"selected(days, 'jeudi')", false},
        EvalCase{"selected(kind, 'copie_integrale')", true}, EvalCase{"answered(name)", true},
        EvalCase{"answered(missing)", false}, EvalCase{"answered('')", false},
        EvalCase{"self", std::string("abc")},
        // dates
        EvalCase{"today()", DateFromYmd(2026, 12, 3)}, EvalCase{"age(birth)", int64_t{16}},
        EvalCase{"age('2008-12-03')", int64_t{18}}, EvalCase{"age('2008-12-04')", int64_t{17}},
        EvalCase{"age(birth, '2026-06-14')", int64_t{15}},
        EvalCase{"age(missing)", std::monostate{}},
        EvalCase{"date('2024-02-29') + 1", DateFromYmd(2024, 3, 1)},
        EvalCase{"date('2024-03-01') - date('2024-02-28')", int64_t{2}},
        EvalCase{"birth < '2011-01-01'", true}, EvalCase{"date('2023-02-29')", std::monostate{}},
        EvalCase{"year(birth)", int64_t{2010}}, EvalCase{"month(birth)", int64_t{6}},
        EvalCase{"day(birth)", int64_t{15}},
        // if
        EvalCase{"if(yes, 'haute', 'normale')", std::string("haute")},
        EvalCase{"if(missing, 1, 2)", int64_t{2}}));

struct ErrorCase {
  std::string text;
  std::string message;  // exact parse error
};

class ExpressionRejects : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ExpressionRejects, WithColumnAndReason) {
  auto expression = Expression::Parse(GetParam().text);
  ASSERT_FALSE(expression.ok()) << GetParam().text;
  EXPECT_EQ(expression.status().message(), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ExpressionRejects,
    ::testing::Values(
        ErrorCase{"", "column 1: expression ends too early"},
        ErrorCase{"a = ", "column 5: expression ends too early"},
        ErrorCase{"a = = b", "column 5: unexpected '='"}, ErrorCase{"(a", "column 3: expected ')'"},
        ErrorCase{"a ; b", "column 3: unexpected character ';'"},
        ErrorCase{"'abc", "column 1: unterminated string"},
        ErrorCase{"system('ls')", "column 1: unknown function 'system'"},
        ErrorCase{"age()", "column 1: age() takes 1 or 2 argument(s), not 0"},
        ErrorCase{"today(1)", "column 1: today() takes 0 argument(s), not 1"},
        ErrorCase{"1 < 2 < 3", "column 7: comparisons cannot be chained; use 'and'"},
        ErrorCase{"matches(a, b)", "column 1: the pattern of matches() must be a string literal"},
        ErrorCase{"matches(a, '(x)\\\\1')",
                  "column 1: invalid pattern: invalid escape sequence: \\1"},
        ErrorCase{"matches(a, '(?=x)')", "column 1: invalid pattern: invalid perl operator: (?="},
        ErrorCase{"matches(a, 'x{1001}')",
                  "column 1: invalid pattern: invalid repetition size: {1001}"},
        ErrorCase{"matches(a, '[a-')", "column 1: invalid pattern: missing ]: [a-"},
        // Found by expression_fuzzer: std::regex took more than 10 s on this stacked repetition.
        ErrorCase{"matches(a, '[6!]{0}****{4}')",
                  "column 1: invalid pattern: bad repetition operator: {0}*"},
        ErrorCase{"a.", "column 3: expected a field name after '.'"},
        ErrorCase{"99999999999999999999", "column 1: number too large"},
        ErrorCase{"a and", "column 6: expression ends too early"},
        ErrorCase{"'a\\n'", "column 3: only \\\\, \\\" and \\' escapes are allowed in strings"}));

TEST(Expression, ListsTheQuestionsItReads) {
  auto expression = Expression::Parse("a = 1 and (b.postcode = '1' or age(c) > a) and self");
  ASSERT_TRUE(expression.ok());
  EXPECT_EQ(expression->references(), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(Expression, RefusesDeepNesting) {
  std::string text(40, '(');
  text += "1" + std::string(40, ')');
  auto expression = Expression::Parse(text);
  ASSERT_FALSE(expression.ok());
  EXPECT_NE(expression.status().message().find("nested deeper than 32"), std::string::npos);
}

TEST(Expression, RefusesTooManyParts) {
  std::string text = "1";
  for (int i = 0; i < 300; ++i) text += " + 1";
  auto expression = Expression::Parse(text);
  ASSERT_FALSE(expression.ok());
  EXPECT_NE(expression.status().message().find("more than 400 parts"), std::string::npos);
}

TEST(Expression, RefusesLongText) {
  auto expression = Expression::Parse(std::string(kMaxExpressionLength + 1, '1'));
  ASSERT_FALSE(expression.ok());
  EXPECT_EQ(expression.status().message(), "column 1: expression longer than 2000 bytes");
}

TEST(Expression, ReportsTypeErrorsAndOverflowAtRunTime) {
  for (std::string text :
       {"'a' + 1", "1 / 0", "9000000000000000000 * 2", "not 'x'", "yes < no", "length(n)"}) {
    auto expression = Expression::Parse(text);
    ASSERT_TRUE(expression.ok()) << text;
    EXPECT_FALSE(expression->Evaluate(TestContext()).ok()) << text;
    EXPECT_FALSE(expression->IsTrue(TestContext())) << text;
  }
}

TEST(Expression, NeverMatchesOverlongInput) {
  auto expression = Expression::Parse("matches(self, 'a*')");
  ASSERT_TRUE(expression.ok());
  EvaluationContext context = TestContext();
  context.self = std::string(kMaxMatchInput, 'a');
  EXPECT_TRUE(expression->IsTrue(context));
  context.self = std::string(kMaxMatchInput + 1, 'a');
  EXPECT_FALSE(expression->IsTrue(context));
}

// The shapes that make a backtracking engine take exponential or high polynomial time (a
// citizen's answer must never freeze the kiosk): RE2 answers at once, so they are allowed.
TEST(Expression, PatternsShapedForBacktrackingAnswerOnLongInput) {
  EvaluationContext context = TestContext();
  context.self = std::string(kMaxMatchInput, 'a');
  for (std::string pattern : {"(a+)+b", "(a|aa)*c", "a*a*a*a*a*a*a*a*a*a*b", "(a*)*$b"}) {
    auto expression = Expression::Parse("matches(self, '" + pattern + "')");
    ASSERT_TRUE(expression.ok()) << pattern << ": " << expression.status().message();
    EXPECT_FALSE(expression->IsTrue(context)) << pattern;
  }
  auto matching = Expression::Parse("matches(self, '(a+)+')");
  ASSERT_TRUE(matching.ok());
  EXPECT_TRUE(matching->IsTrue(context));
}

// Patterns read characters, not bytes: an accented letter is one character.
TEST(Expression, PatternsReadUtf8Characters) {
  EvaluationContext context = TestContext();
  for (auto [text, pattern, expected] : std::vector<std::tuple<std::string, std::string, bool>>{
           {"é", ".", true},
           {"Noël", "[A-Za-zÀ-ÿ]+", true},
           {"Œuvre", "[A-Za-zÀ-ÿ]+", false},  // Œ is U+0152, outside À-ÿ
           {"Œuvre", "[A-Za-zÀ-ÿŒœ]+", true},
           {"ab", ".", false}}) {
    context.self = text;
    auto expression = Expression::Parse("matches(self, '" + pattern + "')");
    ASSERT_TRUE(expression.ok()) << pattern;
    EXPECT_EQ(expression->IsTrue(context), expected) << text << " ~ " << pattern;
  }
}

struct AgeCase {
  std::string birth;
  std::string on;
  int age;
};

class AgeOnDate : public ::testing::TestWithParam<AgeCase> {};

TEST_P(AgeOnDate, CountsWholeYears) {
  auto birth = ParseIsoDate(GetParam().birth);
  auto on = ParseIsoDate(GetParam().on);
  ASSERT_TRUE(birth && on);
  EXPECT_EQ(AgeOn(*birth, *on), GetParam().age);
}

INSTANTIATE_TEST_SUITE_P(Table, AgeOnDate,
                         ::testing::Values(AgeCase{"2010-12-03", "2026-12-03", 16},
                                           AgeCase{"2010-12-04", "2026-12-03", 15},
                                           AgeCase{"2008-02-29", "2026-02-28", 17},
                                           AgeCase{"2008-02-29", "2026-03-01", 18},
                                           AgeCase{"1974-08-12", "2026-12-03", 52}));

TEST(IsoDate, AcceptsOnlyRealCalendarDays) {
  EXPECT_TRUE(ParseIsoDate("2024-02-29"));
  EXPECT_FALSE(ParseIsoDate("2023-02-29"));
  EXPECT_FALSE(ParseIsoDate("2024-13-01"));
  EXPECT_FALSE(ParseIsoDate("2024-1-01"));
  EXPECT_FALSE(ParseIsoDate("1800-01-01"));
  EXPECT_EQ(FormatIsoDate(*ParseIsoDate("1974-08-12")), "1974-08-12");
}

}  // namespace
}  // namespace kiosk::procedure
