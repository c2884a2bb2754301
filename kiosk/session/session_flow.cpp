#include "kiosk/session/session_flow.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/log.h"
#include "kiosk/procedure/submission.h"

namespace kiosk::session {
namespace {

using procedure::QuestionType;
using std::chrono::duration_cast;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr size_t kCanDigits = 6;
constexpr size_t kMaxPinDigits = 12;
constexpr size_t kMaxAgentBytes = 64;
constexpr size_t kShortTextChars = 200;
constexpr size_t kLongTextChars = 2000;
constexpr size_t kDateDigits = 8;
constexpr size_t kIntegerDigits = 10;
constexpr size_t kPhoneChars = 20;
constexpr size_t kPostcodeDigits = 5;
// After this long on the "printing" screen the citizen sees the done screen (with its
// reference and QR code) while the printer finishes or fails.
constexpr seconds kLongestPrintingScreen{8};

// The parts of an address answer, in the order the screen shows them.
constexpr const char* kAddressParts[] = {"street", "complement", "postcode", "commune"};
constexpr size_t kPostcodePart = 2;

// Removes the last UTF-8 code point of `text`.
void PopCodePoint(std::string& text) {
  while (!text.empty()) {
    unsigned char last = static_cast<unsigned char>(text.back());
    text.pop_back();
    if ((last & 0xC0) != 0x80) break;  // not a continuation byte: the code point's start
  }
}

size_t CodePoints(const std::string& text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool CitizenScreen(Screen screen) {
  return screen != Screen::kWelcome && screen != Screen::kOutOfService;
}

bool StaffScreen(Screen screen) {
  return screen == Screen::kStaffPin || screen == Screen::kStaff ||
         screen == Screen::kStaffAssist || screen == Screen::kStaffSelfTest;
}

bool TextTyped(QuestionType type) {
  switch (type) {
    case QuestionType::kShortText:
    case QuestionType::kLongText:
    case QuestionType::kInteger:
    case QuestionType::kDate:
    case QuestionType::kPhone:
    case QuestionType::kEmail:
    case QuestionType::kAddress:
      return true;
    default:
      return false;
  }
}

// "1990-05-12" -> "12051990", the digits the keypad edits.
std::string IsoDateToDigits(const std::string& iso) {
  if (iso.size() == 10 && iso[4] == '-' && iso[7] == '-') {
    return iso.substr(8, 2) + iso.substr(5, 2) + iso.substr(0, 4);
  }
  std::string digits;
  for (char c : iso) {
    if (IsDigit(c)) digits += c;
  }
  return digits;
}

// "12051990" -> "1990-05-12"; anything shorter stays as typed (the engine says it is not a
// date).
std::string DigitsToIsoDate(const std::string& digits) {
  if (digits.size() != kDateDigits) return digits;
  return digits.substr(4, 4) + "-" + digits.substr(2, 2) + "-" + digits.substr(0, 2);
}

// "120519" -> "12/05/19", as the citizen types a date.
std::string FormatDateDigits(const std::string& digits) {
  std::string shown;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i == 2 || i == 4) shown += '/';
    shown += digits[i];
  }
  return shown;
}

bool AsksIdentity(const procedure::Procedure& procedure) {
  for (const procedure::Question* question : procedure.AllQuestions()) {
    if (question->prefill != procedure::PrefillSource::kNone) return true;
  }
  return false;
}

}  // namespace

std::string_view ScreenName(Screen screen) {
  switch (screen) {
    case Screen::kWelcome:
      return "welcome";
    case Screen::kIdentify:
      return "identify";
    case Screen::kCanEntry:
      return "can";
    case Screen::kCatalog:
      return "catalog";
    case Screen::kStep:
      return "step";
    case Screen::kReview:
      return "review";
    case Screen::kWorking:
      return "working";
    case Screen::kDone:
      return "done";
    case Screen::kError:
      return "error";
    case Screen::kOutOfService:
      return "out-of-service";
    case Screen::kStaffPin:
      return "staff-pin";
    case Screen::kStaff:
      return "staff";
    case Screen::kStaffAssist:
      return "staff-assist";
    case Screen::kStaffSelfTest:
      return "staff-selftest";
  }
  return "unknown";
}

void Receipt::Wipe() {
  for (auto& line : lines) {
    WipeString(line.label);
    WipeString(line.value);
  }
  lines.clear();
}

SessionFlow::SessionFlow(FlowConfig config, FlowPorts ports, const Clock& clock, EventQueue& events,
                         JobRunner& jobs)
    : config_(std::move(config)),
      ports_(ports),
      clock_(clock),
      events_(events),
      jobs_(jobs),
      slow_jobs_(std::make_unique<JobRunner>()),
      session_gone_(std::make_shared<std::atomic<bool>>(false)),
      lockout_(clock) {
  if (config_.languages.empty()) config_.languages = {"fr"};
  session_.Wipe({.language = config_.languages.front()});
  last_activity_ = clock_.Steady();
}

SessionFlow::~SessionFlow() {
  // A receipt being printed is printed; then nothing of the last citizen stays in memory.
  slow_jobs_.reset();
  if (last_receipt_) last_receipt_->Wipe();
}

void SessionFlow::WaitForJobs() {
  jobs_.WaitIdle();
  slow_jobs_->WaitIdle();
}

bool SessionFlow::SessionActive() const {
  if (CitizenScreen(screen_)) return true;
  // A citizen who only changed the language or the text size on the welcome screen and left:
  // the next one must get the defaults back.
  const auto& p = session_.preferences;
  return p.language != config_.languages.front() || p.text_percent != 100 || p.high_contrast ||
         p.audio;
}

void SessionFlow::Go(Screen screen) {
  if (screen != screen_) {
    Log(Subsystem::kSession).debug("screen {} -> {}", ScreenName(screen_), ScreenName(screen));
  }
  screen_ = screen;
  field_error_.clear();
  WipeString(answer_error_);
}

