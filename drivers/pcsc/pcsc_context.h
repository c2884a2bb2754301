// An established PC/SC context (SCardEstablishContext ... SCardReleaseContext).
//
// Thread: one thread uses a context for its calls; Cancel() may be called from any thread
// (it is the only PC/SC call pcsc-lite allows across threads on one context).
// After pcscd restarts, every call on an old context fails with SCARD_E_NO_SERVICE (reason
// kServiceUnavailable) for ever: the owner drops the context and establishes a new one.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <PCSC/winscard.h>

#include "base/status.h"
#include "drivers/pcsc/reader_state.h"

namespace kiosk::pcsc {

// The special reader name whose state changes when a reader is plugged in or out.
inline constexpr std::string_view kPnpNotificationReader = "\\\\?PnP?\\Notification";

class PcscContext {
 public:
  // Errors: kUnavailable (service_unavailable) when pcscd is not running.
  static StatusOr<std::unique_ptr<PcscContext>> Establish();

  ~PcscContext();
  PcscContext(const PcscContext&) = delete;
  PcscContext& operator=(const PcscContext&) = delete;

  SCARDCONTEXT handle() const { return context_; }

  // Names of the readers pcscd knows; empty (not an error) when there is none.
  StatusOr<std::vector<std::string>> ListReaders();

  // The current state of each reader (SCardGetStatusChange with a zero timeout).
  StatusOr<std::vector<ReaderInfo>> ReadStates(const std::vector<std::string>& readers);

  // Waits up to `timeout` for a change on `readers` or, when `watch_plug` is set, for a reader
  // being plugged in or out. Returns true when something changed, false on timeout.
  // Errors: kCancelled after Cancel(); kUnavailable when the service went away.
  StatusOr<bool> WaitForChange(const std::vector<ReaderInfo>& known, bool watch_plug,
                               std::chrono::milliseconds timeout);

  // Interrupts a WaitForChange() running on another thread. Thread-safe.
  void Cancel();

 private:
  explicit PcscContext(SCARDCONTEXT context) : context_(context) {}

  SCARDCONTEXT context_;
};

// Logs one PC/SC call at debug level ("SCardConnect on 'reader': SCARD_S_SUCCESS") and returns
// PcscStatus(rc, call, reader). Failures that are part of normal life (timeouts, no reader)
// stay at debug; the caller decides what deserves a warning.
Status CheckedCall(LONG rc, std::string_view call, std::string_view reader = {});

}  // namespace kiosk::pcsc
