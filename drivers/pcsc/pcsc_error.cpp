#include "drivers/pcsc/pcsc_error.h"

#include <array>
#include <string>

#include <PCSC/pcsclite.h>
#include <fmt/format.h>

namespace kiosk::pcsc {
namespace {

struct Row {
  LONG rc;
  PcscResult result;
};

using C = StatusCode;
using R = LinkReason;

// How the kiosk reacts follows from the code: a stopped service is retried (Unavailable), a
// missing reader or card needs someone to act (FailedPrecondition), a card we cannot talk to
// is the citizen's to change (Unsupported). Codes pcsc-lite defines for Windows compatibility
// but never returns are still mapped, so that an unexpected one reads clearly in the logs.
constexpr std::array kTable = {
    Row{SCARD_S_SUCCESS, {"SCARD_S_SUCCESS", C::kOk, R::kNone}},
    Row{SCARD_F_INTERNAL_ERROR, {"SCARD_F_INTERNAL_ERROR", C::kInternal, R::kInternal}},
    Row{SCARD_E_CANCELLED, {"SCARD_E_CANCELLED", C::kCancelled, R::kCancelled}},
    // A handle from a context that no longer exists (pcscd restarted): start again.
    Row{SCARD_E_INVALID_HANDLE,
        {"SCARD_E_INVALID_HANDLE", C::kUnavailable, R::kServiceUnavailable}},
    Row{SCARD_E_INVALID_PARAMETER, {"SCARD_E_INVALID_PARAMETER", C::kInternal, R::kInternal}},
    Row{SCARD_E_INVALID_TARGET, {"SCARD_E_INVALID_TARGET", C::kInternal, R::kInternal}},
    Row{SCARD_E_NO_MEMORY, {"SCARD_E_NO_MEMORY", C::kResourceExhausted, R::kInternal}},
    Row{SCARD_F_WAITED_TOO_LONG, {"SCARD_F_WAITED_TOO_LONG", C::kDeadlineExceeded, R::kTimeout}},
    Row{SCARD_E_INSUFFICIENT_BUFFER, {"SCARD_E_INSUFFICIENT_BUFFER", C::kInternal, R::kInternal}},
    Row{SCARD_E_UNKNOWN_READER, {"SCARD_E_UNKNOWN_READER", C::kFailedPrecondition, R::kNoReader}},
    Row{SCARD_E_TIMEOUT, {"SCARD_E_TIMEOUT", C::kDeadlineExceeded, R::kTimeout}},
    Row{SCARD_E_SHARING_VIOLATION, {"SCARD_E_SHARING_VIOLATION", C::kUnavailable, R::kReaderBusy}},
    Row{SCARD_E_NO_SMARTCARD, {"SCARD_E_NO_SMARTCARD", C::kFailedPrecondition, R::kNoCard}},
    Row{SCARD_E_UNKNOWN_CARD, {"SCARD_E_UNKNOWN_CARD", C::kUnsupported, R::kUnsupportedCard}},
    Row{SCARD_E_CANT_DISPOSE, {"SCARD_E_CANT_DISPOSE", C::kInternal, R::kCommunication}},
    Row{SCARD_E_PROTO_MISMATCH, {"SCARD_E_PROTO_MISMATCH", C::kUnsupported, R::kUnsupportedCard}},
    Row{SCARD_E_NOT_READY, {"SCARD_E_NOT_READY", C::kUnavailable, R::kCommunication}},
    Row{SCARD_E_INVALID_VALUE, {"SCARD_E_INVALID_VALUE", C::kInternal, R::kInternal}},
    Row{SCARD_E_SYSTEM_CANCELLED, {"SCARD_E_SYSTEM_CANCELLED", C::kCancelled, R::kCancelled}},
    // pcsc-lite answers this when the socket to pcscd breaks.
    Row{SCARD_F_COMM_ERROR, {"SCARD_F_COMM_ERROR", C::kUnavailable, R::kServiceUnavailable}},
    Row{SCARD_F_UNKNOWN_ERROR, {"SCARD_F_UNKNOWN_ERROR", C::kInternal, R::kInternal}},
    Row{SCARD_E_INVALID_ATR, {"SCARD_E_INVALID_ATR", C::kUnsupported, R::kUnsupportedCard}},
    // Seen when the card is pulled in the middle of an exchange.
    Row{SCARD_E_NOT_TRANSACTED,
        {"SCARD_E_NOT_TRANSACTED", C::kFailedPrecondition, R::kCardRemoved}},
    Row{SCARD_E_READER_UNAVAILABLE,
        {"SCARD_E_READER_UNAVAILABLE", C::kFailedPrecondition, R::kNoReader}},
    Row{SCARD_P_SHUTDOWN, {"SCARD_P_SHUTDOWN", C::kUnavailable, R::kServiceUnavailable}},
    Row{SCARD_E_PCI_TOO_SMALL, {"SCARD_E_PCI_TOO_SMALL", C::kInternal, R::kInternal}},
    Row{SCARD_E_READER_UNSUPPORTED,
        {"SCARD_E_READER_UNSUPPORTED", C::kFailedPrecondition, R::kNoReader}},
    Row{SCARD_E_DUPLICATE_READER,
        {"SCARD_E_DUPLICATE_READER", C::kFailedPrecondition, R::kNoReader}},
    Row{SCARD_E_CARD_UNSUPPORTED,
        {"SCARD_E_CARD_UNSUPPORTED", C::kUnsupported, R::kUnsupportedCard}},
    Row{SCARD_E_NO_SERVICE, {"SCARD_E_NO_SERVICE", C::kUnavailable, R::kServiceUnavailable}},
    Row{SCARD_E_SERVICE_STOPPED,
        {"SCARD_E_SERVICE_STOPPED", C::kUnavailable, R::kServiceUnavailable}},
    // SCARD_E_UNEXPECTED has the same value; pcsc-lite uses it for "feature not supported".
    Row{SCARD_E_UNSUPPORTED_FEATURE,
        {"SCARD_E_UNSUPPORTED_FEATURE", C::kUnsupported, R::kNotSupported}},
    Row{SCARD_E_ICC_INSTALLATION,
        {"SCARD_E_ICC_INSTALLATION", C::kUnsupported, R::kUnsupportedCard}},
    Row{SCARD_E_ICC_CREATEORDER, {"SCARD_E_ICC_CREATEORDER", C::kUnsupported, R::kUnsupportedCard}},
    Row{SCARD_E_DIR_NOT_FOUND, {"SCARD_E_DIR_NOT_FOUND", C::kNotFound, R::kUnsupportedCard}},
    Row{SCARD_E_FILE_NOT_FOUND, {"SCARD_E_FILE_NOT_FOUND", C::kNotFound, R::kUnsupportedCard}},
    Row{SCARD_E_NO_DIR, {"SCARD_E_NO_DIR", C::kNotFound, R::kUnsupportedCard}},
    Row{SCARD_E_NO_FILE, {"SCARD_E_NO_FILE", C::kNotFound, R::kUnsupportedCard}},
    Row{SCARD_E_NO_ACCESS, {"SCARD_E_NO_ACCESS", C::kPermissionDenied, R::kUnsupportedCard}},
    Row{SCARD_E_WRITE_TOO_MANY,
        {"SCARD_E_WRITE_TOO_MANY", C::kResourceExhausted, R::kUnsupportedCard}},
    Row{SCARD_E_BAD_SEEK, {"SCARD_E_BAD_SEEK", C::kInternal, R::kInternal}},
    Row{SCARD_E_INVALID_CHV, {"SCARD_E_INVALID_CHV", C::kInvalidInput, R::kUnsupportedCard}},
    Row{SCARD_E_UNKNOWN_RES_MNG, {"SCARD_E_UNKNOWN_RES_MNG", C::kInternal, R::kInternal}},
    Row{SCARD_E_NO_SUCH_CERTIFICATE,
        {"SCARD_E_NO_SUCH_CERTIFICATE", C::kNotFound, R::kUnsupportedCard}},
    Row{SCARD_E_CERTIFICATE_UNAVAILABLE,
        {"SCARD_E_CERTIFICATE_UNAVAILABLE", C::kNotFound, R::kUnsupportedCard}},
    Row{SCARD_E_NO_READERS_AVAILABLE,
        {"SCARD_E_NO_READERS_AVAILABLE", C::kFailedPrecondition, R::kNoReader}},
    Row{SCARD_E_COMM_DATA_LOST, {"SCARD_E_COMM_DATA_LOST", C::kUnavailable, R::kCommunication}},
    Row{SCARD_E_NO_KEY_CONTAINER, {"SCARD_E_NO_KEY_CONTAINER", C::kNotFound, R::kUnsupportedCard}},
    Row{SCARD_E_SERVER_TOO_BUSY,
        {"SCARD_E_SERVER_TOO_BUSY", C::kUnavailable, R::kServiceUnavailable}},
    Row{SCARD_W_UNSUPPORTED_CARD,
        {"SCARD_W_UNSUPPORTED_CARD", C::kUnsupported, R::kUnsupportedCard}},
    // A mute card: nothing answers the reset.
    Row{SCARD_W_UNRESPONSIVE_CARD,
        {"SCARD_W_UNRESPONSIVE_CARD", C::kUnsupported, R::kUnsupportedCard}},
    Row{SCARD_W_UNPOWERED_CARD,
        {"SCARD_W_UNPOWERED_CARD", C::kFailedPrecondition, R::kCardRemoved}},
    // Someone reset the card: any session (secure messaging keys) is gone.
    Row{SCARD_W_RESET_CARD, {"SCARD_W_RESET_CARD", C::kFailedPrecondition, R::kCardRemoved}},
    Row{SCARD_W_REMOVED_CARD, {"SCARD_W_REMOVED_CARD", C::kFailedPrecondition, R::kCardRemoved}},
    Row{SCARD_W_SECURITY_VIOLATION,
        {"SCARD_W_SECURITY_VIOLATION", C::kPermissionDenied, R::kUnsupportedCard}},
    Row{SCARD_W_WRONG_CHV, {"SCARD_W_WRONG_CHV", C::kInvalidInput, R::kUnsupportedCard}},
    Row{SCARD_W_CHV_BLOCKED, {"SCARD_W_CHV_BLOCKED", C::kResourceExhausted, R::kUnsupportedCard}},
    Row{SCARD_W_EOF, {"SCARD_W_EOF", C::kNotFound, R::kUnsupportedCard}},
    Row{SCARD_W_CANCELLED_BY_USER, {"SCARD_W_CANCELLED_BY_USER", C::kCancelled, R::kCancelled}},
    Row{SCARD_W_CARD_NOT_AUTHENTICATED,
        {"SCARD_W_CARD_NOT_AUTHENTICATED", C::kPermissionDenied, R::kUnsupportedCard}},
};

constexpr std::array<std::string_view, 13> kReasonKeys = {
    "none",         "service_unavailable", "no_reader",     "no_card",
    "card_removed", "unsupported_card",    "reader_busy",   "cancelled",
    "timeout",      "communication_error", "not_supported", "internal",
};

}  // namespace

std::string_view LinkReasonKey(LinkReason reason) {
  auto index = static_cast<size_t>(reason);
  return index < kReasonKeys.size() ? kReasonKeys[index] : "internal";
}

PcscResult DecodePcscResult(LONG rc) {
  for (const Row& row : kTable) {
    if (row.rc == rc) return row.result;
  }
  return {"unknown", C::kInternal, R::kInternal};
}

Status PcscStatus(LONG rc, std::string_view call, std::string_view reader) {
  PcscResult result = DecodePcscResult(rc);
  if (result.code == C::kOk) return OkStatus();
  std::string where = reader.empty() ? std::string(call) : fmt::format("{} on '{}'", call, reader);
  return Status(result.code, fmt::format("{}: {}: {} (0x{:08X})", LinkReasonKey(result.reason),
                                         where, result.name, static_cast<uint32_t>(rc)));
}

LinkReason ReasonOf(const Status& status) {
  if (status.ok()) return R::kNone;
  // The key is at the start, or after a context prefix added by WithContext().
  std::string_view message = status.message();
  for (size_t i = 1; i < kReasonKeys.size(); ++i) {
    std::string key = std::string(kReasonKeys[i]) + ": ";
    size_t at = message.find(key);
    if (at == 0 || (at != std::string_view::npos && at >= 2 && message[at - 2] == ':')) {
      return static_cast<LinkReason>(i);
    }
  }
  return R::kInternal;
}

}  // namespace kiosk::pcsc