void SessionFlow::StartSession() {
  session_gone_ = std::make_shared<std::atomic<bool>>(false);
  last_activity_ = clock_.Steady();
  Log(Subsystem::kSession).info("session {} started", serial_);
}

void SessionFlow::EndSession(std::string_view reason) {
  Log(Subsystem::kSession).info("session {} ended: {}", serial_, reason);
  session_gone_->store(true);
  bool card_present = session_.card_present;
  session_.Wipe({.language = config_.languages.front()});
  session_.card_present = card_present;  // the reader's state, not the citizen's
  catalog_.clear();
  offered_.clear();
  WipeString(question_id_);
  focused_part_ = 0;
  return_to_review_ = false;
  WipeString(answer_error_);
  field_error_.clear();
  message_key_.clear();
  WipeString(reference_);
  WipeString(central_reference_);
  printing_ = false;
  receipt_printed_ = false;
  print_problem_.clear();
  idle_warning_ = false;
  card_removed_at_.reset();
  corner_held_since_.reset();
  checking_pin_ = false;
  checks_.clear();
  ++serial_;
  ++sessions_ended_;
  Go(out_of_service_ ? Screen::kOutOfService : Screen::kWelcome);
  last_activity_ = clock_.Steady();
}

void SessionFlow::ShowCatalog() {
  offered_ = ports_.procedures->Procedures();
  catalog_.clear();
  const std::string& language = session_.preferences.language;
  for (const auto& procedure : offered_) {
    catalog_.push_back({procedure->id, procedure->version, procedure->title.In(language),
                        procedure->description.In(language)});
  }
  Go(Screen::kCatalog);
  if (catalog_.empty()) field_error_ = "catalog.empty";
}

void SessionFlow::ChooseProcedure(const std::string& id) {
  std::shared_ptr<const procedure::Procedure> chosen;
  for (const auto& procedure : offered_) {
    if (procedure->id == id) chosen = procedure;
  }
  if (chosen == nullptr) return;

  procedure::SessionOptions options;
  options.language = session_.preferences.language;
  options.kiosk_id = config_.kiosk_id;
  options.time_zone = config_.time_zone;
  options.clock = &clock_;
  if (session_.has_identity()) {
    options.identity_source = session_.identity().source;
    options.identity = session_.identity().ToIdentityData();
  } else {
    options.identity_source =
        AsksIdentity(*chosen) ? IdentitySource::kTyped : IdentitySource::kNone;
  }
  if (!session_.assisted_by.empty()) options.assisted_by = session_.assisted_by;
  session_.StartProcedure(std::make_unique<procedure::ProcedureSession>(chosen, options));
  Log(Subsystem::kSession)
      .info("session {} chose procedure {} v{}", serial_, chosen->id, chosen->version);
  return_to_review_ = false;
  ShowStepFrom(false);
}

procedure::StepView SessionFlow::CurrentStep() const {
  const procedure::ProcedureSession* engine = session_.procedure();
  if (engine == nullptr || engine->phase() != procedure::ProcedureSession::Phase::kStep) return {};
  return engine->CurrentStep();
}

const procedure::QuestionView* SessionFlow::CurrentQuestion(const procedure::StepView& step) const {
  for (const auto& question : step.questions) {
    if (question.id == question_id_) return &question;
  }
  return nullptr;
}

void SessionFlow::ShowQuestion(const std::string& question_id) {
  procedure::StepView step = CurrentStep();
  question_id_ = question_id;
  const procedure::QuestionView* question = CurrentQuestion(step);
  if (question == nullptr) return;
  Go(Screen::kStep);
  LoadInput(*question);
  answer_error_ = question->error;
}

void SessionFlow::ShowStepFrom(bool last) {
  procedure::ProcedureSession* engine = session_.procedure();
  if (engine == nullptr) return;
  // A step whose questions are all calculated or irrelevant has nothing to show: the engine
  // checks it and moves on.
  for (int guard = 0; guard < 1000; ++guard) {
    if (engine->phase() == procedure::ProcedureSession::Phase::kReview) {
      Go(Screen::kReview);
      return;
    }
    procedure::StepView step = engine->CurrentStep();
    if (!step.questions.empty()) {
      ShowQuestion(last ? step.questions.back().id : step.questions.front().id);
      return;
    }
    bool moved = last ? engine->Back() : engine->Next();
    if (!moved) break;
  }
  Log(Subsystem::kSession).error("procedure {} has no question to ask", engine->procedure().id);
  session_.EndProcedure();
  ShowCatalog();
}

void SessionFlow::LoadInput(const procedure::QuestionView& question) {
  session_.ClearInput();
  focused_part_ = 0;
  const nlohmann::json& value = question.value;
  switch (question.type) {
    case QuestionType::kShortText:
    case QuestionType::kLongText:
    case QuestionType::kPhone:
    case QuestionType::kEmail:
    case QuestionType::kInteger:
      if (value.is_string()) {
        session_.input() = value.get<std::string>();
      } else if (value.is_number()) {
        session_.input() = value.dump();
      }
      break;
    case QuestionType::kDate:
      if (value.is_string()) session_.input() = IsoDateToDigits(value.get<std::string>());
      break;
    case QuestionType::kAddress:
      session_.parts().assign(std::size(kAddressParts), "");
      if (value.is_object()) {
        for (size_t i = 0; i < std::size(kAddressParts); ++i) {
          auto it = value.find(kAddressParts[i]);
          if (it != value.end() && it->is_string()) session_.parts()[i] = it->get<std::string>();
        }
      }
      break;
    default:
      break;  // choices live in the engine; the screen shows its selection
  }
}

