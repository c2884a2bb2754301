#include "base/status.h"

namespace kiosk {

Reaction ReactionFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
    case StatusCode::kCancelled:
      return Reaction::kNone;
    case StatusCode::kUnavailable:
    case StatusCode::kDeadlineExceeded:
      return Reaction::kRetryLater;
    case StatusCode::kInvalidInput:
    case StatusCode::kUnsupported:
      // An unsupported document or a wrong entry: the citizen can present another card or
      // type again.
      return Reaction::kAskCitizen;
    case StatusCode::kPermissionDenied:
    case StatusCode::kFailedPrecondition:
    case StatusCode::kResourceExhausted:
      return Reaction::kCallStaff;
    case StatusCode::kNotFound:
    case StatusCode::kAlreadyExists:
    case StatusCode::kDataLoss:
    case StatusCode::kInternal:
      return Reaction::kGiveUp;
  }
  return Reaction::kGiveUp;
}

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "OK";
    case StatusCode::kCancelled:
      return "Cancelled";
    case StatusCode::kInvalidInput:
      return "InvalidInput";
    case StatusCode::kNotFound:
      return "NotFound";
    case StatusCode::kAlreadyExists:
      return "AlreadyExists";
    case StatusCode::kPermissionDenied:
      return "PermissionDenied";
    case StatusCode::kFailedPrecondition:
      return "FailedPrecondition";
    case StatusCode::kUnavailable:
      return "Unavailable";
    case StatusCode::kDeadlineExceeded:
      return "DeadlineExceeded";
    case StatusCode::kResourceExhausted:
      return "ResourceExhausted";
    case StatusCode::kUnsupported:
      return "Unsupported";
    case StatusCode::kDataLoss:
      return "DataLoss";
    case StatusCode::kInternal:
      return "Internal";
  }
  return "Unknown";
}

std::string_view ReactionName(Reaction reaction) {
  switch (reaction) {
    case Reaction::kNone:
      return "none";
    case Reaction::kRetryLater:
      return "retry_later";
    case Reaction::kAskCitizen:
      return "ask_citizen";
    case Reaction::kCallStaff:
      return "call_staff";
    case Reaction::kGiveUp:
      return "give_up";
  }
  return "give_up";
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  std::string message(context);
  message += ": ";
  message += message_;
  return Status(code_, std::move(message));
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string text(StatusCodeName(code_));
  text += ": ";
  text += message_;
  return text;
}

Status CancelledError(std::string m) { return Status(StatusCode::kCancelled, std::move(m)); }
Status InvalidInputError(std::string m) { return Status(StatusCode::kInvalidInput, std::move(m)); }
Status NotFoundError(std::string m) { return Status(StatusCode::kNotFound, std::move(m)); }
Status AlreadyExistsError(std::string m) {
  return Status(StatusCode::kAlreadyExists, std::move(m));
}
Status PermissionDeniedError(std::string m) {
  return Status(StatusCode::kPermissionDenied, std::move(m));
}
Status FailedPreconditionError(std::string m) {
  return Status(StatusCode::kFailedPrecondition, std::move(m));
}
Status UnavailableError(std::string m) { return Status(StatusCode::kUnavailable, std::move(m)); }
Status DeadlineExceededError(std::string m) {
  return Status(StatusCode::kDeadlineExceeded, std::move(m));
}
Status ResourceExhaustedError(std::string m) {
  return Status(StatusCode::kResourceExhausted, std::move(m));
}
Status UnsupportedError(std::string m) { return Status(StatusCode::kUnsupported, std::move(m)); }
Status DataLossError(std::string m) { return Status(StatusCode::kDataLoss, std::move(m)); }
Status InternalError(std::string m) { return Status(StatusCode::kInternal, std::move(m)); }

}  // namespace kiosk
