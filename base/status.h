// One error type for every fallible operation of the kiosk.
//
// A Status carries a code and a message meant for logs and staff (never for citizens: the
// UI maps a code and a domain reason to a localised message key). Each code tells the caller
// how to react through Reaction(): retry later, ask the citizen, call staff, or give up.
// No exception crosses a layer boundary: code that calls a throwing library converts at the
// call site.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace kiosk {

enum class StatusCode {
  kOk,
  kCancelled,           // the operation was stopped on request (session ended, user backed out)
  kInvalidInput,        // the input is wrong: wrong CAN, invalid answer, malformed file
  kNotFound,            // the thing asked for does not exist
  kAlreadyExists,       // creating something that is already there
  kPermissionDenied,    // credentials refused: revoked kiosk, wrong staff PIN
  kFailedPrecondition,  // the system is not in a state to do it: no reader, printer out of paper
  kUnavailable,         // a service is down or busy for now: network, pcscd, server 5xx
  kDeadlineExceeded,    // it took too long; may succeed if tried again
  kResourceExhausted,   // disk full, quota, too many tries (locked)
  kUnsupported,         // the card, document or request is of a kind we do not handle
  kDataLoss,            // stored data is corrupt or a security check failed
  kInternal,            // a bug or an impossible state
};

// What the caller should do about a failed operation.
enum class Reaction {
  kNone,        // success, or a cancellation the caller asked for
  kRetryLater,  // transient: try again, with backoff
  kAskCitizen,  // the person in front of the kiosk can fix it (re-enter, re-present the card)
  kCallStaff,   // needs a human with access: device fault, configuration, credentials
  kGiveUp,      // permanent: report and stop
};

Reaction ReactionFor(StatusCode code);
std::string_view StatusCodeName(StatusCode code);
std::string_view ReactionName(Reaction reaction);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  Reaction reaction() const { return ReactionFor(code_); }

  // Returns a copy whose message is prefixed with `context` (e.g. the file or the step that
  // failed), keeping the code.
  Status WithContext(std::string_view context) const;

  // "InvalidInput: message", for logs and staff screens.
  std::string ToString() const;

  friend bool operator==(const Status& a, const Status& b) {
    return a.code_ == b.code_ && a.message_ == b.message_;
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status OkStatus() { return Status(); }
Status CancelledError(std::string message);
Status InvalidInputError(std::string message);
Status NotFoundError(std::string message);
Status AlreadyExistsError(std::string message);
Status PermissionDeniedError(std::string message);
Status FailedPreconditionError(std::string message);
Status UnavailableError(std::string message);
Status DeadlineExceededError(std::string message);
Status ResourceExhaustedError(std::string message);
Status UnsupportedError(std::string message);
Status DataLossError(std::string message);
Status InternalError(std::string message);

// Either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  // REQUIRES: !status.ok(). An OK status without a value is a bug; it becomes kInternal.
  StatusOr(Status status) : state_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    if (std::get<Status>(state_).ok()) {
      state_ = Status(StatusCode::kInternal, "StatusOr built from an OK status without a value");
    }
  }
  StatusOr(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(state_); }

  // The error, or OK when a value is held.
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(state_);
  }

  // REQUIRES: ok().
  const T& value() const& {
    assert(ok());
    return std::get<T>(state_);
  }
  T& value() & {
    assert(ok());
    return std::get<T>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(state_));
  }
  T value_or(T fallback) const { return ok() ? std::get<T>(state_) : std::move(fallback); }

  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  std::variant<Status, T> state_;
};

}  // namespace kiosk

#define KIOSK_STATUS_CONCAT_INNER(a, b) a##b
#define KIOSK_STATUS_CONCAT(a, b) KIOSK_STATUS_CONCAT_INNER(a, b)

// Returns the status from the enclosing function when `expr` is not OK.
#define KIOSK_RETURN_IF_ERROR(expr)                \
  do {                                             \
    ::kiosk::Status kiosk_status_ = (expr);        \
    if (!kiosk_status_.ok()) return kiosk_status_; \
  } while (false)

// Declares or assigns `lhs` from a StatusOr expression, returning its status on error.
#define KIOSK_ASSIGN_OR_RETURN(lhs, expr) \
  KIOSK_ASSIGN_OR_RETURN_IMPL(KIOSK_STATUS_CONCAT(kiosk_statusor_, __LINE__), lhs, expr)
#define KIOSK_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()