nlohmann::json SessionFlow::InputAsAnswer(const procedure::QuestionView& question) const {
  const std::string& input = session_.input();
  switch (question.type) {
    case QuestionType::kDate:
      return input.empty() ? nlohmann::json(nullptr) : nlohmann::json(DigitsToIsoDate(input));
    case QuestionType::kAddress: {
      nlohmann::json address = nlohmann::json::object();
      for (size_t i = 0; i < session_.parts().size() && i < std::size(kAddressParts); ++i) {
        if (!session_.parts()[i].empty()) address[kAddressParts[i]] = session_.parts()[i];
      }
      return address.empty() ? nlohmann::json(nullptr) : address;
    }
    default:
      return input.empty() ? nlohmann::json(nullptr) : nlohmann::json(input);
  }
}

std::string SessionFlow::CommitInput() {
  procedure::ProcedureSession* engine = session_.procedure();
  if (engine == nullptr) return "";
  procedure::StepView step = CurrentStep();
  const procedure::QuestionView* question = CurrentQuestion(step);
  if (question == nullptr || !TextTyped(question->type)) return "";
  nlohmann::json answer = InputAsAnswer(*question);
  auto message = engine->SetAnswer(question_id_, answer);
  WipeJson(answer);
  if (!message.ok()) return std::string(message.status().message());
  return *message;
}

std::string SessionFlow::ErrorOf(const std::string& question_id) const {
  const procedure::ProcedureSession* engine = session_.procedure();
  if (engine == nullptr) return "";
  for (const auto& error : engine->AllErrors()) {
    if (error.question == question_id) return error.message;
  }
  return "";
}

void SessionFlow::ShowFirstError() {
  procedure::StepView step = CurrentStep();
  for (const auto& question : step.questions) {
    if (!question.error.empty()) {
      ShowQuestion(question.id);
      return;
    }
  }
  if (!step.questions.empty()) ShowQuestion(step.questions.front().id);
}

void SessionFlow::NextQuestion() {
  std::string message = CommitInput();
  if (message.empty()) message = ErrorOf(question_id_);
  if (!message.empty()) {
    answer_error_ = message;
    return;
  }

  // Back from the review to change one answer: the rest of the step was answered already,
  // so the whole step is checked and the citizen returns to the review.
  if (return_to_review_) {
    ToReviewOrNext();
    return;
  }

  // The answer may have made other questions of the step relevant or irrelevant.
  procedure::StepView step = CurrentStep();
  for (size_t i = 0; i < step.questions.size(); ++i) {
    if (step.questions[i].id == question_id_ && i + 1 < step.questions.size()) {
      ShowQuestion(step.questions[i + 1].id);
      return;
    }
  }
  ToReviewOrNext();
}

void SessionFlow::ToReviewOrNext() {
  procedure::ProcedureSession* engine = session_.procedure();
  if (!engine->Next()) {
    ShowFirstError();
    return;
  }
  if (return_to_review_) {
    // Back from the review to change one answer: walk forward over the steps already
    // answered, stopping where a newly relevant question needs an answer.
    while (engine->phase() == procedure::ProcedureSession::Phase::kStep) {
      if (!engine->Next()) {
        return_to_review_ = false;
        ShowFirstError();
        return;
      }
    }
    return_to_review_ = false;
  }
  ShowStepFrom(false);
}

void SessionFlow::PreviousQuestion() {
  CommitInput();  // kept as typed, checked again on the way forward
  return_to_review_ = false;
  procedure::StepView step = CurrentStep();
  for (size_t i = 0; i < step.questions.size(); ++i) {
    if (step.questions[i].id == question_id_ && i > 0) {
      ShowQuestion(step.questions[i - 1].id);
      return;
    }
  }
  if (session_.procedure()->Back()) {
    ShowStepFrom(true);
    return;
  }
  // Before the first question: back to the catalog, this procedure's answers dropped.
  session_.EndProcedure();
  session_.ClearInput();
  ShowCatalog();
}

size_t SessionFlow::EntryLimit() const {
  switch (screen_) {
    case Screen::kCanEntry:
      return kCanDigits;
    case Screen::kStaffPin:
      return kMaxPinDigits;
    case Screen::kStaffAssist:
      return kMaxAgentBytes;
    case Screen::kStep: {
      procedure::StepView step = CurrentStep();
      const procedure::QuestionView* question = CurrentQuestion(step);
      if (question == nullptr) return 0;
      const procedure::Question* definition =
          session_.procedure()->procedure().FindQuestion(question->id);
      size_t text_limit = definition && definition->max_length > 0
                              ? static_cast<size_t>(definition->max_length)
                              : kShortTextChars;
      switch (question->type) {
        case QuestionType::kLongText:
          return definition && definition->max_length > 0 ? text_limit : kLongTextChars;
        case QuestionType::kDate:
          return kDateDigits;
        case QuestionType::kInteger:
          return kIntegerDigits;
        case QuestionType::kPhone:
          return kPhoneChars;
        case QuestionType::kAddress:
          return focused_part_ == static_cast<int>(kPostcodePart) ? kPostcodeDigits
                                                                  : kShortTextChars;
        default:
          return text_limit;
      }
    }
    default:
      return 0;
  }
}

bool SessionFlow::EntryDigitsOnly() const {
  if (screen_ == Screen::kCanEntry || screen_ == Screen::kStaffPin) return true;
  if (screen_ != Screen::kStep) return false;
  procedure::StepView step = CurrentStep();
  const procedure::QuestionView* question = CurrentQuestion(step);
  if (question == nullptr) return false;
  return question->type == QuestionType::kDate || question->type == QuestionType::kInteger ||
         (question->type == QuestionType::kAddress &&
          focused_part_ == static_cast<int>(kPostcodePart));
}

