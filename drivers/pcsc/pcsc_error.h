// The one place where pcsc-lite result codes become kiosk Status values.
//
// Every PC/SC call of the backend passes its LONG result through PcscStatus(). The status
// message starts with the domain reason's key ("card_removed: ...") so that the layers above
// (session flow, kioskctl) can tell a pulled card from a stopped service without knowing
// PC/SC; ReasonOf() reads it back.
#pragma once

#include <string_view>

#include <PCSC/wintypes.h>

#include "base/status.h"

namespace kiosk::pcsc {

// What went wrong on the card link, in the kiosk's words.
enum class LinkReason {
  kNone,                // success
  kServiceUnavailable,  // pcscd absent, stopped or restarted: re-establish the context
  kNoReader,            // no reader plugged in, or the named reader went away
  kNoCard,              // the reader is there but holds no card
  kCardRemoved,         // the card was taken away (or reset) during the exchange
  kUnsupportedCard,     // mute card, protocol mismatch, card the reader cannot talk to
  kReaderBusy,          // another program holds the card exclusively
  kCancelled,           // stopped on request (SCardCancel, session ended)
  kTimeout,             // the wait expired
  kCommunication,       // transmission error between reader and card
  kNotSupported,        // the reader or driver does not offer the feature asked for
  kInternal,            // a bug on our side or in the stack (bad parameter, buffer size)
};

std::string_view LinkReasonKey(LinkReason reason);

// The decoded meaning of one PC/SC result code.
struct PcscResult {
  std::string_view name;  // "SCARD_W_REMOVED_CARD", or "unknown" for codes outside the table
  StatusCode code;
  LinkReason reason;
};

// The table: every code pcsc-lite 1.9 defines, plus a fallback for unknown values.
PcscResult DecodePcscResult(LONG rc);

// OK for SCARD_S_SUCCESS; otherwise "<reason key>: <call> on '<reader>': <name> (0x...)"
// with the code of the table. `reader` may be empty for context-level calls.
Status PcscStatus(LONG rc, std::string_view call, std::string_view reader = {});

// The domain reason carried by a status made by PcscStatus() (kNone for OK, kInternal for a
// status that did not come from here).
LinkReason ReasonOf(const Status& status);

}  // namespace kiosk::pcsc
