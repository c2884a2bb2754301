#include "kiosk/procedure/procedure.h"

namespace kiosk::procedure {
namespace {

constexpr std::pair<QuestionType, std::string_view> kTypeNames[] = {
    {QuestionType::kShortText, "short_text"},
    {QuestionType::kLongText, "long_text"},
    {QuestionType::kInteger, "integer"},
    {QuestionType::kDate, "date"},
    {QuestionType::kSingleChoice, "single_choice"},
    {QuestionType::kMultipleChoice, "multiple_choice"},
    {QuestionType::kYesNo, "yes_no"},
    {QuestionType::kPhone, "phone"},
    {QuestionType::kEmail, "email"},
    {QuestionType::kAddress, "address"},
    {QuestionType::kConsent, "consent"},
    {QuestionType::kCalculated, "calculated"},
};

constexpr std::pair<PrefillSource, std::string_view> kPrefillNames[] = {
    {PrefillSource::kNone, "none"},
    {PrefillSource::kSurname, "surname"},
    {PrefillSource::kGivenNames, "given_names"},
    {PrefillSource::kBirthDate, "birth_date"},
    {PrefillSource::kSex, "sex"},
    {PrefillSource::kNationality, "nationality"},
    {PrefillSource::kDocumentNumber, "document_number"},
    {PrefillSource::kDocumentExpiry, "document_expiry"},
    {PrefillSource::kPlaceOfBirth, "place_of_birth"},
    {PrefillSource::kAddress, "address"},
};

}  // namespace

const std::string& LocalizedText::In(std::string_view language) const {
  static const std::string kEmpty;
  auto it = by_language.find(std::string(language));
  if (it != by_language.end()) return it->second;
  it = by_language.find("fr");
  return it != by_language.end() ? it->second : kEmpty;
}

std::string_view QuestionTypeName(QuestionType type) {
  for (auto [t, name] : kTypeNames) {
    if (t == type) return name;
  }
  return "unknown";
}

std::optional<QuestionType> QuestionTypeFromName(std::string_view name) {
  for (auto [t, n] : kTypeNames) {
    if (n == name) return t;
  }
  return std::nullopt;
}

std::string_view PrefillSourceName(PrefillSource source) {
  for (auto [s, name] : kPrefillNames) {
    if (s == source) return name;
  }
  return "none";
}

std::optional<PrefillSource> PrefillSourceFromName(std::string_view name) {
  for (auto [s, n] : kPrefillNames) {
    if (n == name) return s;
  }
  return std::nullopt;
}

const Choice* Question::FindChoice(std::string_view value) const {
  for (const auto& choice : choices) {
    if (choice.value == value) return &choice;
  }
  return nullptr;
}

const Question* Procedure::FindQuestion(std::string_view question_id) const {
  for (const auto& step : steps) {
    for (const auto& question : step.questions) {
      if (question.id == question_id) return &question;
    }
  }
  return nullptr;
}

std::vector<const Question*> Procedure::AllQuestions() const {
  std::vector<const Question*> all;
  for (const auto& step : steps) {
    for (const auto& question : step.questions) all.push_back(&question);
  }
  return all;
}

}  // namespace kiosk::procedure