void SessionFlow::TypeInto(const std::string& text) {
  if (checking_pin_) return;
  std::string* buffer = nullptr;
  bool phone = false;
  bool multi_line = false;
  if (screen_ == Screen::kCanEntry || screen_ == Screen::kStaffPin ||
      screen_ == Screen::kStaffAssist) {
    buffer = &session_.input();
  } else if (screen_ == Screen::kStep) {
    procedure::StepView step = CurrentStep();
    const procedure::QuestionView* question = CurrentQuestion(step);
    if (question == nullptr || !TextTyped(question->type)) return;
    phone = question->type == QuestionType::kPhone;
    multi_line = question->type == QuestionType::kLongText;
    if (question->type == QuestionType::kAddress) {
      if (focused_part_ < 0 || focused_part_ >= static_cast<int>(session_.parts().size())) return;
      buffer = &session_.parts()[focused_part_];
    } else {
      buffer = &session_.input();
    }
  }
  if (buffer == nullptr) return;

  size_t limit = EntryLimit();
  bool digits_only = EntryDigitsOnly();
  // Whole code points, so that a limit never cuts a UTF-8 sequence in two.
  size_t i = 0;
  while (i < text.size()) {
    size_t length = 1;
    unsigned char lead = static_cast<unsigned char>(text[i]);
    if (lead >= 0xF0) {
      length = 4;
    } else if (lead >= 0xE0) {
      length = 3;
    } else if (lead >= 0xC0) {
      length = 2;
    }
    std::string point = text.substr(i, length);
    i += length;
    if (CodePoints(*buffer) >= limit) break;
    if (point == "\t" || point == "\r") continue;
    if (point == "\n" && !multi_line) continue;
    if (digits_only && !(point.size() == 1 && IsDigit(point[0]))) continue;
    if (phone && !(point.size() == 1 && (IsDigit(point[0]) || point == "+" || point == " " ||
                                         point == "." || point == "-"))) {
      continue;
    }
    *buffer += point;
    // The message was about the value before this edit: it comes back at the next check if
    // the value is still wrong.
    if (screen_ == Screen::kStep) WipeString(answer_error_);
  }
}

void SessionFlow::Handle(const Intent& intent) {
  if (intent.kind == IntentKind::kNone) return;
  last_activity_ = clock_.Steady();
  if (idle_warning_) {
    // Any touch during the warning is a sign of life; "end now" is the one exception.
    idle_warning_ = false;
    if (intent.kind == IntentKind::kMoreTime || intent.kind == IntentKind::kActivity) return;
  }

  // Choices valid on every screen.
  switch (intent.kind) {
    case IntentKind::kActivity:
      return;
    case IntentKind::kLanguage:
      session_.preferences.language = intent.value;
      if (session_.procedure()) session_.procedure()->SetLanguage(intent.value);
      if (screen_ == Screen::kCatalog) {
        ShowCatalog();
      } else if (screen_ == Screen::kStep) {
        ShowQuestion(question_id_);
      }
      return;
    case IntentKind::kTextSize:
      if (intent.value == "100" || intent.value == "150" || intent.value == "200") {
        session_.preferences.text_percent = std::stoi(intent.value);
      }
      return;
    case IntentKind::kContrast:
      session_.preferences.high_contrast = !session_.preferences.high_contrast;
      return;
    case IntentKind::kAudio:
      session_.preferences.audio = !session_.preferences.audio;
      return;
    case IntentKind::kAbandon:
      if (CitizenScreen(screen_) && screen_ != Screen::kWorking) EndSession("abandoned");
      return;
    case IntentKind::kType:
      TypeInto(intent.value);
      return;
    case IntentKind::kBackspace:
      if (checking_pin_) return;
      if (screen_ == Screen::kStep && !session_.parts().empty()) {
        if (focused_part_ >= 0 && focused_part_ < static_cast<int>(session_.parts().size())) {
          PopCodePoint(session_.parts()[focused_part_]);
        }
      } else {
        PopCodePoint(session_.input());
      }
      if (screen_ == Screen::kStep) WipeString(answer_error_);
      return;
    case IntentKind::kStaffCornerHeld:
      if (screen_ != Screen::kWelcome && screen_ != Screen::kOutOfService) return;
      if (!corner_held_since_) corner_held_since_ = clock_.Steady();
      if (clock_.Steady() - *corner_held_since_ >= config_.staff_gesture) {
        corner_held_since_.reset();
        if (config_.staff_pin_hash.empty()) {
          Log(Subsystem::kSession).warn("staff gesture ignored: no staff.pin_hash configured");
          return;
        }
        StartSession();
        session_.ClearInput();
        Go(Screen::kStaffPin);
      }
      return;
    case IntentKind::kStaffCornerReleased:
      corner_held_since_.reset();
      return;
    default:
      break;
  }

  switch (screen_) {
    case Screen::kWelcome:
      if (intent.kind == IntentKind::kStart) {
        StartSession();
        Go(session_.card_present ? Screen::kCanEntry : Screen::kIdentify);
      }
      return;

    case Screen::kIdentify:
      if (intent.kind == IntentKind::kWithoutCard) {
        ShowCatalog();
      } else if (intent.kind == IntentKind::kBack) {
        EndSession("back from identify");
      }
      return;

    case Screen::kCanEntry:
      if (intent.kind == IntentKind::kNext) {
        if (session_.input().size() != kCanDigits) {
          field_error_ = "can.need_six";
          return;
        }
        std::string can = session_.input();
        session_.ClearInput();
        work_ = WorkKind::kReadingCard;
        Go(Screen::kWorking);
        CardReader* reader = ports_.reader;
        jobs_.Run([reader, can = std::move(can), serial = serial_, gone = session_gone_,
                   &events = events_]() mutable {
          auto identity = reader->Read(can, *gone);
          WipeString(can);
          FlowEvent event{.kind = FlowEvent::Kind::kCardRead, .session_serial = serial};
          if (identity.ok()) {
            event.identity = std::move(identity).value();
          } else {
            event.status = identity.status();
          }
          events.Post(std::move(event));
        });
      } else if (intent.kind == IntentKind::kBack) {
        session_.ClearInput();
        Go(Screen::kIdentify);
      } else if (intent.kind == IntentKind::kWithoutCard) {
        session_.ClearInput();
        ShowCatalog();
      }
      return;

    case Screen::kCatalog:
      if (intent.kind == IntentKind::kChooseProcedure) {
        ChooseProcedure(intent.value);
      } else if (intent.kind == IntentKind::kBack) {
        // With the card read, going back means starting again: nothing of it is kept.
        if (session_.has_identity()) {
          EndSession("back from the catalog");
        } else {
          Go(Screen::kIdentify);
        }
      }
      return;

    case Screen::kStep:
      HandleStep(intent);
      return;

    case Screen::kReview:
      if (intent.kind == IntentKind::kEditAnswer) {
        for (const auto& item : session_.procedure()->Review()) {
          if (item.question_id != intent.value) continue;
          if (session_.procedure()->EditStep(item.step_id)) {
            return_to_review_ = true;
            ShowQuestion(item.question_id);
          }
          return;
        }
      } else if (intent.kind == IntentKind::kBack) {
        if (session_.procedure()->Back()) ShowStepFrom(true);
      } else if (intent.kind == IntentKind::kConfirm) {
        Confirm();
      }
      return;

    case Screen::kWorking:
      return;

    case Screen::kDone:
      if (intent.kind == IntentKind::kFinish) {
        EndSession("finished");
      } else if (intent.kind == IntentKind::kPrintAgain && last_receipt_ && !printing_) {
        printing_ = true;
        print_problem_.clear();
        StartPrint(*last_receipt_, FlowEvent::Kind::kReprinted);
      }
      return;

    case Screen::kError:
      if (intent.kind == IntentKind::kRetry) {
        Go(session_.card_present ? Screen::kCanEntry : Screen::kIdentify);
      } else if (intent.kind == IntentKind::kWithoutCard && error_allows_without_card_) {
        ShowCatalog();
      } else if (intent.kind == IntentKind::kFinish || intent.kind == IntentKind::kBack) {
        EndSession("error acknowledged");
      }
      return;

    case Screen::kOutOfService:
      return;

    case Screen::kStaffPin:
    case Screen::kStaff:
    case Screen::kStaffAssist:
    case Screen::kStaffSelfTest:
      HandleStaff(intent);
      return;
  }
}

