// What the flow needs from a procedure engine: the catalog, each procedure's questions in
// the citizen's language, validation of one answer, and the frozen submission.
//
// The flow keeps the answers (they belong to the CitizenSession); the runner only describes
// questions and checks values, so it holds no citizen data between calls.
// Thread: drawing thread only.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "kiosk/session/citizen_session.h"

namespace kiosk::session {

struct ProcedureSummary {
  std::string id;
  int version = 1;
  std::string title;
  std::string description;
  bool card_required = false;  // false: "continue without card" is allowed
};

enum class QuestionKind { kText, kDate, kNumber, kChoice };

struct ChoiceOption {
  std::string value;
  std::string label;
};

struct Question {
  std::string id;
  std::string label;
  std::string help;
  QuestionKind kind = QuestionKind::kText;
  std::vector<ChoiceOption> options;  // kChoice
  bool required = true;
};

class ProcedureRunner {
 public:
  virtual ~ProcedureRunner() = default;

  virtual std::vector<ProcedureSummary> Catalog(const std::string& language) const = 0;

  // The questions of `procedure_id` in order, in `language`.
  virtual StatusOr<std::vector<Question>> Questions(const std::string& procedure_id,
                                                    const std::string& language) const = 0;

  // The value to show first for `question_id`, from the card when there is one.
  virtual std::string Prefill(const std::string& procedure_id, const std::string& question_id,
                              const CardIdentity* identity) const = 0;

  // Checks one answer; the error message is in `language`, meant for the citizen.
  virtual std::optional<std::string> Validate(const std::string& procedure_id,
                                              const std::string& question_id,
                                              const std::string& value,
                                              const std::string& language) const = 0;

  // The answer as the citizen should read it on the review screen (choice labels, dates).
  virtual std::string DisplayValue(const std::string& procedure_id, const std::string& question_id,
                                   const std::string& value, const std::string& language) const = 0;
};

}  // namespace kiosk::session
