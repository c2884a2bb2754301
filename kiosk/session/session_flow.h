// The citizen flow as a state machine, without any drawing:
//
//   welcome → identify → (card: CAN → reading) or (without card) → catalog → questions
//     → review → working (storing, sending, printing) → done → welcome
//   plus error, out of service, and the staff screens (PIN, staff, assisted-mode agent id,
//   technician self-test).
//
// The questions come from the procedure engine (kiosk/procedure, ProcedureSession): the flow
// shows one question at a time, walking the questions of the engine's current step, and
// lets the engine check a whole step before it moves to the next one. Relevance, prefill from
// the card, validation messages in the citizen's language and the frozen submission are the
// engine's.
//
// The UI draws View() and feeds back Intents; worker threads post FlowEvents (card, PIN
// check, storing, delivery, printing) into the EventQueue that Tick() drains. Tick() also
// applies the timeouts: idle warning then end, card removed for longer than the grace,
// reprint window.
//
// Ending a session (finish, idle, card removed, abandon, staff leaving) wipes the
// CitizenSession, the engine's answers and every buffer of the flow, and shows the welcome
// screen on the next frame. A storing/printing job already started still completes (it
// holds its own copies) but prints nothing for a citizen who left.
//
// Thread: every method on the drawing thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "kiosk/procedure/session.h"
#include "kiosk/session/citizen_session.h"
#include "kiosk/session/event_queue.h"
#include "kiosk/session/ports.h"
#include "kiosk/session/staff_pin.h"

namespace kiosk::session {

enum class Screen {
  kWelcome,
  kIdentify,
  kCanEntry,
  kCatalog,
  kStep,
  kReview,
  kWorking,
  kDone,
  kError,
  kOutOfService,
  kStaffPin,
  kStaff,
  kStaffAssist,
  kStaffSelfTest,
};
std::string_view ScreenName(Screen screen);

enum class WorkKind { kReadingCard, kStoring, kSending, kPrinting };

enum class IntentKind {
  kNone,
  kStart,
  kLanguage,  // value = language code
  kTextSize,  // value = "100", "150", "200"
  kContrast,  // toggles
  kAudio,     // toggles
  kWithoutCard,
  kType,  // value = UTF-8 text typed into the field being edited
  kBackspace,
  kChooseProcedure,  // value = procedure id
  kChoose,           // value = option value ("true"/"false" for yes/no and consent)
  kFocusPart,        // value = index of the address part to edit
  kNext,             // also OK on a keypad
  kBack,
  kEditAnswer,  // value = question id
  kConfirm,
  kFinish,
  kMoreTime,
  kAbandon,  // the citizen stops: ends the session
  kRetry,
  kPrintAgain,       // done screen, after a printer problem
  kStaffCornerHeld,  // sent every frame while the hidden corner is pressed
  kStaffCornerReleased,
  kStaffAssisted,
  kStaffReprint,
  kStaffOutOfService,
  kStaffInService,
  kStaffSyncNow,
  kStaffSelfTest,
  kStaffLeave,
  kActivity,  // any touch or key: keeps the session alive
};

struct Intent {
  IntentKind kind = IntentKind::kNone;
  std::string value;
};

struct ProcedureSummary {
  std::string id;
  int64_t version = 1;
  std::string title;
  std::string description;
};

struct AddressPartView {
  std::string key;  // "street", "complement", "postcode", "commune"
  std::string value;
  bool optional = false;
};

// The question on screen.
struct FieldView {
  std::string id;
  procedure::QuestionType type = procedure::QuestionType::kShortText;
  std::string label;
  std::string help;
  bool required = false;
  std::vector<procedure::ChoiceView> choices;  // choice types, yes/no, consent
  std::string entry;                           // what the field shows (dates as DD/MM/YYYY)
  std::vector<AddressPartView> parts;          // kAddress
  int focused_part = 0;
  bool prefilled = false;  // the value came from the card and is unchanged
  std::string error;       // validation message, next to the field, in the citizen's language
};

// Everything a screen shows. Texts are already in the citizen's language, or text keys
// (kiosk/texts.h) where a screen names a fixed message.
struct ScreenView {
  Screen screen = Screen::kWelcome;
  DisplayPreferences preferences;
  std::vector<std::string> languages;
  std::string commune;
  std::string site;

