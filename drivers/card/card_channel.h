// The two sides of a contact or contactless card link, as the eMRTD protocol sees them.
//
// A CardChannel is the reader side: it sends a command APDU to the card in the reader and
// returns the response APDU (data + SW1 SW2). Backends: PC/SC (drivers/pcsc), libnfc
// (drivers/nfc), and in-process links to the simulated chip for unit tests.
//
// An ApduHandler is the card side: the simulated chip (drivers/cardsim) implements it, and
// transports (the vpcd link to pcscd, an in-process loopback) feed it APDUs.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/status.h"

namespace kiosk::card {

using Bytes = std::vector<uint8_t>;

class CardChannel {
 public:
  virtual ~CardChannel() = default;

  // Sends one command APDU and returns the complete response (data followed by SW1 SW2).
  // Transport-level details (T=0 GET RESPONSE on 61xx, re-sending with the right Le on 6Cxx)
  // are handled by the backend; the caller sees the final response.
  // Errors: kUnavailable (service gone), kFailedPrecondition (card removed or reader gone),
  // kCancelled (Cancel() was called), kDeadlineExceeded.
  virtual StatusOr<Bytes> Transmit(std::span<const uint8_t> command) = 0;

  // Whether the reader (and its driver) accepts extended-length APDUs. Asked of the reader,
  // never assumed.
  virtual bool SupportsExtendedLength() const = 0;
};

class ApduHandler {
 public:
  virtual ~ApduHandler() = default;

  // Answer to reset of the card.
  virtual Bytes Atr() const = 0;
  // Power-on or reset: the chip forgets any session (selected file, secure messaging keys).
  virtual void Reset() = 0;
  // Handles one command APDU and returns the response APDU (data + SW1 SW2). Never throws;
  // malformed commands get an ISO 7816 error status word.
  virtual Bytes HandleApdu(std::span<const uint8_t> command) = 0;
};

}  // namespace kiosk::card
