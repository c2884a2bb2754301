#include "kiosk/procedure/session.h"

#include <fmt/format.h>

#include "base/log.h"
#include "base/wipe.h"
#include "kiosk/procedure/answer.h"

namespace kiosk::procedure {
namespace {

std::string PrefillText(const IdentityData& identity, PrefillSource source) {
  switch (source) {
    case PrefillSource::kSurname:
      return identity.surname;
    case PrefillSource::kGivenNames:
      return identity.given_names;
    case PrefillSource::kBirthDate:
      return identity.birth_date;
    case PrefillSource::kSex:
      return identity.sex;
    case PrefillSource::kNationality:
      return identity.nationality;
    case PrefillSource::kDocumentNumber:
      return identity.document_number;
    case PrefillSource::kDocumentExpiry:
      return identity.document_expiry;
    case PrefillSource::kPlaceOfBirth:
      return identity.place_of_birth;
    default:
      return "";
  }
}

}  // namespace

StatusOr<IdentityData> IdentityDataFromJson(const nlohmann::json& json) {
  if (!json.is_object()) return InvalidInputError("identity must be a JSON object");
  IdentityData identity;
  const std::map<std::string, std::string*> fields = {
      {"surname", &identity.surname},
      {"given_names", &identity.given_names},
      {"birth_date", &identity.birth_date},
      {"sex", &identity.sex},
      {"nationality", &identity.nationality},
      {"document_number", &identity.document_number},
      {"document_expiry", &identity.document_expiry},
      {"place_of_birth", &identity.place_of_birth},
  };
  for (const auto& [key, value] : json.items()) {
    if (key == "address") {
      identity.address = value;
      continue;
    }
    auto it = fields.find(key);
    if (it == fields.end())
      return InvalidInputError(fmt::format("unknown identity field '{}'", key));
    if (!value.is_string())
      return InvalidInputError(fmt::format("identity field '{}' must be text", key));
    *it->second = value.get<std::string>();
  }
  return identity;
}

ProcedureSession::ProcedureSession(std::shared_ptr<const Procedure> procedure,
                                   SessionOptions options)
    : procedure_(std::move(procedure)), options_(std::move(options)) {
  for (const Question* question : procedure_->AllQuestions()) {
    if (question->type == QuestionType::kCalculated) continue;
    if (!question->default_value.is_null()) stored_[question->id] = question->default_value;
    if (!options_.identity || question->prefill == PrefillSource::kNone) continue;

    // A prefill that does not fit the question (a sex "X" with only F/M choices, a date the
    // chip wrote oddly) is left out: the citizen types it instead.
    nlohmann::json raw = question->prefill == PrefillSource::kAddress
                             ? options_.identity->address
                             : nlohmann::json(PrefillText(*options_.identity, question->prefill));
    AnswerCheck check = NormalizeAnswer(*question, raw, options_.language);
    if (check.ok() && !check.value.is_null()) {
      stored_[question->id] = check.value;
      prefilled_.insert(question->id);
    }
  }
  MoveToFirstFrom(0);
}

Date ProcedureSession::Today() const {
  const Clock& clock = options_.clock ? *options_.clock : SystemClock();
  return UtcDate(clock.Now());
}

void ProcedureSession::SetLanguage(std::string language) {
  options_.language = std::move(language);
  nlohmann::json answers = ResolvedAnswers();
  for (auto& [id, message] : errors_) {
    const Question* question = procedure_->FindQuestion(id);
    if (question == nullptr) continue;
    auto typed = typed_.find(id);
    message = typed != typed_.end()
                  ? NormalizeAnswer(*question, typed->second, options_.language).error
                  : CheckQuestion(*question, answers);
  }
}

nlohmann::json ProcedureSession::ResolvedAnswers() const {
  return Resolve(*procedure_, stored_, Today()).answers;
}

std::vector<const Step*> ProcedureSession::RelevantSteps() const {
  Resolution resolution = Resolve(*procedure_, stored_, Today());
  std::vector<const Step*> steps;
  for (const auto& step : procedure_->steps) {
    if (!resolution.relevant_steps.count(step.id)) continue;
    // A step whose every question is calculated or irrelevant has nothing to ask.
    bool asks = std::any_of(step.questions.begin(), step.questions.end(), [&](const Question& q) {
      return q.type != QuestionType::kCalculated && resolution.relevant_questions.count(q.id);
    });
    if (asks) steps.push_back(&step);
  }
  return steps;
}

void ProcedureSession::MoveToFirstFrom(size_t index) {
  auto relevant = RelevantSteps();
  for (size_t i = index; i < procedure_->steps.size(); ++i) {
    if (std::find(relevant.begin(), relevant.end(), &procedure_->steps[i]) != relevant.end()) {
      step_index_ = i;
      phase_ = Phase::kStep;
      return;
    }
  }
  phase_ = Phase::kReview;
}

std::string ProcedureSession::CheckQuestion(const Question& question,
                                            const nlohmann::json& answers) const {
  auto typed = typed_.find(question.id);
  if (typed != typed_.end())
    return NormalizeAnswer(question, typed->second, options_.language).error;
  nlohmann::json value = answers.contains(question.id) ? answers[question.id] : nullptr;
  return CheckConstraints(*procedure_, question, value, answers, Today(), options_.language);
}

StepView ProcedureSession::CurrentStep() const {
  StepView view;
  if (phase_ != Phase::kStep) return view;
  const Step& step = procedure_->steps[step_index_];
  const std::string& lang = options_.language;
  Resolution resolution = Resolve(*procedure_, stored_, Today());
  view.id = step.id;
  view.title = step.title.In(lang);
  view.help = step.help.In(lang);
  for (const auto& question : step.questions) {
    if (question.type == QuestionType::kCalculated ||
        !resolution.relevant_questions.count(question.id)) {
      continue;
    }
    QuestionView q;
    q.id = question.id;
    q.type = question.type;
    q.label = question.label.In(lang);
    q.help = question.help.In(lang);
    q.required = question.required ||
                 (question.required_if && question.required_if->IsTrue(MakeContext(
                                              *procedure_, resolution.answers, Today())));
    auto typed = typed_.find(question.id);
    if (typed != typed_.end()) {
      q.value = typed->second;
    } else if (stored_.contains(question.id)) {
      q.value = stored_[question.id];
    }
    for (const auto& choice : question.choices) {
      bool selected = q.value.is_string() ? q.value == choice.value
                      : q.value.is_array()
                          ? std::find(q.value.begin(), q.value.end(), choice.value) != q.value.end()
                          : false;
      q.choices.push_back({choice.value, choice.label.In(lang), selected});
    }
    q.prefilled = prefilled_.count(question.id) > 0;
    auto error = errors_.find(question.id);
    if (error != errors_.end()) q.error = error->second;
    view.questions.push_back(std::move(q));
  }
  auto relevant = RelevantSteps();
  view.count = static_cast<int>(relevant.size());
  for (size_t i = 0; i < relevant.size(); ++i) {
    if (relevant[i] == &step) view.number = static_cast<int>(i) + 1;
  }
  view.can_go_back = view.number > 1;
  view.is_last = view.number == view.count;
  return view;
}

StatusOr<std::string> ProcedureSession::SetAnswer(std::string_view question_id,
                                                  const nlohmann::json& value) {
  if (phase_ == Phase::kConfirmed) return FailedPreconditionError("the procedure is confirmed");
  const Question* question = procedure_->FindQuestion(question_id);
  if (question == nullptr || question->type == QuestionType::kCalculated) {
    return NotFoundError(fmt::format("no question '{}' to answer", question_id));
  }
  std::string id(question_id);
  AnswerCheck check = NormalizeAnswer(*question, value, options_.language);
  errors_.erase(id);
  if (!check.ok()) {
    typed_[id] = value;
    errors_[id] = check.error;
    return check.error;
  }
  typed_.erase(id);
  if (prefilled_.count(id) && stored_.contains(id) && stored_[id] != check.value) {
    prefilled_.erase(id);
  }
  if (check.value.is_null()) {
    stored_.erase(id);
  } else {
    stored_[id] = check.value;
  }
  return std::string();
}

bool ProcedureSession::Next() {
  if (phase_ != Phase::kStep) return false;
  const Step& step = procedure_->steps[step_index_];
  Resolution resolution = Resolve(*procedure_, stored_, Today());
  bool all_valid = true;
  for (const auto& question : step.questions) {
    errors_.erase(question.id);
    if (question.type == QuestionType::kCalculated ||
        !resolution.relevant_questions.count(question.id)) {
      continue;
    }
    std::string error = CheckQuestion(question, resolution.answers);
    if (!error.empty()) {
      errors_[question.id] = error;
      all_valid = false;
    }
  }
  if (!all_valid) return false;
  MoveToFirstFrom(step_index_ + 1);
  return true;
}

bool ProcedureSession::Back() {
  if (phase_ == Phase::kConfirmed) return false;
  auto relevant = RelevantSteps();
  if (phase_ == Phase::kReview) {
    if (relevant.empty()) return false;
    step_index_ = static_cast<size_t>(relevant.back() - procedure_->steps.data());
    phase_ = Phase::kStep;
    return true;
  }
  for (size_t i = step_index_; i-- > 0;) {
    if (std::find(relevant.begin(), relevant.end(), &procedure_->steps[i]) != relevant.end()) {
      step_index_ = i;
      return true;
    }
  }
  return false;
}

bool ProcedureSession::EditStep(std::string_view step_id) {
  if (phase_ == Phase::kConfirmed) return false;
  for (const Step* step : RelevantSteps()) {
    if (step->id == step_id) {
      step_index_ = static_cast<size_t>(step - procedure_->steps.data());
      phase_ = Phase::kStep;
      return true;
    }
  }
  return false;
}

int ProcedureSession::StepNumber() const {
  if (phase_ != Phase::kStep) return StepCount();
  return CurrentStep().number;
}

int ProcedureSession::StepCount() const { return static_cast<int>(RelevantSteps().size()); }

std::vector<ReviewItem> ProcedureSession::Review() const {
  std::vector<ReviewItem> items;
  Resolution resolution = Resolve(*procedure_, stored_, Today());
  const std::string& lang = options_.language;
  for (const Step* step : RelevantSteps()) {
    for (const auto& question : step->questions) {
      if (question.type == QuestionType::kCalculated || !resolution.answers.contains(question.id)) {
        continue;
      }
      items.push_back({step->id, step->title.In(lang), question.id, question.label.In(lang),
                       DisplayAnswer(question, resolution.answers[question.id], lang)});
    }
  }
  return items;
}

std::vector<FieldError> ProcedureSession::AllErrors() const {
  std::vector<FieldError> errors;
  Resolution resolution = Resolve(*procedure_, stored_, Today());
  for (const Step* step : RelevantSteps()) {
    for (const auto& question : step->questions) {
      if (question.type == QuestionType::kCalculated ||
          !resolution.relevant_questions.count(question.id)) {
        continue;
      }
      std::string error = CheckQuestion(question, resolution.answers);
      if (!error.empty()) errors.push_back({question.id, error});
    }
  }
  return errors;
}

StatusOr<FrozenSubmission> ProcedureSession::Confirm() {
  if (phase_ != Phase::kReview) {
    return FailedPreconditionError("confirm is only possible from the review");
  }
  // Time may have passed since the steps were checked (an age limit crossed at midnight):
  // check everything again at the instant that goes into the submission.
  const Clock& clock = options_.clock ? *options_.clock : SystemClock();
  auto now = clock.Now();
  auto errors = AllErrors();
  if (!errors.empty()) {
    const Question* question = procedure_->FindQuestion(errors.front().question);
    for (const auto& error : errors) errors_[error.question] = error.message;
    for (size_t i = 0; i < procedure_->steps.size(); ++i) {
      for (const auto& q : procedure_->steps[i].questions) {
        if (&q == question) {
          step_index_ = i;
          phase_ = Phase::kStep;
        }
      }
    }
    return InvalidInputError(fmt::format("{} answer(s) are not valid", errors.size()));
  }

  SubmissionEnvelope envelope;
  auto id = options_.new_id ? options_.new_id() : NewSubmissionId();
  if (!id.ok()) return id.status();
  envelope.id = *id;
  envelope.created_at = now;
  envelope.kiosk_id = options_.kiosk_id;
  envelope.time_zone = options_.time_zone;
  envelope.identity_source = options_.identity_source;
  envelope.assisted_by = options_.assisted_by;
  envelope.language = options_.language;
  if (std::find(procedure_->languages.begin(), procedure_->languages.end(), envelope.language) ==
      procedure_->languages.end()) {
    envelope.language = "fr";  // the texts the citizen saw were the French ones
  }
  auto frozen =
      FreezeSubmission(*procedure_, Resolve(*procedure_, stored_, UtcDate(now)).answers, envelope);
  if (!frozen.ok()) return frozen.status();
  phase_ = Phase::kConfirmed;
  Log(Subsystem::kProcedure)
      .info("procedure {} v{} confirmed as submission {}", procedure_->id, procedure_->version,
            frozen->id);
  return frozen;
}

void WipeJson(nlohmann::json& value) {
  if (value.is_string()) {
    WipeString(value.get_ref<std::string&>());
  } else if (value.is_structured()) {
    for (auto& item : value) WipeJson(item);
  }
  value = nullptr;
}

void ProcedureSession::Wipe() {
  WipeJson(stored_);
  stored_ = nlohmann::json::object();
  for (auto& [id, value] : typed_) WipeJson(value);
  typed_.clear();
  for (auto& [id, message] : errors_) WipeString(message);
  errors_.clear();
  prefilled_.clear();
  if (options_.identity) {
    IdentityData& identity = *options_.identity;
    for (std::string* text : {&identity.surname, &identity.given_names, &identity.birth_date,
                              &identity.sex, &identity.nationality, &identity.document_number,
                              &identity.document_expiry, &identity.place_of_birth}) {
      WipeString(*text);
    }
    WipeJson(identity.address);
    options_.identity.reset();
  }
  if (options_.assisted_by) WipeString(*options_.assisted_by);
  options_.assisted_by.reset();
}

}  // namespace kiosk::procedure
