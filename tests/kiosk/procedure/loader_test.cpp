// The loader: each kind of broken file gives "file:line:column: message", the procedure is
// rejected, and the other files of a folder still load.
#include "kiosk/procedure/loader.h"

#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

namespace kiosk::procedure {
namespace {

// Line numbers in the comments are those of the file the tests build from this text.
constexpr char kValid[] =
    "id: t\n"                     // 1
    "version: 1\n"                // 2
    "title: {fr: T, en: T}\n"     // 3
    "closing: {fr: C}\n"          // 4
    "steps:\n"                    // 5
    "  - id: s\n"                 // 6
    "    title: {fr: S}\n"        // 7
    "    questions:\n"            // 8
    "      - id: a\n"             // 9
    "        type: short_text\n"  // 10
    "        label: {fr: A}\n"    // 11
    "      - id: b\n"             // 12
    "        type: integer\n"     // 13
    "        label: {fr: B}\n";   // 14

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(Loader, AcceptsAValidFile) {
  ProcedureLoad load = ParseProcedure(kValid, "t.yaml");
  ASSERT_TRUE(load.ok()) << load.errors[0].ToString();
  EXPECT_EQ(load.procedure->id, "t");
  EXPECT_EQ(load.procedure->version, 1);
  EXPECT_EQ(load.procedure->AllQuestions().size(), 2u);
  EXPECT_EQ(load.procedure->title.In("en"), "T");
  EXPECT_EQ(load.procedure->closing.In("en"), "C");  // French when English is missing
}

struct BrokenCase {
  std::string name;
  std::string text;
  std::string expected;  // the first diagnostic, exactly
};

class LoaderRejects : public ::testing::TestWithParam<BrokenCase> {};

TEST_P(LoaderRejects, WithFileLineColumnAndMessage) {
  ProcedureLoad load = ParseProcedure(GetParam().text, "t.yaml");
  ASSERT_FALSE(load.ok());
  ASSERT_FALSE(load.errors.empty());
  EXPECT_EQ(load.errors[0].ToString(), GetParam().expected);
}

const std::string kV = kValid;

INSTANTIATE_TEST_SUITE_P(
    Table, LoaderRejects,
    ::testing::Values(
        BrokenCase{"UnknownKey", kV + "        colour: red\n",
                   "t.yaml:15:9: unknown key 'colour' in a question (allowed: id, type, label, "
                   "help, required, required_message, default, prefill, choices, constraints, "
                   "relevant, calculate, printable, max_length)"},
        BrokenCase{"UnknownTopLevelKey", "author: me\n" + kV,
                   "t.yaml:1:1: unknown key 'author' in the procedure (allowed: id, version, "
                   "languages, title, description, closing, steps)"},
        BrokenCase{"DuplicateKey", kV + "        label: {fr: C}\n",
                   "t.yaml:15:9: key 'label' appears twice in a question"},
        BrokenCase{"DuplicateQuestionId", Replace(kV, "- id: b", "- id: a"),
                   "t.yaml:12:9: duplicate question id 'a'"},
        BrokenCase{"UnknownReference", kV + "        relevant: c > 1\n",
                   "t.yaml:12:9: procedure 't', question 'b': relevant refers to unknown "
                   "question 'c'"},
        BrokenCase{"CyclicDependency",
                   Replace(kV + "        relevant: answered(a)\n", "label: {fr: A}\n",
                           "label: {fr: A}\n        relevant: b > 1\n"),
                   "t.yaml:9:9: procedure 't': cyclic dependency between questions: a -> b -> a"},
        BrokenCase{"UnknownReferenceInRequired", kV + "        required: answered(telephne)\n",
                   "t.yaml:12:9: procedure 't', question 'b': required refers to unknown "
                   "question 'telephne'"},
        BrokenCase{"PatternOnAnInteger",
                   kV + "        constraints:\n          - pattern: \"[0-9]+\"\n"
                        "            message: {fr: M}\n",
                   "t.yaml:16:22: 'pattern' does not apply to a question of type 'integer'"},
        BrokenCase{"MaxSmallerThanMin",
                   kV + "        constraints:\n          - min: 5\n            max: 1\n"
                        "            message: {fr: M}\n",
                   "t.yaml:17:18: max is smaller than min: no answer could pass"},
        BrokenCase{"SelfReference", kV + "        relevant: b > 1\n",
                   "t.yaml:12:9: procedure 't': cyclic dependency between questions: b -> b"},
        BrokenCase{"MissingFrenchText", Replace(kV, "title: {fr: T, en: T}", "title: {en: T}"),
                   "t.yaml:3:8: missing French text ('fr') in the procedure's title"},
        BrokenCase{"MissingDeclaredLanguage", "languages: [fr, en]\n" + kV,
                   "t.yaml:5:10: missing 'en' text in the closing text ('closing') (the "
                   "procedure declares it in 'languages')"},
        BrokenCase{"MissingClosing", Replace(kV, "closing: {fr: C}\n", ""),
                   "t.yaml:1:1: missing the closing text ('closing') (a French text at least)"},
        BrokenCase{"UnparsableExpression", kV + "        relevant: a = = 1\n",
                   "t.yaml:15:23: procedure 't', question 'b', relevant: unexpected '='"},
        BrokenCase{"UnparsableQuotedExpression", kV + "        relevant: \"a = = 1\"\n",
                   "t.yaml:15:24: procedure 't', question 'b', relevant: unexpected '='"},
        BrokenCase{"UnknownFunction", kV + "        relevant: exec('rm')\n",
                   "t.yaml:15:19: procedure 't', question 'b', relevant: unknown function "
                   "'exec'"},
        BrokenCase{"InvalidPattern",
                   Replace(kV, "label: {fr: A}\n",
                           "label: {fr: A}\n        constraints:\n          - pattern: "
                           "\"(?=a)\"\n            message: {fr: M}\n"),
                   "t.yaml:13:22: procedure 't', question 'a', pattern: invalid pattern: invalid "
                   "perl operator: (?="},
        BrokenCase{"ConstraintForAnotherType",
                   Replace(kV, "label: {fr: A}\n",
                           "label: {fr: A}\n        constraints:\n          - min: 1\n"
                           "            message: {fr: M}\n"),
                   "t.yaml:13:18: 'min' does not apply to a question of type 'short_text'"},
        BrokenCase{"ConstraintWithoutMessage", kV + "        constraints:\n          - min: 1\n",
                   "t.yaml:16:13: missing the constraint's message (a French text at least)"},
        BrokenCase{"UnknownType", Replace(kV, "type: integer", "type: number"),
                   "t.yaml:13:15: unknown question type 'number'"},
        BrokenCase{"ChoicesMissing", Replace(kV, "type: integer", "type: single_choice"),
                   "t.yaml:12:9: question 'b' of type 'single_choice' needs 'choices'"},
        BrokenCase{"DuplicateChoice",
                   Replace(kV, "type: integer", "type: single_choice") +
                       "        choices:\n          - {value: x, label: {fr: X}}\n"
                       "          - {value: x, label: {fr: Y}}\n",
                   "t.yaml:17:21: duplicate choice value 'x' in question 'b'"},
        BrokenCase{"InvalidDefault", kV + "        default: many\n",
                   "t.yaml:15:18: the default of question 'b' is not a valid answer: Enter a "
                   "whole number."},
        BrokenCase{"PrefillDoesNotFit", kV + "        prefill: birth_date\n",
                   "t.yaml:15:18: prefill 'birth_date' does not fit a question of type "
                   "'integer'"},
        BrokenCase{"ReservedQuestionId", Replace(kV, "- id: b", "- id: today"),
                   "t.yaml:12:13: 'today' is not a valid question id (lower-case letters, "
                   "digits and '_', starting with a letter, not a reserved word)"},
        BrokenCase{"BadVersion", Replace(kV, "version: 1", "version: one"),
                   "t.yaml:2:10: version must be a whole number"},
        BrokenCase{"YamlSyntaxError", Replace(kV, "title: {fr: S}", "title: {fr: S"),
                   "t.yaml:8:14: YAML syntax error: end of map flow not found"},
        BrokenCase{"EmptyFile", "", "t.yaml: file is empty"},
        BrokenCase{"NotUtf8", kV + "# \xff\n", "t.yaml: file is not valid UTF-8"},
        BrokenCase{"NoSteps", "id: t\nversion: 1\ntitle: {fr: T}\nclosing: {fr: C}\n",
                   "t.yaml:1:1: the procedure needs a non-empty list of 'steps'"}),
    [](const auto& test_info) { return test_info.param.name; });

TEST(Loader, ReportsEveryProblemOfAFile) {
  std::string text = Replace(kV, "type: integer", "type: number") + "        colour: red\n";
  ProcedureLoad load = ParseProcedure(text, "t.yaml");
  EXPECT_EQ(load.errors.size(), 2u);
}

TEST(Loader, RejectsOversizedFiles) {
  ProcedureLoad load = ParseProcedure(std::string(kMaxProcedureFileSize + 1, '#'), "big.yaml");
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].ToString(), "big.yaml: file larger than 262144 bytes");
}

