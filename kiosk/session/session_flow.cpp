#include "kiosk/session/session_flow.h"

#include <sys/random.h>

#include <atomic>
#include <ctime>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/log.h"
#include "kiosk/session/demo_procedures.h"

namespace kiosk::session {
namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr size_t kMaxTextBytes = 200;
constexpr size_t kCanDigits = 6;
constexpr size_t kMaxPinDigits = 8;

std::string RandomUuid() {
  unsigned char bytes[16] = {};
  if (getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes)) {
    // getrandom on Linux ≥ 3.17 does not fail for 16 bytes once the pool is ready; a uuid
    // with a weaker source would still be unique enough for an idempotency key.
    for (auto& b : bytes) b = static_cast<unsigned char>(std::rand());
  }
  bytes[6] = (bytes[6] & 0x0F) | 0x40;
  bytes[8] = (bytes[8] & 0x3F) | 0x80;
  std::string text;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    text += fmt::format("{:02x}", bytes[i]);
  }
  return text;
}

std::string Rfc3339Utc(std::chrono::system_clock::time_point when) {
  std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

// Removes the last UTF-8 code point of `text`.
void PopCodePoint(std::string& text) {
  while (!text.empty()) {
    unsigned char last = static_cast<unsigned char>(text.back());
    text.pop_back();
    if ((last & 0xC0) != 0x80) break;  // not a continuation byte: the code point's start
  }
}

bool CitizenScreen(Screen screen) {
  return screen != Screen::kWelcome && screen != Screen::kOutOfService;
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
  }
  return "unknown";
}

SessionFlow::SessionFlow(FlowConfig config, FlowPorts ports, const Clock& clock, EventQueue& events,
                         JobRunner& jobs)
    : config_(std::move(config)),
      ports_(ports),
      clock_(clock),
      events_(events),
      jobs_(jobs),
      session_gone_(std::make_shared<std::atomic<bool>>(false)),
      lockout_(clock) {
  session_.Wipe({.language = config_.languages.empty() ? "fr" : config_.languages.front()});
  last_activity_ = clock_.Steady();
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
}

void SessionFlow::StartSession() {
  session_gone_ = std::make_shared<std::atomic<bool>>(false);
  last_activity_ = clock_.Steady();
  Log(Subsystem::kSession).info("session {} started", serial_);
}

void SessionFlow::EndSession(std::string_view reason) {
  Log(Subsystem::kSession).info("session {} ended: {}", serial_, reason);
  session_gone_->store(true);
  session_.Wipe({.language = config_.languages.front()});
  for (auto& question : questions_) {
    WipeString(question.label);
  }
  questions_.clear();
  catalog_.clear();
  step_ = 0;
  return_to_review_ = false;
  WipeString(field_error_);
  message_key_.clear();
  WipeString(reference_);
  receipt_printed_ = false;
  idle_warning_ = false;
  card_removed_at_.reset();
  corner_held_since_.reset();
  checking_pin_ = false;
  ++serial_;
  ++sessions_ended_;
  Go(out_of_service_ ? Screen::kOutOfService : Screen::kWelcome);
  last_activity_ = clock_.Steady();
}

void SessionFlow::LoadQuestions() {
  questions_.clear();
  auto questions =
      ports_.procedures->Questions(session_.procedure_id, session_.preferences.language);
  if (questions.ok()) questions_ = std::move(questions).value();
}

const ProcedureSummary* SessionFlow::CurrentProcedure() const {
  for (const auto& p : catalog_) {
    if (p.id == session_.procedure_id) return &p;
  }
  return nullptr;
}

void SessionFlow::EnterStep(int index) {
  step_ = index;
  Go(Screen::kStep);
  WipeString(session_.input());
  const Question& question = questions_[step_];
  auto it = session_.answers().find(question.id);
  if (it != session_.answers().end()) {
    session_.input() = it->second;
  } else {
    session_.input() =
        ports_.procedures->Prefill(session_.procedure_id, question.id,
                                   session_.has_identity() ? &session_.identity() : nullptr);
  }
}

bool SessionFlow::SaveAndValidateCurrent() {
  const Question& question = questions_[step_];
  session_.answers()[question.id] = session_.input();
  auto error = ports_.procedures->Validate(session_.procedure_id, question.id, session_.input(),
                                           session_.preferences.language);
  if (error) {
    field_error_ = *error;
    return false;
  }
  field_error_.clear();
  return true;
}

