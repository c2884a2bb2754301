// Answers: their stored form, their checks and which of them count.
//
// Answers are a JSON object keyed by question id. The stored form of each type is given in
// docs/procedure-format.md ("Answer values"). The same functions serve the kiosk while the
// citizen types and the centre when it re-validates a received submission, so that both say
// the same thing about the same answers.
#pragma once

#include <chrono>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "kiosk/procedure/procedure.h"

namespace kiosk::procedure {

// Messages the engine itself gives (constraint messages come from the procedure file).
enum class MessageId {
  kRequired,
  kConsentRequired,
  kNotText,
  kTooLong,
  kNotInteger,
  kNotDate,
  kNotChoice,
  kNotYesNo,
  kNotPhone,
  kNotEmail,
  kAddressIncomplete,
  kNotPostcode,
  kNotAsked,
  kCalculatedMismatch,
  kUnknownQuestion,
  kConstraintFailed,
};

// The engine's message in `language` ("fr", "en", "es", "de"; French for anything else).
const std::string& EngineMessage(MessageId id, std::string_view language);

// The outcome of checking one answer.
struct AnswerCheck {
  nlohmann::json value;  // the stored form; null when the answer is empty
  std::string error;     // "" when valid, else a message for the citizen
  bool ok() const { return error.empty(); }
};

// Converts `raw` to the stored form of `question`'s type: Unicode NFC, white space trimmed
// (and collapsed for one-line texts), integers from digits, phone numbers without separators,
// e-mail domains in lower case, multiple choices in the order of the file. Empty answers
// (null, "", [], unticked consent, an address with every part empty) become null.
AnswerCheck NormalizeAnswer(const Question& question, const nlohmann::json& raw,
                            std::string_view language);

// The expression value of a stored answer of `question`: dates become Date, addresses are
// null (read their parts with `id.street`, `id.postcode`, `id.commune`).
Value TypedValue(const Question& question, const nlohmann::json& stored);

// Which steps and questions count for the answers given, and the answers that count:
// answers to questions that are not relevant (or in a step that is not) are dropped, and
// calculated questions get their value. Evaluated in dependency order (see loader.h).
struct Resolution {
  nlohmann::json answers = nlohmann::json::object();
  std::set<std::string> relevant_steps;
  std::set<std::string> relevant_questions;
};
Resolution Resolve(const Procedure& procedure, const nlohmann::json& raw_answers, Date today);

// The context expressions see over resolved answers.
EvaluationContext MakeContext(const Procedure& procedure, const nlohmann::json& answers,
                              Date today);

// Checks one stored answer of a relevant question: required, then the constraints in file
// order (the first failing one gives its message). `answers` are the resolved answers, for
// constraints that read other questions.
std::string CheckConstraints(const Procedure& procedure, const Question& question,
                             const nlohmann::json& stored, const nlohmann::json& answers,
                             Date today, std::string_view language);

// The date of `time` in UTC, which is what today() means (see docs/procedure-format.md).
Date UtcDate(std::chrono::system_clock::time_point time);

}  // namespace kiosk::procedure