void SessionFlow::HandleStep(const Intent& intent) {
  procedure::ProcedureSession* engine = session_.procedure();
  if (engine == nullptr) return;
  procedure::StepView step = CurrentStep();
  const procedure::QuestionView* question = CurrentQuestion(step);
  if (question == nullptr) return;

  switch (intent.kind) {
    case IntentKind::kChoose: {
      nlohmann::json answer;
      switch (question->type) {
        case QuestionType::kSingleChoice:
          answer = intent.value;
          break;
        case QuestionType::kMultipleChoice: {
          answer = nlohmann::json::array();
          bool was_selected = false;
          for (const auto& choice : question->choices) {
            if (choice.value == intent.value) {
              was_selected = choice.selected;
              continue;
            }
            if (choice.selected) answer.push_back(choice.value);
          }
          if (!was_selected) answer.push_back(intent.value);
          if (answer.empty()) answer = nullptr;
          break;
        }
        case QuestionType::kYesNo:
          answer = intent.value == "true";
          break;
        case QuestionType::kConsent:
          answer = !question->value.is_boolean() || !question->value.get<bool>();
          break;
        default:
          return;
      }
      auto message = engine->SetAnswer(question->id, answer);
      answer_error_ = message.ok() ? *message : std::string(message.status().message());
      return;
    }
    case IntentKind::kFocusPart: {
      int part = std::atoi(intent.value.c_str());
      if (question->type == QuestionType::kAddress && part >= 0 &&
          part < static_cast<int>(session_.parts().size())) {
        focused_part_ = part;
      }
      return;
    }
    case IntentKind::kNext:
      if (question->type == QuestionType::kAddress) {
        // OK on the keyboard of an address moves to the next part still empty (the
        // complement is optional) before it leaves the question.
        const auto& parts = session_.parts();
        for (size_t i = 0; i + 1 < parts.size(); ++i) {
          size_t part = (static_cast<size_t>(focused_part_) + 1 + i) % parts.size();
          if (part != 1 && parts[part].empty()) {
            focused_part_ = static_cast<int>(part);
            return;
          }
        }
      }
      NextQuestion();
      return;
    case IntentKind::kBack:
      PreviousQuestion();
      return;
    default:
      return;
  }
}

