// The kiosk's card reader port (session::CardReader) on the real stack: pcsc-lite for the
// reader (drivers/pcsc) and the eMRTD protocol for the chip (drivers/emrtd), with passive
// authentication against the CSCA certificates of card.csca_dir.
//
// Besides reading, it watches the readers (pcsc::CardMonitor) and reports a card put on or
// taken off the chosen reader through `on_card(present)`, which the app turns into
// FlowEvent::Kind::kCardInserted / kCardRemoved. A mute card counts as present (the read then
// says Unsupported); pcscd going away or the reader being unplugged counts as removed.
//
// Thread: Read() from one worker thread at a time (the flow's JobRunner); a second caller
// waits. `on_card` runs on the monitor's thread and must return quickly (post and return).
// State() from any thread, at once. Start() and Stop() from the owner's thread.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "base/config.h"
#include "base/status.h"
#include "drivers/emrtd/document_reader.h"
#include "drivers/pcsc/card_monitor.h"
#include "kiosk/session/ports.h"

namespace kiosk::devices {

struct PcscCardReaderOptions {
  std::string preferred_reader;  // card.preferred_reader: part of a reader name; "" = any
  std::string csca_dir;          // card.csca_dir: trust anchors of passive authentication
  bool read_face = true;         // DG2, the photo
  pcsc::CardMonitorOptions monitor;

  static PcscCardReaderOptions FromConfig(const KioskConfig& config);
};

// The reader as staff see it. Never personal data: reader names, states, counters.
struct ReaderSnapshot {
  bool watching = false;  // Start() was called and Stop() not yet
  pcsc::CardLinkState link = pcsc::CardLinkState::kServiceUnavailable;
  std::string reader;  // the chosen reader (pcsc::ChooseReader), "" without one
  bool card_present = false;
  bool reading = false;
  int reads = 0;             // Read() calls that reached the card and succeeded
  int failed_reads = 0;      // the others, cancellations excepted
  std::string last_failure;  // emrtd::ReadFailureName of the last failure, "" when none
};

// THE mapping from a failed read (reader choice, channel or eMRTD protocol) to the codes of
// session::CardReader. The message starts with emrtd::ReadFailureName() ("access_denied: ..."),
// added when the original does not already.
//   access denied (wrong CAN or MRZ)              -> kInvalidInput
//   no eMRTD application, no usable protocol,
//   mute card, answers we cannot parse            -> kUnsupported
//   card or reader gone, no card                  -> kFailedPrecondition
//   pcscd down or restarting, deadline            -> kUnavailable
//   cancelled                                     -> kCancelled
//   secure messaging broken mid-session           -> kDataLoss (the flow's generic card error)
//   access blocked or suspended                   -> kResourceExhausted (idem)
// REQUIRES: !status.ok().
Status CardReadStatus(const Status& status);

// The identity the flow uses, from what the chip gave: DG1 names and numbers, dates as
// YYYY-MM-DD (DG11's full birth date when present), place of birth from DG11, the DG2 photo;
// kChipVerified only when passive authentication verified the data groups.
session::CardIdentity ToCardIdentity(const emrtd::ReadResult& result);

// Overwrites every personal field of `result` (names, numbers, MRZ fields, photo).
void WipeReadResult(emrtd::ReadResult& result);

class PcscCardReader : public session::CardReader {
 public:
  using CardCallback = std::function<void(bool present)>;

  // `on_card` may be empty (no insertion events: tests, kioskctl).
  PcscCardReader(PcscCardReaderOptions options, CardCallback on_card);
  ~PcscCardReader() override;  // stops the monitor
  PcscCardReader(const PcscCardReader&) = delete;
  PcscCardReader& operator=(const PcscCardReader&) = delete;

  // Starts / stops watching the readers. Reading works without it. Stop() is idempotent.
  void Start();
  void Stop();

  // Reads the document on the chosen reader with PACE and `can` (worker thread; see
  // CardReadStatus() for the errors). A CAN that is not 6 digits is kInvalidInput without
  // touching the card. The key and every buffer of the read are wiped before returning.
  StatusOr<session::CardIdentity> Read(const std::string& can,
                                       const std::atomic<bool>& cancel) override;

  ReaderSnapshot State() const;

 private:
  void OnMonitorEvent(const pcsc::CardEvent& event);

  const PcscCardReaderOptions options_;
  const CardCallback on_card_;
  pcsc::CardMonitor monitor_;
  std::mutex read_mutex_;  // one read at a time

  mutable std::mutex mutex_;  // guards the fields below
  bool watching_ = false;
  bool reported_present_ = false;  // what on_card_ last said
  std::string present_reader_;     // the reader of that card
  bool reading_ = false;
  int reads_ = 0;
  int failed_reads_ = 0;
  std::string last_failure_;
};

}  // namespace kiosk::devices
