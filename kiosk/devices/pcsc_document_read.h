// Reading the identity document that lies on a PC/SC reader: choose the reader, open a
// channel to its card (extended length is asked of the reader at Open()), run the eMRTD
// reader. Shared by PcscCardReader (the kiosk) and `kioskctl card read` (technicians), so
// that both pick the same reader and report the same failures.
//
// Thread: blocks for the whole read (tens to hundreds of milliseconds); call it off the
// drawing thread. Each call establishes its own PC/SC context.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "base/status.h"
#include "drivers/emrtd/document_reader.h"

namespace kiosk::devices {

// The reader to read from: the one whose name contains `wanted` (card.preferred_reader, or a
// technician's --reader), else the first holding a card (pcsc::ChooseReader). It must hold a
// card that answers. Errors: kUnavailable (pcscd), kFailedPrecondition "no_reader: ..." or
// "no_card: ...", kUnsupported "unsupported_card: ..." for a mute card.
StatusOr<std::string> PickReaderWithCard(const std::string& wanted);

// Whether the card on `reader` goes away within `within` (or is already gone).
bool CardLeavesReader(const std::string& reader, std::chrono::milliseconds within);

// What one read on a PC/SC reader gave.
struct PcscDocumentRead {
  std::string reader;   // the reader chosen; empty when none could be
  bool opened = false;  // a channel to the card was opened and the eMRTD read ran
  StatusOr<emrtd::ReadResult> result{InternalError("not read")};
  bool extended_length = false;  // what the reader said at Open()
  int transmit_count = 0;        // SCardTransmit calls, GET RESPONSE included
};

// Picks the reader (PickReaderWithCard(`wanted`)), opens the card and reads it with `key`.
// `options.cancel` stops the read between two APDUs. When `opened` is false, `result` holds
// the reader-choice or channel error; otherwise the eMRTD reader's status
// (emrtd::FailureOf() names it). A read that fails oddly while the card leaves the reader is
// kFailedPrecondition "card_removed: ..." (this may wait up to a second for pcscd to notice).
PcscDocumentRead ReadDocumentOnReader(const std::string& wanted, const emrtd::AccessKey& key,
                                      emrtd::ReadOptions options);

}  // namespace kiosk::devices