void SessionFlow::HandleStaff(const Intent& intent) {
  switch (screen_) {
    case Screen::kStaffPin:
      if (intent.kind == IntentKind::kNext && !checking_pin_) {
        if (lockout_.Locked()) {
          field_error_ = "staff.locked";
          session_.ClearInput();
          return;
        }
        std::string pin = session_.input();
        session_.ClearInput();
        checking_pin_ = true;
        jobs_.Run([hash = config_.staff_pin_hash, pin = std::move(pin), serial = serial_,
                   &events = events_]() mutable {
          bool ok = StaffPinMatches(hash, pin);
          WipeString(pin);
          events.Post({.kind = FlowEvent::Kind::kPinChecked, .session_serial = serial, .ok = ok});
        });
      } else if (intent.kind == IntentKind::kBack || intent.kind == IntentKind::kStaffLeave) {
        EndSession("staff PIN cancelled");
      }
      return;

    case Screen::kStaff:
      if (intent.kind == IntentKind::kStaffAssisted) {
        session_.ClearInput();
        Go(Screen::kStaffAssist);
      } else if (intent.kind == IntentKind::kStaffReprint) {
        ExpireReprint();
        if (!last_receipt_) {
          message_key_ = "staff.reprint_none";
          return;
        }
        message_key_ = "staff.reprint_sent";
        StartPrint(*last_receipt_, FlowEvent::Kind::kReprinted);
      } else if (intent.kind == IntentKind::kStaffOutOfService) {
        out_of_service_ = true;
        Log(Subsystem::kSession).warn("kiosk taken out of service by staff");
        message_key_ = "staff.now_out_of_service";
      } else if (intent.kind == IntentKind::kStaffInService) {
        out_of_service_ = false;
        Log(Subsystem::kSession).info("kiosk back in service");
        message_key_ = "staff.now_in_service";
      } else if (intent.kind == IntentKind::kStaffSyncNow) {
        if (ports_.devices) ports_.devices->SyncNow();
        Log(Subsystem::kSession).info("staff asked for a sync");
        message_key_ = "staff.sync_requested";
      } else if (intent.kind == IntentKind::kStaffSelfTest && ports_.self_test) {
        Go(Screen::kStaffSelfTest);
        StartSelfTest();
      } else if (intent.kind == IntentKind::kStaffLeave || intent.kind == IntentKind::kBack) {
        EndSession("staff left");
      }
      return;

    case Screen::kStaffAssist:
      if (intent.kind == IntentKind::kNext) {
        if (session_.input().empty()) {
          field_error_ = "staff.agent_required";
          return;
        }
        if (!procedure::IsStaffId(session_.input())) {
          field_error_ = "staff.agent_invalid";
          return;
        }
        session_.assisted_by = session_.input();
        session_.ClearInput();
        Log(Subsystem::kSession).info("assisted mode started");
        Go(Screen::kIdentify);
      } else if (intent.kind == IntentKind::kBack) {
        session_.ClearInput();
        Go(Screen::kStaff);
      }
      return;

    case Screen::kStaffSelfTest:
      if (intent.kind == IntentKind::kRetry && !self_test_running_) {
        StartSelfTest();
      } else if (intent.kind == IntentKind::kBack && !self_test_running_) {
        Go(Screen::kStaff);
      }
      return;

    default:
      return;
  }
}

Receipt SessionFlow::BuildReceipt(const std::string& submission_id,
                                  const std::string& bytes) const {
  const procedure::ProcedureSession* engine = session_.procedure();
  const procedure::Procedure& procedure = engine->procedure();
  const std::string& language = session_.preferences.language;
  Receipt receipt;
  receipt.language = language;
  receipt.commune = config_.commune;
  receipt.site = config_.site;
  receipt.procedure_title = procedure.title.In(language);
  receipt.submission_id = submission_id;
  receipt.created_at = clock_.Now();
  receipt.next_steps = procedure.closing.In(language);
  nlohmann::json submission = nlohmann::json::parse(bytes, nullptr, false);
  if (submission.is_object()) {
    if (auto created = procedure::ParseUtc(submission.value("created_at", ""))) {
      receipt.created_at = *created;
    }
    for (auto& line : procedure::ReceiptLines(procedure, submission, language)) {
      receipt.lines.push_back({std::move(line.label), std::move(line.text)});
    }
  }
  WipeJson(submission);
  return receipt;
}

void SessionFlow::Confirm() {
  procedure::ProcedureSession* engine = session_.procedure();
  auto frozen = engine->Confirm();
  if (!frozen.ok()) {
    if (frozen.status().code() == StatusCode::kInvalidInput) {
      // An answer became invalid (a date bound passed midnight, say): the engine is back on
      // its step with the message set.
      ShowFirstError();
      return;
    }
    Log(Subsystem::kSession).error("cannot freeze the submission: {}", frozen.status().ToString());
    error_title_key_ = "error.submit_title";
    error_next_key_ = "error.submit_next";
    error_allows_without_card_ = false;
    Go(Screen::kError);
    return;
  }

  ConfirmedSubmission submission;
  submission.id = frozen->id;
  submission.procedure_id = engine->procedure().id;
  submission.procedure_version = engine->procedure().version;
  submission.bytes = std::move(frozen->bytes);
  submission.receipt = BuildReceipt(submission.id, submission.bytes);
  last_receipt_ = submission.receipt;
  last_receipt_until_ = clock_.Steady() + config_.reprint_window;
  reference_ = ports_.sink->LocalReference(submission.id);
  central_reference_.clear();
  receipt_printed_ = false;
  print_problem_.clear();
  printing_ = false;
  work_ = WorkKind::kStoring;
  Go(Screen::kWorking);
  Log(Subsystem::kSession)
      .info("session {} confirmed procedure {}", serial_, submission.procedure_id);

  // The job owns its copies: it completes even if the session ends meanwhile, and only skips
  // printing for a citizen who already left.
  slow_jobs_->Run([sink = ports_.sink, printer = ports_.printer, submission = std::move(submission),
                   wait = config_.delivery_wait, gone = session_gone_, serial = serial_,
                   &events = events_]() mutable {
    auto stored = sink->Submit(submission);
    FlowEvent event{.kind = FlowEvent::Kind::kStored, .session_serial = serial};
    if (stored.ok()) {
      event.text = *stored;
    } else {
      event.status = stored.status();
    }
    events.Post(event);
    WipeString(submission.bytes);
    if (!stored.ok()) {
      submission.receipt.Wipe();
      return;
    }

    std::optional<std::string> central;
    if (!gone->load()) central = sink->AwaitDelivery(submission.id, wait);
    if (central) {
      submission.receipt.sent = true;
      submission.receipt.central_reference = *central;
    }
    events.Post({.kind = FlowEvent::Kind::kDelivered,
                 .session_serial = serial,
                 .text = central.value_or("")});

    FlowEvent printed{.kind = FlowEvent::Kind::kPrinted, .session_serial = serial};
    if (gone->load()) {
      printed.print = {false, "citizen_left", "the citizen left before printing"};
    } else {
      printed.print = printer->Print(submission.receipt);
    }
    submission.receipt.Wipe();
    events.Post(printed);
  });
}

