// Each question type's stored form and messages, each kind of constraint, relevance and
// calculated values.
#include "kiosk/procedure/answer.h"

#include <gtest/gtest.h>

#include "kiosk/procedure/loader.h"

namespace kiosk::procedure {
namespace {

using nlohmann::json;

Question MakeQuestion(QuestionType type) {
  Question q;
  q.id = "q";
  q.type = type;
  q.label.by_language["fr"] = "Question";
  if (type == QuestionType::kSingleChoice || type == QuestionType::kMultipleChoice) {
    for (std::string v : {"a", "b", "c"}) q.choices.push_back({v, {{{"fr", v}}}});
  }
  return q;
}

struct NormalizeCase {
  std::string name;
  QuestionType type;
  json raw;
  json stored;        // expected stored form when valid
  std::string error;  // expected English message, "" when valid
};

class NormalizeAnswerTable : public ::testing::TestWithParam<NormalizeCase> {};

TEST_P(NormalizeAnswerTable, GivesStoredFormOrMessage) {
  const auto& c = GetParam();
  AnswerCheck check = NormalizeAnswer(MakeQuestion(c.type), c.raw, "en");
  EXPECT_EQ(check.error, c.error);
  if (c.error.empty()) {
    EXPECT_EQ(check.value, c.stored);
  }
}

const std::string kNotPhone = "Enter a valid phone number (10 digits, or +33...).";

INSTANTIATE_TEST_SUITE_P(
    Table, NormalizeAnswerTable,
    ::testing::Values(
        NormalizeCase{"ShortTextTrimmedAndCollapsed", QuestionType::kShortText,
                      "  rue   de la\tPaix \n", "rue de la Paix", ""},
        NormalizeCase{"ShortTextDecomposedBecomesNfc", QuestionType::kShortText, "Ele\u0301onore",
                      "El\u00e9onore", ""},
        NormalizeCase{"ShortTextEmptyIsNull", QuestionType::kShortText, "   ", nullptr, ""},
        NormalizeCase{"ShortTextNotAString", QuestionType::kShortText, 12, nullptr,
                      "Enter some text."},
        NormalizeCase{"ShortTextControlCharacter", QuestionType::kShortText, "a\x01z", nullptr,
                      "Enter some text."},
        NormalizeCase{"ShortTextTooLong", QuestionType::kShortText, std::string(201, 'x'), nullptr,
                      "This text is too long."},
        NormalizeCase{"LongTextKeepsLines", QuestionType::kLongText, "\nline 1\r\nline  2\n\n",
                      "line 1\nline 2", ""},
        NormalizeCase{"IntegerFromNumber", QuestionType::kInteger, 3, 3, ""},
        NormalizeCase{"IntegerFromDigits", QuestionType::kInteger, " -12 ", -12, ""},
        NormalizeCase{"IntegerRejectsDecimal", QuestionType::kInteger, "1.5", nullptr,
                      "Enter a whole number."},
        NormalizeCase{"IntegerRejectsFloat", QuestionType::kInteger, 1.5, nullptr,
                      "Enter a whole number."},
        NormalizeCase{"IntegerRejectsHuge", QuestionType::kInteger, "99999999999", nullptr,
                      "Enter a whole number."},
        NormalizeCase{"DateIso", QuestionType::kDate, "2010-06-15", "2010-06-15", ""},
        NormalizeCase{"DateNotACalendarDay", QuestionType::kDate, "2010-02-30", nullptr,
                      "Enter a valid date."},
        NormalizeCase{"DateFrenchOrderRefused", QuestionType::kDate, "15/06/2010", nullptr,
                      "Enter a valid date."},
        NormalizeCase{"SingleChoice", QuestionType::kSingleChoice, "b", "b", ""},
        NormalizeCase{"SingleChoiceUnknown", QuestionType::kSingleChoice, "z", nullptr,
                      "Choose one of the options."},
        NormalizeCase{"MultipleChoiceInFileOrder", QuestionType::kMultipleChoice,
                      json::array({"c", "a", "c"}), json::array({"a", "c"}), ""},
        NormalizeCase{"MultipleChoiceEmptyIsNull", QuestionType::kMultipleChoice, json::array(),
                      nullptr, ""},
        NormalizeCase{"MultipleChoiceUnknown", QuestionType::kMultipleChoice,
                      json::array({"a", "z"}), nullptr, "Choose one of the options."},
        NormalizeCase{"YesNo", QuestionType::kYesNo, false, false, ""},
        NormalizeCase{"YesNoNotText", QuestionType::kYesNo, "yes", nullptr, "Answer yes or no."},
        NormalizeCase{"PhoneFrench", QuestionType::kPhone, "06 12.34-56 78", "0612345678", ""},
        NormalizeCase{"PhoneInternational", QuestionType::kPhone, "+33 6 12 34 56 78",
                      "+33612345678", ""},
        NormalizeCase{"PhoneTooShort", QuestionType::kPhone, "06 12", nullptr, kNotPhone},
        NormalizeCase{"PhoneLetters", QuestionType::kPhone, "06 CALL ME", nullptr, kNotPhone},
        NormalizeCase{"EmailDomainLowered", QuestionType::kEmail, " Anna.E@Example.ORG ",
                      "Anna.E@example.org", ""},
        NormalizeCase{"EmailWithoutAt", QuestionType::kEmail, "anna.example.org", nullptr,
                      "Enter a valid e-mail address."},
        NormalizeCase{"EmailWithoutDot", QuestionType::kEmail, "anna@localhost", nullptr,
                      "Enter a valid e-mail address."},
        NormalizeCase{"Address", QuestionType::kAddress,
                      json{{"street", " 2  place de la République"},
                           {"postcode", "13200"},
                           {"commune", "Arles"}},
                      json{{"street", "2 place de la République"},
                           {"postcode", "13200"},
                           {"commune", "Arles"}},
                      ""},
        NormalizeCase{"AddressAllEmptyIsNull", QuestionType::kAddress,
                      json{{"street", ""}, {"postcode", " "}, {"commune", ""}}, nullptr, ""},
        NormalizeCase{"AddressIncomplete", QuestionType::kAddress,
                      json{{"street", "2 place"}, {"commune", "Arles"}}, nullptr,
                      "Enter the number and street, the postcode and the town."},
        NormalizeCase{"AddressBadPostcode", QuestionType::kAddress,
                      json{{"street", "2 place"}, {"postcode", "1320"}, {"commune", "Arles"}},
                      nullptr, "The postcode has 5 digits."},
        NormalizeCase{
            "AddressUnknownPart", QuestionType::kAddress,
            json{
                {"street", "2 place"}, {"postcode", "13200"}, {"commune", "Arles"}, {"floor", "2"}},
            nullptr, "Enter the number and street, the postcode and the town."},
        NormalizeCase{"ConsentTicked", QuestionType::kConsent, true, true, ""},
        NormalizeCase{"ConsentUntickedIsNull", QuestionType::kConsent, false, nullptr, ""}),
    [](const auto& test_info) { return test_info.param.name; });

TEST(EngineMessage, ExistsInEveryLanguageAndFallsBackToFrench) {
  for (int id = 0; id <= static_cast<int>(MessageId::kConstraintFailed); ++id) {
    for (std::string lang : {"fr", "en", "es", "de"}) {
      EXPECT_FALSE(EngineMessage(static_cast<MessageId>(id), lang).empty());
    }
  }
  EXPECT_EQ(EngineMessage(MessageId::kRequired, "fr"), "Cette réponse est obligatoire.");
  EXPECT_EQ(EngineMessage(MessageId::kRequired, "en"), "This answer is required.");
  EXPECT_EQ(EngineMessage(MessageId::kRequired, "it"), "Cette réponse est obligatoire.");
}

// A procedure exercising every kind of constraint, relevance and calculation.
constexpr char kChecks[] = R"(id: checks
version: 1
languages: [fr, en]
title: {fr: Essai, en: Test}
closing: {fr: Fin, en: End}
steps:
  - id: s
    title: {fr: Étape, en: Step}
    questions:
      - id: code
        type: short_text
        label: {fr: Q, en: Q}
        constraints:
          - pattern: "[0-9]{5}"
            message: {fr: Cinq chiffres, en: Five digits}
      - id: copies
        type: integer
        label: {fr: Q, en: Q}
        constraints:
          - min: 1
            max: 5
            message: {fr: De 1 à 5, en: From 1 to 5}
      - id: nom
        type: short_text
        label: {fr: Q, en: Q}
        required: true
        constraints:
          - min_length: 2
            max_length: 5
            message: {fr: De 2 à 5 lettres, en: From 2 to 5 letters}
      - id: jours
        type: multiple_choice
        label: {fr: Q, en: Q}
        choices:
          - {value: lu, label: {fr: Lundi, en: Monday}}
          - {value: ma, label: {fr: Mardi, en: Tuesday}}
          - {value: me, label: {fr: Mercredi, en: Wednesday}}
        constraints:
          - max_length: 2
            message: {fr: Deux jours au plus, en: Two days at most}
      - id: rdv
        type: date
        label: {fr: Q, en: Q}
        constraints:
          - min_date: today
            max_date: "2027-12-31"
            message: {fr: Entre aujourd'hui et fin 2027, en: Between today and the end of 2027}
      - id: naissance
        type: date
        label: {fr: Q, en: Q}
        constraints:
          - min_age: 16
            max_age: 25
            message: {fr: Entre 16 et 25 ans, en: Between 16 and 25 years old}
      - id: fin
        type: date
        label: {fr: Q, en: Q}
        constraints:
          - check: self > naissance
            message: {fr: Après la naissance, en: After the birth}
      - id: accord
        type: consent
        required: true
        label: {fr: D'accord, en: Agreed}
      - id: detail
        type: short_text
        label: {fr: Q, en: Q}
        required: true
        relevant: copies > 2
      - id: total
        type: calculated
        calculate: copies * 2
      - id: majeur
        type: calculated
        calculate: age(naissance) >= 18
)";

std::shared_ptr<const Procedure> ChecksProcedure() {
  static const ProcedureLoad load = ParseProcedure(kChecks, "checks.yaml");
  EXPECT_TRUE(load.ok()) << (load.errors.empty() ? "" : load.errors[0].ToString());
  return load.procedure;
}

struct ConstraintCase {
  std::string name;
  json answers;  // all answers
  std::string question;
  std::string fr;  // expected French message ("" = valid)
  std::string en;
};

class ConstraintTable : public ::testing::TestWithParam<ConstraintCase> {};

TEST_P(ConstraintTable, GivesTheAuthorsMessageInEachLanguage) {
  auto procedure = ChecksProcedure();
  ASSERT_TRUE(procedure);
  const auto& c = GetParam();
  Date today = *ParseIsoDate("2026-12-03");
  Resolution resolution = Resolve(*procedure, c.answers, today);
  const Question* question = procedure->FindQuestion(c.question);
  ASSERT_NE(question, nullptr);
  json stored = resolution.answers.contains(c.question) ? resolution.answers[c.question] : json();
  EXPECT_EQ(CheckConstraints(*procedure, *question, stored, resolution.answers, today, "fr"), c.fr);
  EXPECT_EQ(CheckConstraints(*procedure, *question, stored, resolution.answers, today, "en"), c.en);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ConstraintTable,
    ::testing::Values(
        ConstraintCase{"PatternHolds", {{"code", "13200"}}, "code", "", ""},
        ConstraintCase{"PatternFails", {{"code", "1320A"}}, "code", "Cinq chiffres", "Five digits"},
        ConstraintCase{
            "PatternIsAWholeMatch", {{"code", "132000"}}, "code", "Cinq chiffres", "Five digits"},
        ConstraintCase{"MinMaxHolds", {{"copies", 5}}, "copies", "", ""},
        ConstraintCase{"BelowMin", {{"copies", 0}}, "copies", "De 1 à 5", "From 1 to 5"},
        ConstraintCase{"AboveMax", {{"copies", 6}}, "copies", "De 1 à 5", "From 1 to 5"},
        ConstraintCase{"LengthCountsCharactersNotBytes", {{"nom", "Éloï"}}, "nom", "", ""},
        ConstraintCase{
            "TooShort", {{"nom", "A"}}, "nom", "De 2 à 5 lettres", "From 2 to 5 letters"},
        ConstraintCase{"RequiredMissing", json::object(), "nom", "Cette réponse est obligatoire.",
                       "This answer is required."},
        ConstraintCase{"ListLength",
                       {{"jours", {"lu", "ma", "me"}}},
                       "jours",
                       "Deux jours au plus",
                       "Two days at most"},
        ConstraintCase{"DateRangeToday", {{"rdv", "2026-12-03"}}, "rdv", "", ""},
        ConstraintCase{"DateBeforeToday",
                       {{"rdv", "2026-12-02"}},
                       "rdv",
                       "Entre aujourd'hui et fin 2027",
                       "Between today and the end of 2027"},
        ConstraintCase{"DateAfterMax",
                       {{"rdv", "2028-01-01"}},
                       "rdv",
                       "Entre aujourd'hui et fin 2027",
                       "Between today and the end of 2027"},
        ConstraintCase{"AgeSixteenToday", {{"naissance", "2010-12-03"}}, "naissance", "", ""},
        ConstraintCase{"AgeSixteenTomorrow",
                       {{"naissance", "2010-12-04"}},
                       "naissance",
                       "Entre 16 et 25 ans",
                       "Between 16 and 25 years old"},
        ConstraintCase{"AgeTwentySix",
                       {{"naissance", "2000-12-03"}},
                       "naissance",
                       "Entre 16 et 25 ans",
                       "Between 16 and 25 years old"},
        ConstraintCase{"CheckReadsAnotherAnswer",
                       {{"naissance", "2010-01-01"}, {"fin", "2009-01-01"}},
                       "fin",
                       "Après la naissance",
                       "After the birth"},
        ConstraintCase{
            "CheckHolds", {{"naissance", "2010-01-01"}, {"fin", "2011-01-01"}}, "fin", "", ""},
        ConstraintCase{"ConsentRequired", json::object(), "accord",
                       "Vous devez cocher cette case pour continuer.",
                       "You must tick this box to continue."},
        ConstraintCase{"RelevantRequired",
                       {{"copies", 3}},
                       "detail",
                       "Cette réponse est obligatoire.",
                       "This answer is required."}),
    [](const auto& test_info) { return test_info.param.name; });

TEST(Resolve, AGivenAddressCountsAsAnswered) {
  constexpr char kAddress[] = R"(id: adresse
version: 1
title: {fr: Essai}
closing: {fr: Fin}
steps:
  - id: s
    title: {fr: S}
    questions:
      - id: adresse
        type: address
        label: {fr: Adresse}
      - id: batiment
        type: short_text
        relevant: answered(adresse)
        label: {fr: Bâtiment}
)";
  ProcedureLoad load = ParseProcedure(kAddress, "adresse.yaml");
  ASSERT_TRUE(load.ok()) << load.errors[0].ToString();
  Date today = *ParseIsoDate("2026-12-03");
  json raw = {{"batiment", "B"}};
  EXPECT_FALSE(Resolve(*load.procedure, raw, today).relevant_questions.count("batiment"));
  raw["adresse"] = {{"street", "12 rue de la Paix"}, {"postcode", "76000"}, {"commune", "Rouen"}};
  Resolution resolution = Resolve(*load.procedure, raw, today);
  EXPECT_TRUE(resolution.relevant_questions.count("batiment"));
  EXPECT_EQ(resolution.answers["batiment"], "B");
}

TEST(Resolve, DropsAnswersToQuestionsThatDoNotApply) {
  auto procedure = ChecksProcedure();
  ASSERT_TRUE(procedure);
  Date today = *ParseIsoDate("2026-12-03");
  json raw = {{"copies", 2}, {"detail", "kept for later"}};
  Resolution resolution = Resolve(*procedure, raw, today);
  EXPECT_FALSE(resolution.relevant_questions.count("detail"));
  EXPECT_FALSE(resolution.answers.contains("detail"));
  raw["copies"] = 3;
  resolution = Resolve(*procedure, raw, today);
  EXPECT_EQ(resolution.answers["detail"], "kept for later");
}

struct CalculationCase {
  json answers;
  std::string question;
  json expected;
};

class CalculationTable : public ::testing::TestWithParam<CalculationCase> {};

TEST_P(CalculationTable, ComputesFromTheOtherAnswers) {
  auto procedure = ChecksProcedure();
  ASSERT_TRUE(procedure);
  Resolution resolution = Resolve(*procedure, GetParam().answers, *ParseIsoDate("2026-12-03"));
  json value = resolution.answers.contains(GetParam().question)
                   ? resolution.answers[GetParam().question]
                   : json();
  EXPECT_EQ(value, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, CalculationTable,
    ::testing::Values(CalculationCase{{{"copies", 3}}, "total", 6},
                      CalculationCase{json::object(), "total", nullptr},
                      CalculationCase{{{"naissance", "2008-12-03"}}, "majeur", true},
                      CalculationCase{{{"naissance", "2008-12-04"}}, "majeur", false}));

}  // namespace
}  // namespace kiosk::procedure
