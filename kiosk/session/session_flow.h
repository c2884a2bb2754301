// The citizen flow as a state machine, without any drawing:
//
//   welcome → identify → (card: CAN → reading) or (without card) → catalog → steps → review
//     → working (sending, printing) → done → welcome
//   plus error, out of service, and the staff screens (PIN, staff, assisted-mode agent id).
//
// The UI draws View() and feeds back Intents; worker threads post FlowEvents (card, PIN
// check, sending, printing) into the EventQueue that Tick() drains. Tick() also applies the
// timeouts: idle warning then end, card removed for longer than the grace, reprint window.
//
// Ending a session (finish, idle, card removed, abandon, staff leaving) wipes the
// CitizenSession and every buffer of the flow, and shows the welcome screen on the next
// frame. A sending/printing job already started still completes (it holds its own copies).
//
// Thread: every method on the drawing thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "kiosk/session/citizen_session.h"
#include "kiosk/session/event_queue.h"
#include "kiosk/session/ports.h"
#include "kiosk/session/procedure_runner.h"
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
};
std::string_view ScreenName(Screen screen);

enum class WorkKind { kReadingCard, kSending, kPrinting };

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
  kChoose,           // value = option value
  kNext,             // also OK on a keypad
  kBack,
  kEditAnswer,  // value = question id
  kConfirm,
  kFinish,
  kMoreTime,
  kAbandon,  // the citizen stops: ends the session
  kRetry,
  kStaffCornerHeld,  // sent every frame while the hidden corner is pressed
  kStaffCornerReleased,
  kStaffAssisted,
  kStaffReprint,
  kStaffOutOfService,
  kStaffInService,
  kStaffLeave,
  kActivity,  // any touch or key: keeps the session alive
};

struct Intent {
  IntentKind kind = IntentKind::kNone;
  std::string value;
};

struct ReviewItem {
  std::string question_id;
  std::string label;
  std::string value;
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

  std::string entry;        // what the field being edited shows (CAN, answer, masked PIN...)
  std::string field_error;  // validation message, shown next to the field
  std::string message_key;  // an information line (staff screens, CAN hint)

  std::vector<ProcedureSummary> procedures;  // catalog
  std::string procedure_title;
  Question question;  // step
  int step_index = 0;
  int step_count = 0;
  bool prefilled = false;  // the entry came from the card
  std::vector<ReviewItem> review;
  WorkKind work = WorkKind::kReadingCard;

  std::string reference;  // done
  bool receipt_printed = false;
  std::string qr_text;

  std::string error_title_key;  // error
  std::string error_next_key;
  bool error_allows_without_card = false;

  std::vector<DeviceState> devices;  // staff
  bool pin_locked = false;
  int pin_lock_seconds = 0;
  bool checking_pin = false;
  bool reprint_available = false;
  bool out_of_service = false;
};

struct FlowConfig {
  std::chrono::seconds idle_timeout{90};
  std::chrono::seconds idle_warning{20};
  std::chrono::seconds card_removed_grace{5};
  std::chrono::seconds staff_gesture{3};
  std::chrono::minutes reprint_window{5};
  std::vector<std::string> languages = {"fr", "en", "es", "de"};
  std::string commune;
  std::string site;
  std::string kiosk_id;
  std::string staff_pin_hash;  // empty: staff mode is off
};

struct FlowPorts {
  ProcedureRunner* procedures = nullptr;
  CardReader* reader = nullptr;
  SubmissionSink* sink = nullptr;
  ReceiptPrinter* printer = nullptr;
  DeviceStatusSource* devices = nullptr;
};

class SessionFlow {
 public:
  // Every port, `clock`, `events` and `jobs` must outlive the flow; `jobs` must be destroyed
  // after the flow's last job posted (the app declares it first).
  SessionFlow(FlowConfig config, FlowPorts ports, const Clock& clock, EventQueue& events,
              JobRunner& jobs);

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

 private:
  void HandleEvent(const FlowEvent& event);
  void Go(Screen screen);
  void EndSession(std::string_view reason);
  bool SessionActive() const;
  void StartSession();
  void EnterStep(int index);
  bool SaveAndValidateCurrent();
  void Confirm();
  void TypeInto(const std::string& text);
  size_t EntryLimit() const;
  bool EntryDigitsOnly() const;
  void LoadQuestions();
  const ProcedureSummary* CurrentProcedure() const;
  std::string BuildSubmission(const std::string& id, const std::string& created_at) const;
  Receipt BuildReceipt(const std::string& id, const std::string& created_at) const;
  std::vector<ReviewItem> ReviewItems() const;
  void ExpireReprint();

  FlowConfig config_;
  FlowPorts ports_;
  const Clock& clock_;
  EventQueue& events_;
  JobRunner& jobs_;

  CitizenSession session_;
  Screen screen_ = Screen::kWelcome;
  bool out_of_service_ = false;
  std::uint64_t serial_ = 1;
  std::uint64_t sessions_ended_ = 0;
  // Set when the session that started a job ends, so that the job skips printing a receipt
  // for someone who left (it still stores the submission).
  std::shared_ptr<std::atomic<bool>> session_gone_;

  std::chrono::steady_clock::time_point last_activity_{};
  bool idle_warning_ = false;
  std::chrono::steady_clock::time_point warning_started_{};
  std::optional<std::chrono::steady_clock::time_point> card_removed_at_;
  std::optional<std::chrono::steady_clock::time_point> corner_held_since_;

  std::vector<ProcedureSummary> catalog_;
  std::vector<Question> questions_;
  int step_ = 0;
  bool return_to_review_ = false;
  std::string field_error_;
  std::string message_key_;
  WorkKind work_ = WorkKind::kReadingCard;
  std::string reference_;
  bool receipt_printed_ = false;
  std::string error_title_key_;
  std::string error_next_key_;
  bool error_allows_without_card_ = false;

  StaffLockout lockout_;
  bool checking_pin_ = false;
  std::optional<Receipt> last_receipt_;
  std::chrono::steady_clock::time_point last_receipt_until_{};
};

}  // namespace kiosk::session