void SessionFlow::StartPrint(Receipt receipt, FlowEvent::Kind kind) {
  slow_jobs_->Run([printer = ports_.printer, receipt = std::move(receipt), kind, serial = serial_,
                   &events = events_]() mutable {
    FlowEvent event{.kind = kind, .session_serial = serial};
    event.print = printer->Print(receipt);
    receipt.Wipe();
    events.Post(event);
  });
}

void SessionFlow::StartSelfTest() {
  self_test_running_ = true;
  checks_.clear();
  slow_jobs_->Run([test = ports_.self_test, serial = serial_, &events = events_]() {
    FlowEvent event{.kind = FlowEvent::Kind::kSelfTested, .session_serial = serial};
    event.checks = test->Run();
    events.Post(event);
  });
}

void SessionFlow::HandleEvent(const FlowEvent& event) {
  bool current = event.session_serial == serial_;
  switch (event.kind) {
    case FlowEvent::Kind::kCardInserted:
      session_.card_present = true;
      card_removed_at_.reset();
      if (screen_ == Screen::kWelcome) {
        StartSession();
        Go(Screen::kCanEntry);
      } else if (screen_ == Screen::kIdentify ||
                 (screen_ == Screen::kError && error_allows_without_card_)) {
        Go(Screen::kCanEntry);
      }
      last_activity_ = clock_.Steady();
      return;

    case FlowEvent::Kind::kCardRemoved:
      session_.card_present = false;
      if (CitizenScreen(screen_) && !StaffScreen(screen_) &&
          (session_.has_identity() || screen_ == Screen::kCanEntry ||
           (screen_ == Screen::kWorking && work_ == WorkKind::kReadingCard))) {
        card_removed_at_ = clock_.Steady();
      }
      return;

    case FlowEvent::Kind::kCardRead:
      if (!current || screen_ != Screen::kWorking) return;
      if (event.identity) {
        session_.SetIdentity(*event.identity);
        ShowCatalog();
      } else if (event.status.code() == StatusCode::kInvalidInput) {
        Go(Screen::kCanEntry);
        field_error_ = "can.wrong";
      } else if (event.status.code() == StatusCode::kCancelled) {
        return;
      } else {
        error_title_key_ = event.status.code() == StatusCode::kUnsupported
                               ? "error.card_unsupported_title"
                               : "error.card_title";
        error_next_key_ = event.status.code() == StatusCode::kUnsupported
                              ? "error.card_unsupported_next"
                              : "error.card_next";
        error_allows_without_card_ = true;
        Log(Subsystem::kSession).warn("card read failed: {}", event.status.ToString());
        Go(Screen::kError);
      }
      last_activity_ = clock_.Steady();
      return;

    case FlowEvent::Kind::kPinChecked:
      if (!current || screen_ != Screen::kStaffPin) return;
      checking_pin_ = false;
      if (event.ok) {
        lockout_.RecordSuccess();
        Log(Subsystem::kSession).info("staff mode entered");
        message_key_.clear();
        Go(Screen::kStaff);
      } else {
        lockout_.RecordFailure();
        Log(Subsystem::kSession).warn("wrong staff PIN");
        field_error_ = lockout_.Locked() ? "staff.locked" : "staff.wrong_pin";
      }
      return;

    case FlowEvent::Kind::kStored:
      if (!current || screen_ != Screen::kWorking) return;
      if (event.status.ok()) {
        reference_ = event.text;
        work_ = WorkKind::kSending;
      } else {
        Log(Subsystem::kSession).error("submission not stored: {}", event.status.ToString());
        error_title_key_ = "error.submit_title";
        error_next_key_ = "error.submit_next";
        error_allows_without_card_ = false;
        Go(Screen::kError);
      }
      return;

    case FlowEvent::Kind::kDelivered:
      if (!event.text.empty() && last_receipt_) {
        last_receipt_->sent = true;
        last_receipt_->central_reference = event.text;
      }
      if (!current) return;
      central_reference_ = event.text;
      printing_ = true;
      print_started_ = clock_.Steady();
      if (screen_ == Screen::kWorking) work_ = WorkKind::kPrinting;
      return;

    case FlowEvent::Kind::kPrinted:
      if (!current) return;
      printing_ = false;
      receipt_printed_ = event.print.printed;
      print_problem_ = event.print.printed ? "" : event.print.problem;
      if (!event.print.printed) {
        Log(Subsystem::kSession).warn("receipt not printed: {}", event.print.detail);
      }
      if (screen_ == Screen::kWorking) Go(Screen::kDone);
      last_activity_ = clock_.Steady();
      return;

    case FlowEvent::Kind::kReprinted:
      if (!event.print.printed) {
        Log(Subsystem::kSession).warn("receipt reprint failed: {}", event.print.detail);
      }
      if (!current) return;
      if (screen_ == Screen::kStaff) {
        message_key_ = event.print.printed ? "staff.reprint_done" : "staff.reprint_failed";
      } else if (screen_ == Screen::kDone) {
        printing_ = false;
        receipt_printed_ = event.print.printed;
        print_problem_ = event.print.printed ? "" : event.print.problem;
      }
      return;

    case FlowEvent::Kind::kSelfTested:
      if (!current) return;
      self_test_running_ = false;
      checks_ = event.checks;
      return;
  }
}

void SessionFlow::ExpireReprint() {
  if (last_receipt_ && clock_.Steady() >= last_receipt_until_) {
    last_receipt_->Wipe();
    last_receipt_.reset();
  }
}

void SessionFlow::Tick() {
  for (const auto& event : events_.Drain()) HandleEvent(event);
  ExpireReprint();

  auto now = clock_.Steady();
  if (screen_ == Screen::kWorking && work_ == WorkKind::kPrinting &&
      now - print_started_ >= kLongestPrintingScreen) {
    Go(Screen::kDone);  // the printer is slow: the reference and QR code are on screen
    last_activity_ = now;
  }
  if (card_removed_at_ && screen_ != Screen::kWorking &&
      now - *card_removed_at_ >= config_.card_removed_grace) {
    EndSession("card removed");
    return;
  }
  if (!SessionActive() || screen_ == Screen::kWorking || checking_pin_ || self_test_running_) {
    idle_warning_ = false;
    return;
  }
  if (!idle_warning_ && now - last_activity_ >= config_.idle_timeout) {
    idle_warning_ = true;
    warning_started_ = last_activity_ + config_.idle_timeout;
  }
  if (idle_warning_ && now - warning_started_ >= config_.idle_warning) {
    EndSession("idle");
  }
}