size_t SessionFlow::EntryLimit() const {
  switch (screen_) {
    case Screen::kCanEntry:
      return kCanDigits;
    case Screen::kStaffPin:
      return kMaxPinDigits;
    case Screen::kStep:
      if (questions_[step_].kind == QuestionKind::kDate) return 8;
      if (questions_[step_].kind == QuestionKind::kNumber) return 2;
      return kMaxTextBytes;
    default:
      return kMaxTextBytes;
  }
}

bool SessionFlow::EntryDigitsOnly() const {
  if (screen_ == Screen::kCanEntry || screen_ == Screen::kStaffPin) return true;
  if (screen_ == Screen::kStep) {
    auto kind = questions_[step_].kind;
    return kind == QuestionKind::kDate || kind == QuestionKind::kNumber;
  }
  return false;
}

void SessionFlow::TypeInto(const std::string& text) {
  bool editable = screen_ == Screen::kCanEntry || screen_ == Screen::kStaffPin ||
                  screen_ == Screen::kStaffAssist ||
                  (screen_ == Screen::kStep && questions_[step_].kind != QuestionKind::kChoice);
  if (!editable || checking_pin_) return;
  std::string& input = session_.input();
  for (char c : text) {
    if (EntryDigitsOnly() && (c < '0' || c > '9')) continue;
    if (c == '\n' || c == '\r' || c == '\t') continue;
    if (input.size() >= EntryLimit()) break;
    input += c;
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
      if (!catalog_.empty()) catalog_ = ports_.procedures->Catalog(intent.value);
      if (!session_.procedure_id.empty()) LoadQuestions();
      field_error_.clear();
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
      if (!checking_pin_) PopCodePoint(session_.input());
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
        WipeString(session_.input());
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
        Go(Screen::kIdentify);
      }
      return;

    case Screen::kIdentify:
      if (intent.kind == IntentKind::kWithoutCard) {
        catalog_ = ports_.procedures->Catalog(session_.preferences.language);
        Go(Screen::kCatalog);
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
        WipeString(session_.input());
        work_ = WorkKind::kReadingCard;
        Go(Screen::kWorking);
        std::uint64_t serial = serial_;
        CardReader* reader = ports_.reader;
        jobs_.Run([reader, can = std::move(can), serial, &events = events_]() mutable {
          auto identity = reader->Read(can);
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
        WipeString(session_.input());
        Go(Screen::kIdentify);
      } else if (intent.kind == IntentKind::kWithoutCard) {
        WipeString(session_.input());
        catalog_ = ports_.procedures->Catalog(session_.preferences.language);
        Go(Screen::kCatalog);
      }
      return;

    case Screen::kCatalog:
      if (intent.kind == IntentKind::kChooseProcedure) {
        const ProcedureSummary* chosen = nullptr;
        for (const auto& p : catalog_) {
          if (p.id == intent.value) chosen = &p;
        }
        if (chosen == nullptr) return;
        if (chosen->card_required && !session_.has_identity()) {
          field_error_ = "catalog.needs_card";
          return;
        }
        session_.procedure_id = chosen->id;
        LoadQuestions();
        if (questions_.empty()) return;
        return_to_review_ = false;
        EnterStep(0);
      } else if (intent.kind == IntentKind::kBack) {
        Go(Screen::kIdentify);
      }
      return;

    case Screen::kStep:
      if (intent.kind == IntentKind::kChoose) {
        WipeString(session_.input());
        session_.input() = intent.value;
        field_error_.clear();
      } else if (intent.kind == IntentKind::kNext) {
        if (!SaveAndValidateCurrent()) return;
        if (return_to_review_ || step_ + 1 >= static_cast<int>(questions_.size())) {
          return_to_review_ = false;
          WipeString(session_.input());
          Go(Screen::kReview);
        } else {
          EnterStep(step_ + 1);
        }
      } else if (intent.kind == IntentKind::kBack) {
        // Keep what was typed, unchecked: it is checked again on the way forward.
        session_.answers()[questions_[step_].id] = session_.input();
        return_to_review_ = false;
        if (step_ == 0) {
          WipeString(session_.input());
          Go(Screen::kCatalog);
        } else {
          EnterStep(step_ - 1);
        }
      }
      return;

    case Screen::kReview:
      if (intent.kind == IntentKind::kEditAnswer) {
        for (size_t i = 0; i < questions_.size(); ++i) {
          if (questions_[i].id == intent.value) {
            EnterStep(static_cast<int>(i));
            return_to_review_ = true;
          }
        }
      } else if (intent.kind == IntentKind::kBack) {
        EnterStep(static_cast<int>(questions_.size()) - 1);
      } else if (intent.kind == IntentKind::kConfirm) {
        Confirm();
      }
      return;

    case Screen::kWorking:
      return;

    case Screen::kDone:
      if (intent.kind == IntentKind::kFinish) EndSession("finished");
      return;

    case Screen::kError:
      if (intent.kind == IntentKind::kRetry) {
        Go(Screen::kIdentify);
      } else if (intent.kind == IntentKind::kWithoutCard && error_allows_without_card_) {
        catalog_ = ports_.procedures->Catalog(session_.preferences.language);
        Go(Screen::kCatalog);
      } else if (intent.kind == IntentKind::kFinish || intent.kind == IntentKind::kBack) {
        EndSession("error acknowledged");
      }
      return;

    case Screen::kOutOfService:
      return;

    case Screen::kStaffPin:
      if (intent.kind == IntentKind::kNext && !checking_pin_) {
        if (lockout_.Locked()) {
          field_error_ = "staff.locked";
          WipeString(session_.input());
          return;
        }
        std::string pin = session_.input();
        WipeString(session_.input());
        checking_pin_ = true;
        std::uint64_t serial = serial_;
        jobs_.Run([hash = config_.staff_pin_hash, pin = std::move(pin), serial,
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
        WipeString(session_.input());
        Go(Screen::kStaffAssist);
      } else if (intent.kind == IntentKind::kStaffReprint) {
        ExpireReprint();
        if (!last_receipt_) {
          message_key_ = "staff.reprint_none";
          return;
        }
        message_key_ = "staff.reprint_sent";
        ReceiptPrinter* printer = ports_.printer;
        Receipt copy = *last_receipt_;
        jobs_.Run([printer, copy = std::move(copy), serial = serial_, &events = events_]() {
          Status printed = printer->Print(copy);
          events.Post({.kind = FlowEvent::Kind::kPrinted,
                       .session_serial = serial,
                       .status = printed,
                       .text = "reprint"});
        });
      } else if (intent.kind == IntentKind::kStaffOutOfService) {
        out_of_service_ = true;
        Log(Subsystem::kSession).warn("kiosk taken out of service by staff");
        message_key_ = "staff.now_out_of_service";
      } else if (intent.kind == IntentKind::kStaffInService) {
        out_of_service_ = false;
        Log(Subsystem::kSession).info("kiosk back in service");
        message_key_ = "staff.now_in_service";
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
        session_.assisted_by = session_.input();
        WipeString(session_.input());
        Log(Subsystem::kSession).info("assisted mode started");
        Go(Screen::kIdentify);
      } else if (intent.kind == IntentKind::kBack) {
        WipeString(session_.input());
        Go(Screen::kStaff);
      }
      return;
  }
}

std::vector<ReviewItem> SessionFlow::ReviewItems() const {
  std::vector<ReviewItem> items;
  const std::string& language = session_.preferences.language;
  for (const auto& q : questions_) {
    auto it = session_.answers().find(q.id);
    std::string value = it == session_.answers().end() ? "" : it->second;
    items.push_back(
        {q.id, q.label,
         ports_.procedures->DisplayValue(session_.procedure_id, q.id, value, language)});
  }
  return items;
}

std::string SessionFlow::BuildSubmission(const std::string& id,
                                         const std::string& created_at) const {
  nlohmann::json answers = nlohmann::json::object();
  for (const auto& q : questions_) {
    auto it = session_.answers().find(q.id);
    if (it == session_.answers().end()) continue;
    if (q.kind == QuestionKind::kDate) {
      answers[q.id] = DigitsToIsoDate(it->second).value_or(it->second);
    } else if (q.kind == QuestionKind::kNumber) {
      answers[q.id] = std::stoi(it->second);
    } else {
      answers[q.id] = it->second;
    }
  }
  const ProcedureSummary* procedure = CurrentProcedure();
  IdentitySource source = session_.has_identity()           ? session_.identity().source
                          : session_.answers().count("nom") ? IdentitySource::kTyped
                                                            : IdentitySource::kNone;
  nlohmann::json submission = {
      {"answers", answers},
      {"assisted_by", session_.assisted_by.empty() ? nlohmann::json(nullptr)
                                                   : nlohmann::json(session_.assisted_by)},
      {"created_at", created_at},
      {"format", 1},
      {"id", id},
      {"identity_source", IdentitySourceName(source)},
      {"kiosk_id", config_.kiosk_id},
      {"language", session_.preferences.language},
      {"procedure",
       {{"id", session_.procedure_id}, {"version", procedure ? procedure->version : 1}}},
      {"time_zone", "Europe/Paris"},
  };
  // nlohmann's object is a std::map: keys come out sorted by byte value, and dump() without
  // indent writes no insignificant white space.
  return submission.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Receipt SessionFlow::BuildReceipt(const std::string& id, const std::string& created_at) const {
  Receipt receipt;
  receipt.commune = config_.commune;
  const ProcedureSummary* procedure = CurrentProcedure();
  receipt.procedure_title = procedure ? procedure->title : session_.procedure_id;
  receipt.submission_id = id;
  receipt.created_at = created_at;
  receipt.language = session_.preferences.language;
  for (const auto& item : ReviewItems()) receipt.lines.push_back({item.label, item.value});
  return receipt;
}

void SessionFlow::Confirm() {
  for (size_t i = 0; i < questions_.size(); ++i) {
    step_ = static_cast<int>(i);
    auto it = session_.answers().find(questions_[i].id);
    std::string value = it == session_.answers().end() ? "" : it->second;
    if (ports_.procedures->Validate(session_.procedure_id, questions_[i].id, value,
                                    session_.preferences.language)) {
      EnterStep(static_cast<int>(i));
      SaveAndValidateCurrent();
      return;
    }
  }

  std::string id = RandomUuid();
  std::string created_at = Rfc3339Utc(clock_.Now());
  std::string submission = BuildSubmission(id, created_at);
  Receipt receipt = BuildReceipt(id, created_at);
  work_ = WorkKind::kSending;
  Go(Screen::kWorking);
  Log(Subsystem::kSession)
      .info("session {} confirmed procedure {}", serial_, session_.procedure_id);

  // The job owns copies of the submission and the receipt: it completes even if the session
  // ends meanwhile, and only skips printing for a citizen who already left.
  jobs_.Run([sink = ports_.sink, printer = ports_.printer, id, submission = std::move(submission),
             receipt = std::move(receipt), gone = session_gone_, serial = serial_,
             &events = events_]() mutable {
    auto reference = sink->Submit(id, submission);
    FlowEvent submitted{.kind = FlowEvent::Kind::kSubmitted, .session_serial = serial};
    if (reference.ok()) {
      submitted.text = *reference;
      receipt.reference = *reference;
    } else {
      submitted.status = reference.status();
    }
    events.Post(submitted);
    if (reference.ok()) {
      FlowEvent printed{.kind = FlowEvent::Kind::kPrinted, .session_serial = serial};
      if (gone->load()) {
        printed.status = CancelledError("the citizen left before printing");
      } else {
        printed.status = printer->Print(receipt);
      }
      events.Post(printed);
    }
    WipeString(submission);
  });
  last_receipt_ = BuildReceipt(id, created_at);
  last_receipt_until_ = clock_.Steady() + config_.reprint_window;
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
      } else if (screen_ == Screen::kIdentify) {
        Go(Screen::kCanEntry);
      }
      last_activity_ = clock_.Steady();
      return;

    case FlowEvent::Kind::kCardRemoved:
      session_.card_present = false;
      if (CitizenScreen(screen_) && screen_ != Screen::kStaff && screen_ != Screen::kStaffPin &&
          screen_ != Screen::kStaffAssist &&
          (session_.has_identity() || screen_ == Screen::kCanEntry ||
           (screen_ == Screen::kWorking && work_ == WorkKind::kReadingCard))) {
        card_removed_at_ = clock_.Steady();
      }
      return;

    case FlowEvent::Kind::kCardRead:
      if (!current || screen_ != Screen::kWorking) return;
      if (event.identity) {
        session_.SetIdentity(*event.identity);
        catalog_ = ports_.procedures->Catalog(session_.preferences.language);
        Go(Screen::kCatalog);
      } else if (event.status.code() == StatusCode::kInvalidInput) {
        Go(Screen::kCanEntry);
        field_error_ = "can.wrong";
      } else {
        error_title_key_ = "error.card_title";
        error_next_key_ = "error.card_next";
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

    case FlowEvent::Kind::kSubmitted:
      if (event.status.ok() && last_receipt_) last_receipt_->reference = event.text;
      if (!current || screen_ != Screen::kWorking) return;
      if (event.status.ok()) {
        reference_ = event.text;
        work_ = WorkKind::kPrinting;
      } else {
        Log(Subsystem::kSession).error("submission not stored: {}", event.status.ToString());
        error_title_key_ = "error.submit_title";
        error_next_key_ = "error.submit_next";
        error_allows_without_card_ = false;
        Go(Screen::kError);
      }
      return;

    case FlowEvent::Kind::kPrinted:
      if (event.text == "reprint") {
        if (!event.status.ok()) message_key_ = "staff.reprint_failed";
        return;
      }
      if (!current || screen_ != Screen::kWorking) return;
      receipt_printed_ = event.status.ok();
      if (!event.status.ok()) {
        Log(Subsystem::kSession).warn("receipt not printed: {}", event.status.ToString());
      }
      Go(Screen::kDone);
      last_activity_ = clock_.Steady();
      return;

    case FlowEvent::Kind::kJobFinished:
      return;
  }
}

void SessionFlow::ExpireReprint() {
  if (last_receipt_ && clock_.Steady() >= last_receipt_until_) {
    for (auto& line : last_receipt_->lines) WipeString(line.value);
    last_receipt_.reset();
  }
}

void SessionFlow::Tick() {
  for (const auto& event : events_.Drain()) HandleEvent(event);
  ExpireReprint();

  auto now = clock_.Steady();
  if (card_removed_at_ && screen_ != Screen::kWorking &&
      now - *card_removed_at_ >= config_.card_removed_grace) {
    EndSession("card removed");
    return;
  }
  if (!SessionActive() || screen_ == Screen::kWorking || checking_pin_) {
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
  // While a worker runs, its event wakes the loop; timeouts resume after it.
  if (screen_ == Screen::kWorking || checking_pin_) return next;
  auto consider = [&](std::chrono::steady_clock::time_point when) {
    auto left = duration_cast<milliseconds>(when - now);
    if (left < milliseconds(0)) left = milliseconds(0);
    if (!next || left < *next) next = left;
  };
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
  const std::string& language = session_.preferences.language;

  switch (screen_) {
    case Screen::kCanEntry:
      view.entry = session_.input();
      break;
    case Screen::kStaffPin:
      view.entry = std::string(session_.input().size(), '*');
      view.pin_locked = lockout_.Locked();
      view.pin_lock_seconds = lockout_.SecondsLeft();
      view.checking_pin = checking_pin_;
      break;
    case Screen::kStaffAssist:
      view.entry = session_.input();
      break;
    case Screen::kCatalog:
      view.procedures = catalog_;
      break;
    case Screen::kStep: {
      view.question = questions_[step_];
      view.step_index = step_;
      view.step_count = static_cast<int>(questions_.size());
      view.entry = view.question.kind == QuestionKind::kDate ? FormatDateDigits(session_.input())
                                                             : session_.input();
      if (session_.has_identity()) {
        std::string prefill = ports_.procedures->Prefill(session_.procedure_id, view.question.id,
                                                         &session_.identity());
        view.prefilled =
            !prefill.empty() && prefill == session_.input() && view.question.id != "exemplaires";
      }
      break;
    }
    case Screen::kReview:
      view.review = ReviewItems();
      break;
    case Screen::kWorking:
      view.work = work_;
      break;
    case Screen::kDone:
      view.reference = reference_;
      view.receipt_printed = receipt_printed_;
      view.qr_text = reference_.empty() ? "" : "GUICHET:" + reference_;
      break;
    case Screen::kError:
      view.error_title_key = error_title_key_;
      view.error_next_key = error_next_key_;
      view.error_allows_without_card = error_allows_without_card_;
      break;
    case Screen::kStaff:
      view.devices = ports_.devices->Snapshot();
      view.reprint_available = last_receipt_.has_value() && clock_.Steady() < last_receipt_until_;
      break;
    default:
      break;
  }
  if (screen_ == Screen::kStep || screen_ == Screen::kReview) {
    const ProcedureSummary* p = CurrentProcedure();
    if (p) view.procedure_title = p->title;
  }
  (void)language;
  return view;
}

}  // namespace kiosk::session