TEST(LoaderFolder, RejectsBrokenFilesAndKeepsTheOthers) {
  testing::TempDir dir;
  dir.WriteFile("good.yaml", kValid);
  dir.WriteFile("broken.yaml", Replace(kV, "id: t", "id: u") + "        relevant: a = = 1\n");
  dir.WriteFile("notes.txt", "not a procedure");
  ProcedureSet set = LoadProcedureFolder(dir.path().string());
  ASSERT_EQ(set.procedures.size(), 1u);
  EXPECT_EQ(set.procedures[0]->id, "t");
  ASSERT_EQ(set.errors.size(), 1u);
  EXPECT_EQ(set.errors[0].file, dir.Join("broken.yaml"));
  EXPECT_EQ(set.errors[0].line, 15);
}

TEST(LoaderFolder, RejectsTwoFilesWithTheSameId) {
  testing::TempDir dir;
  dir.WriteFile("one.yaml", kValid);
  dir.WriteFile("two.yaml", kValid);
  ProcedureSet set = LoadProcedureFolder(dir.path().string());
  EXPECT_TRUE(set.procedures.empty());
  EXPECT_EQ(set.errors.size(), 2u);
}

TEST(Loader, ComputesAnEvaluationOrderWithDependenciesFirst) {
  std::string text = Replace(kV, "label: {fr: A}\n", "label: {fr: A}\n        relevant: b > 1\n");
  ProcedureLoad load = ParseProcedure(text, "t.yaml");
  ASSERT_TRUE(load.ok()) << load.errors[0].ToString();
  EXPECT_EQ(load.procedure->evaluation_order, (std::vector<std::string>{"b", "a"}));
}

}  // namespace
}  // namespace kiosk::procedure