std::optional<milliseconds> SessionFlow::TimeToNextChange() const {
  auto now = clock_.Steady();
  std::optional<milliseconds> next;
  auto consider = [&](std::chrono::steady_clock::time_point when) {
    auto left = duration_cast<milliseconds>(when - now);
    if (left < milliseconds(0)) left = milliseconds(0);
    if (!next || left < *next) next = left;
  };
  if (screen_ == Screen::kWorking) {
    // A worker's event wakes the loop; only the printing screen has its own timeout.
    if (work_ == WorkKind::kPrinting) consider(print_started_ + kLongestPrintingScreen);
    return next;
  }
  if (checking_pin_ || self_test_running_) return next;
  if (card_removed_at_) consider(*card_removed_at_ + config_.card_removed_grace);
  if (SessionActive()) {
    if (idle_warning_) {
      // The countdown shows whole seconds: redraw each second.
      auto elapsed = now - warning_started_;
      consider(now + (seconds(1) - (elapsed % seconds(1))));
    } else {
      consider(last_activity_ + config_.idle_timeout);
    }
  }
  if (corner_held_since_) consider(*corner_held_since_ + config_.staff_gesture);
  if (lockout_.Locked() && screen_ == Screen::kStaffPin) consider(now + seconds(1));
  if (last_receipt_) consider(last_receipt_until_);
  return next;
}

ScreenView SessionFlow::View() const {
  ScreenView view;
  view.screen = screen_;
  view.preferences = session_.preferences;
  view.languages = config_.languages;
  view.commune = config_.commune;
  view.site = config_.site;
  view.idle_warning = idle_warning_;
  if (idle_warning_) {
    auto left = config_.idle_warning - (clock_.Steady() - warning_started_);
    view.idle_seconds_left =
        std::max(0, static_cast<int>(std::chrono::ceil<seconds>(left).count()));
  }
  view.assisted_by = session_.assisted_by;
  view.card_present = session_.card_present;
  view.has_identity = session_.has_identity();
  view.field_error = field_error_;
  view.message_key = message_key_;
  view.out_of_service = out_of_service_;
  const procedure::ProcedureSession* engine = session_.procedure();
  if (engine) view.procedure_title = engine->procedure().title.In(session_.preferences.language);

  switch (screen_) {
    case Screen::kCanEntry:
    case Screen::kStaffAssist:
      view.entry = session_.input();
      break;
    case Screen::kStaffPin:
      view.entry = std::string(session_.input().size(), '*');
      view.pin_locked = lockout_.Locked();
      view.pin_lock_seconds = lockout_.SecondsLeft();
      view.checking_pin = checking_pin_;
      break;
    case Screen::kCatalog:
      view.procedures = catalog_;
      break;
    case Screen::kStep: {
      procedure::StepView step = CurrentStep();
      const procedure::QuestionView* question = CurrentQuestion(step);
      if (question == nullptr) break;
      view.step_title = step.title;
      view.step_help = step.help;
      view.step_number = step.number;
      view.step_count = step.count;
      view.question_count = static_cast<int>(step.questions.size());
      for (size_t i = 0; i < step.questions.size(); ++i) {
        if (step.questions[i].id == question_id_) view.question_number = static_cast<int>(i) + 1;
      }
      FieldView& field = view.field;
      field.id = question->id;
      field.type = question->type;
      field.label = question->label;
      field.help = question->help;
      field.required = question->required;
      field.choices = question->choices;
      field.error = answer_error_;
      switch (question->type) {
        case QuestionType::kDate:
          field.entry = FormatDateDigits(session_.input());
          break;
        case QuestionType::kYesNo:
        case QuestionType::kConsent:
          field.entry =
              question->value.is_boolean() ? (question->value.get<bool>() ? "true" : "false") : "";
          break;
        case QuestionType::kAddress:
          for (size_t i = 0; i < session_.parts().size() && i < std::size(kAddressParts); ++i) {
            field.parts.push_back({kAddressParts[i], session_.parts()[i], i == 1});
          }
          field.focused_part = focused_part_;
          break;
        default:
          field.entry = session_.input();
          break;
      }
      if (question->prefilled) {
        nlohmann::json shown =
            TextTyped(question->type) ? InputAsAnswer(*question) : question->value;
        field.prefilled = shown == question->value;
      }
      break;
    }
    case Screen::kReview:
      if (engine) view.review = engine->Review();
      break;
    case Screen::kWorking:
      view.work = work_;
      break;
    case Screen::kDone:
      view.reference = reference_;
      view.central_reference = central_reference_;
      view.printing = printing_;
      view.receipt_printed = receipt_printed_;
      view.print_problem = print_problem_;
      view.qr_text = reference_.empty() ? "" : "GUICHET:" + reference_;
      break;
    case Screen::kError:
      view.error_title_key = error_title_key_;
      view.error_next_key = error_next_key_;
      view.error_allows_without_card = error_allows_without_card_;
      break;
    case Screen::kStaff:
      if (ports_.devices) view.devices = ports_.devices->Snapshot();
      view.reprint_available = last_receipt_.has_value() && clock_.Steady() < last_receipt_until_;
      view.self_test_available = ports_.self_test != nullptr;
      break;
    case Screen::kStaffSelfTest:
      view.self_test_running = self_test_running_;
      view.checks = checks_;
      break;
    default:
      break;
  }
  return view;
}

}  // namespace kiosk::session
