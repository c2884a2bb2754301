// The procedure engine: one citizen going through one procedure, without any UI code.
//
// A touch screen (or kioskctl, headless) drives a ProcedureSession: it draws CurrentStep(),
// passes what the citizen enters to SetAnswer(), calls Next() / Back(), shows Review(), and
// calls Confirm() to get the frozen submission. Every text a view model returns is already in
// the session's language. Answers are never lost by going back, by changing language, or by
// a question becoming irrelevant and relevant again (they are only left out of the
// submission while irrelevant).
//
// Thread: not thread-safe; one session belongs to the UI thread that drives it. The
// Procedure is shared and immutable.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "kiosk/procedure/procedure.h"
#include "kiosk/procedure/submission.h"

namespace kiosk::procedure {

// What an identity document gave, as text ready for prefill (empty = not available).
// Dates are "YYYY-MM-DD"; names as the document writes them (the MRZ drops accents).
struct IdentityData {
  std::string surname;
  std::string given_names;
  std::string birth_date;
  std::string sex;  // "F", "M" or "X"
  std::string nationality;
  std::string document_number;
  std::string document_expiry;
  std::string place_of_birth;
  nlohmann::json address;  // {"street", "postcode", "commune"} from DG11, or null
};

// Overwrites every string held in `value`, recursively, then makes it null.
void WipeJson(nlohmann::json& value);

// Reads IdentityData from JSON with the same field names (kioskctl --identity). Unknown keys
// are an error.
StatusOr<IdentityData> IdentityDataFromJson(const nlohmann::json& json);

struct SessionOptions {
  std::string language = "fr";  // the citizen's language (falls back to French per text)
  std::string kiosk_id;
  std::string time_zone = "Europe/Paris";
  IdentitySource identity_source = IdentitySource::kNone;
  std::optional<std::string> assisted_by;  // staff id in assisted mode
  std::optional<IdentityData> identity;    // prefills matching questions
  const Clock* clock = nullptr;            // nullptr = SystemClock()
  // Submission ids; nullptr = NewSubmissionId(). Tests inject a fixed one.
  std::function<StatusOr<std::string>()> new_id;
};

// View models: plain data, ready to draw.
struct ChoiceView {
  std::string value;
  std::string label;
  bool selected = false;
};

struct QuestionView {
  std::string id;
  QuestionType type = QuestionType::kShortText;
  std::string label;
  std::string help;
  bool required = false;
  std::vector<ChoiceView> choices;
  nlohmann::json value;    // what the citizen sees in the field: the stored form, or what was
                           // typed when it could not be stored (with `error` set)
  bool prefilled = false;  // the value came from the identity document and is unchanged
  std::string error;       // message in the session's language, "" when none
};

struct StepView {
  std::string id;
  std::string title;
  std::string help;
  std::vector<QuestionView> questions;  // only relevant, non-calculated questions
  int number = 0;                       // 1-based among the steps that apply
  int count = 0;                        // steps that apply with the answers so far
  bool can_go_back = false;
  bool is_last = false;  // Next() leads to the review
};

struct ReviewItem {
  std::string step_id;
  std::string step_title;
  std::string question_id;
  std::string label;
  std::string value;  // DisplayAnswer(): choice labels, DD/MM/YYYY dates, "Oui"/"Non"
};

class ProcedureSession {
 public:
  enum class Phase { kStep, kReview, kConfirmed };

  // Starts at the first step that applies, with defaults and prefill in place.
  // REQUIRES: procedure != nullptr.
  ProcedureSession(std::shared_ptr<const Procedure> procedure, SessionOptions options);

  const Procedure& procedure() const { return *procedure_; }
  Phase phase() const { return phase_; }
  const std::string& language() const { return options_.language; }
  // Changes the language of every text from now on; answers and errors are kept (errors are
  // re-worded on the next check).
  void SetLanguage(std::string language);

  // The step being filled. REQUIRES: phase() == kStep.
  StepView CurrentStep() const;

  // Records what the citizen entered for `question_id` (any question of the procedure except
  // a calculated one). Returns the message about its form ("" when it could be stored): a
  // malformed value is kept as typed and reported again by Next(). Required answers and
  // constraints are checked by Next(), so that a citizen is not scolded while typing.
  // kNotFound for an unknown question, kFailedPrecondition after Confirm().
  StatusOr<std::string> SetAnswer(std::string_view question_id, const nlohmann::json& value);

  // Checks every question of the current step; when all are valid, moves to the next step
  // that applies (or to the review) and returns true. Otherwise stays, sets each error on its
  // QuestionView and returns false.
  bool Next();

  // The previous step that applies (from the review: the last one). False on the first step.
  bool Back();

  // From the review, goes back to a step to change an answer; Next() then walks forward again.
  // False when the step does not apply.
  bool EditStep(std::string_view step_id);

  // Progress for a progress bar: steps done and steps that apply.
  int StepNumber() const;
  int StepCount() const;

  // Every relevant answered question, in procedure order. Valid in any phase.
  std::vector<ReviewItem> Review() const;

  // Re-checks everything and freezes the submission. REQUIRES: phase() == kReview.
  // kInvalidInput when an answer became invalid (the session moves to its step, with the
  // error set); kFailedPrecondition when not in review or already confirmed.
  StatusOr<FrozenSubmission> Confirm();

  // The answers that count now (Resolve()), as the submission would hold them.
  nlohmann::json ResolvedAnswers() const;

  // Every problem with the current answers over all relevant steps, in procedure order
  // (question id, message). Used by the headless runner.
  std::vector<FieldError> AllErrors() const;

  // Overwrites every answer, typed value, error and the identity held for prefill; the
  // session is then empty (the kiosk calls it when the citizen's session ends).
  void Wipe();

 private:
  Date Today() const;
  std::vector<const Step*> RelevantSteps() const;
  std::string CheckQuestion(const Question& question, const nlohmann::json& answers) const;
  void MoveToFirstFrom(size_t index);

  std::shared_ptr<const Procedure> procedure_;
  SessionOptions options_;
  Phase phase_ = Phase::kStep;
  size_t step_index_ = 0;                             // into procedure_->steps
  nlohmann::json stored_ = nlohmann::json::object();  // normalised answers
  std::map<std::string, nlohmann::json> typed_;       // malformed input, kept as typed
  std::map<std::string, std::string> errors_;         // shown errors by question id
  std::set<std::string> prefilled_;                   // unchanged since prefill
};

}  // namespace kiosk::procedure
