// A procedure as loaded from its YAML definition (docs/procedure-format.md): what the citizen
// is asked, in which order, in which languages, with which checks.
//
// A Procedure is immutable after loading (ParseProcedure in loader.h) and is shared between
// sessions through std::shared_ptr<const Procedure>; it may be read from several threads.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/procedure/expression.h"

namespace kiosk::procedure {

// Texts for the citizen, by language code ("fr", "en", "es", "de"). French is always present
// in a loaded procedure, and is the fallback for a language without a text.
struct LocalizedText {
  std::map<std::string, std::string> by_language;

  // The text in `language`, or the French one, or "" when the text is absent altogether.
  const std::string& In(std::string_view language) const;
  bool empty() const { return by_language.empty(); }
};

enum class QuestionType {
  kShortText,       // one line
  kLongText,        // several lines
  kInteger,         // a whole number
  kDate,            // "YYYY-MM-DD"
  kSingleChoice,    // one value among `choices`
  kMultipleChoice,  // a list of values among `choices`
  kYesNo,           // true / false
  kPhone,           // French or international number, stored as digits with an optional '+'
  kEmail,           // an e-mail address
  kAddress,         // {"street", "postcode", "commune"} (+ optional "complement")
  kConsent,         // a checkbox that must be ticked when required
  kCalculated,      // not asked: its value is `calculate` evaluated over the other answers
};

// The YAML spelling of a type ("short_text", ...), and its inverse.
std::string_view QuestionTypeName(QuestionType type);
std::optional<QuestionType> QuestionTypeFromName(std::string_view name);

// Fields of an identity document that can prefill an answer. The MRZ drops accents, so every
// prefilled answer stays editable.
enum class PrefillSource {
  kNone,
  kSurname,         // "ERIKSSON"
  kGivenNames,      // "ANNA MARIA"
  kBirthDate,       // "1974-08-12"
  kSex,             // "F", "M" or "X"
  kNationality,     // ICAO code, "FRA"
  kDocumentNumber,  // printed on the document
  kDocumentExpiry,  // "2031-04-15"
  kPlaceOfBirth,    // DG11, when the chip has it
  kAddress,         // DG11, when the chip has it: an address object
};
std::string_view PrefillSourceName(PrefillSource source);
std::optional<PrefillSource> PrefillSourceFromName(std::string_view name);

// What the receipt may print of an answer (see ReceiptLines in submission.h).
enum class Printable {
  kNo,       // never printed (the default, except for the two below)
  kInitial,  // only the first letter and a dot: "A."; default for prefill: given_names
  kYes,      // printed in full; default for prefill: surname
};

// Where something was written in its file, for messages (1-based).
struct SourcePosition {
  int line = 0;
  int column = 0;
};

struct Choice {
  std::string value;  // stored in the submission
  LocalizedText label;
};

// One check on an answer, with its own message. Exactly one kind is set.
struct Constraint {
  enum class Kind { kPattern, kMinMax, kLength, kDateRange, kAgeRange, kCheck };
  Kind kind = Kind::kCheck;
  std::string pattern;                     // kPattern: whole answer must match
  std::optional<int64_t> min, max;         // kMinMax (value), kLength (characters), kAgeRange
  std::optional<Date> min_date, max_date;  // kDateRange; "today" is resolved at run time
  bool min_is_today = false, max_is_today = false;
  std::optional<Expression> expression;  // kCheck, and the compiled form of kPattern
  LocalizedText message;
  SourcePosition position;
};

struct Question {
  std::string id;  // [a-z][a-z0-9_]*, unique in the procedure; the key in the submission
  QuestionType type = QuestionType::kShortText;
  LocalizedText label;
  LocalizedText help;
  bool required = false;
  nlohmann::json default_value;  // null when none
  PrefillSource prefill = PrefillSource::kNone;
  std::vector<Choice> choices;
  std::vector<Constraint> constraints;
  std::optional<Expression> relevant;   // asked only when true
  std::optional<Expression> calculate;  // kCalculated only
  Printable printable = Printable::kNo;
  int max_length = 0;  // text types: characters (0 = the type's default)
  SourcePosition position;

  const Choice* FindChoice(std::string_view value) const;
};

struct Step {
  std::string id;
  LocalizedText title;
  LocalizedText help;
  std::optional<Expression> relevant;
  std::vector<Question> questions;
  SourcePosition position;
};

struct Procedure {
  std::string id;  // [a-z][a-z0-9-]*, e.g. "acte-naissance"
  int64_t version = 0;
  LocalizedText title;
  LocalizedText description;
  LocalizedText closing;               // "what happens next", printed on the receipt
  std::vector<std::string> languages;  // languages every text is available in ("fr" first)
  std::vector<Step> steps;
  std::string source_name;  // file name given to the loader
  // Every question id, each after the questions its relevance, its step's relevance and its
  // calculation read (the loader rejects cycles). Resolve() walks answers in this order.
  std::vector<std::string> evaluation_order;

  // nullptr when absent.
  const Question* FindQuestion(std::string_view question_id) const;
  // Every question in order of appearance.
  std::vector<const Question*> AllQuestions() const;
};

}  // namespace kiosk::procedure