  bool idle_warning = false;
  int idle_seconds_left = 0;
  std::string assisted_by;  // non-empty in assisted mode
  bool card_present = false;
  bool has_identity = false;

  std::string entry;        // CAN, masked PIN, agent id
  std::string field_error;  // text key of a message next to the CAN/PIN/agent field
  std::string message_key;  // an information line (staff screens, catalog)

  std::vector<ProcedureSummary> procedures;  // catalog
  std::string procedure_title;
  std::string step_title;
  std::string step_help;  // the step's explanation ("check the accents..."), may be empty
  int step_number = 0;    // 1-based among the steps that apply
  int step_count = 0;
  int question_number = 0;  // 1-based within the step
  int question_count = 0;
  FieldView field;
  std::vector<procedure::ReviewItem> review;
  WorkKind work = WorkKind::kReadingCard;

  std::string reference;          // done: the local reference
  std::string central_reference;  // done: when the centre acknowledged in time
  bool printing = false;          // done: the receipt is still being printed
  bool receipt_printed = false;
  std::string print_problem;  // done: text key suffix of the printer's problem
  std::string qr_text;

  std::string error_title_key;  // error
  std::string error_next_key;
  bool error_allows_without_card = false;

  std::vector<DeviceState> devices;  // staff
  bool pin_locked = false;
  int pin_lock_seconds = 0;
  bool checking_pin = false;
  bool reprint_available = false;
  bool self_test_available = false;  // a technician self-test is wired
  bool out_of_service = false;
  bool self_test_running = false;
  std::vector<CheckLine> checks;  // technician self-test
};

struct FlowConfig {
  std::chrono::seconds idle_timeout{90};
  std::chrono::seconds idle_warning{20};
  std::chrono::seconds card_removed_grace{5};
  std::chrono::seconds staff_gesture{3};
  std::chrono::minutes reprint_window{5};
  // How long the receipt waits for the centre's reference before it prints "waiting to be
  // sent" (the submission is safe in the queue either way).
  std::chrono::milliseconds delivery_wait{std::chrono::seconds(4)};
  std::vector<std::string> languages = {"fr", "en", "es", "de"};
  std::string commune;
  std::string site;
  std::string kiosk_id;
  std::string time_zone = "Europe/Paris";
  std::string staff_pin_hash;  // empty: staff mode is off
};

struct FlowPorts {
  ProcedureSource* procedures = nullptr;
  CardReader* reader = nullptr;
  SubmissionSink* sink = nullptr;
  ReceiptPrinter* printer = nullptr;
  DeviceStatusSource* devices = nullptr;
  SelfTest* self_test = nullptr;  // may be null: no technician panel
};

class SessionFlow {
 public:
  // Every port, `clock`, `events` and `jobs` must outlive the flow; `jobs` must be destroyed
  // after the flow's last job posted (the app declares it first).
  SessionFlow(FlowConfig config, FlowPorts ports, const Clock& clock, EventQueue& events,
              JobRunner& jobs);
  ~SessionFlow();

  void Handle(const Intent& intent);
  // Drains worker events and applies timeouts. Call once per loop iteration.
  void Tick();

  ScreenView View() const;
  Screen screen() const { return screen_; }
  const CitizenSession& session() const { return session_; }
  // Time until a timeout may change the screen (idle, grace, countdown second); nullopt when
  // nothing is pending: the loop can sleep until the next input.
  std::optional<std::chrono::milliseconds> TimeToNextChange() const;
  // Counts ended sessions (benchmarks, tests).
  std::uint64_t sessions_ended() const { return sessions_ended_; }
  // Blocks until every job the flow started has run (tests and the headless harness).
  void WaitForJobs();

 private:
  void HandleEvent(const FlowEvent& event);
  void HandleStep(const Intent& intent);
  void HandleStaff(const Intent& intent);
  void Go(Screen screen);
  void EndSession(std::string_view reason);
  bool SessionActive() const;
  void StartSession();
  void ShowCatalog();
  void ChooseProcedure(const std::string& id);

  // Questions: `question_id_` is the question on screen, in the engine's current step.
  procedure::StepView CurrentStep() const;
  const procedure::QuestionView* CurrentQuestion(const procedure::StepView& step) const;
  void ShowQuestion(const std::string& question_id);
  void ShowStepFrom(bool last);  // first (or last) question of the engine's current step
  void LoadInput(const procedure::QuestionView& question);
  // Hands what is on screen to the engine; returns its message about the form ("" = stored).
  std::string CommitInput();
  nlohmann::json InputAsAnswer(const procedure::QuestionView& question) const;
  std::string ErrorOf(const std::string& question_id) const;
  void NextQuestion();
  void PreviousQuestion();
  void ToReviewOrNext();
  void Confirm();
  void ShowFirstError();
  void TypeInto(const std::string& text);
  size_t EntryLimit() const;
  bool EntryDigitsOnly() const;

  Receipt BuildReceipt(const std::string& submission_id, const std::string& bytes) const;
  void StartPrint(Receipt receipt, FlowEvent::Kind kind);
  void ExpireReprint();
  void StartSelfTest();

  FlowConfig config_;
  FlowPorts ports_;
  const Clock& clock_;
  EventQueue& events_;
  JobRunner& jobs_;  // card reads and PIN checks: short, and never behind a printer
  // Storing, delivery wait, printing, self-test: may take seconds. Its jobs hold copies and
  // port pointers only, never `this`.
  std::unique_ptr<JobRunner> slow_jobs_;

  CitizenSession session_;
  Screen screen_ = Screen::kWelcome;
  bool out_of_service_ = false;
  std::uint64_t serial_ = 1;
  std::uint64_t sessions_ended_ = 0;
  // Set when the session that started a job ends, so that the job skips printing a receipt
  // for someone who left (it still stores the submission) and a card read stops.
  std::shared_ptr<std::atomic<bool>> session_gone_;

  std::chrono::steady_clock::time_point last_activity_{};
  bool idle_warning_ = false;
  std::chrono::steady_clock::time_point warning_started_{};
  std::optional<std::chrono::steady_clock::time_point> card_removed_at_;
  std::optional<std::chrono::steady_clock::time_point> corner_held_since_;

  std::vector<ProcedureSummary> catalog_;
  std::vector<std::shared_ptr<const procedure::Procedure>> offered_;
  std::string question_id_;
  int focused_part_ = 0;
  std::string field_error_;   // text key (CAN, PIN, agent id, catalog)
  std::string answer_error_;  // the engine's message for the question on screen
  bool return_to_review_ = false;
  std::string message_key_;
  WorkKind work_ = WorkKind::kReadingCard;
  std::string reference_;
  std::string central_reference_;
  bool printing_ = false;
  std::chrono::steady_clock::time_point print_started_{};
  bool receipt_printed_ = false;
  std::string print_problem_;
  std::string error_title_key_;
  std::string error_next_key_;
  bool error_allows_without_card_ = false;

  StaffLockout lockout_;
  bool checking_pin_ = false;
  std::optional<Receipt> last_receipt_;  // for a reprint, printable data only
  std::chrono::steady_clock::time_point last_receipt_until_{};
  bool self_test_running_ = false;
  std::vector<CheckLine> checks_;
};

}  // namespace kiosk::session
