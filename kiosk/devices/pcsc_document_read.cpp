#include "kiosk/devices/pcsc_document_read.h"

#include <thread>
#include <utility>

#include "drivers/pcsc/pcsc_channel.h"
#include "drivers/pcsc/pcsc_context.h"
#include "drivers/pcsc/pcsc_error.h"
#include "drivers/pcsc/reader_state.h"

namespace kiosk::devices {

StatusOr<std::string> PickReaderWithCard(const std::string& wanted) {
  KIOSK_ASSIGN_OR_RETURN(auto context, pcsc::PcscContext::Establish());
  KIOSK_ASSIGN_OR_RETURN(auto names, context->ListReaders());
  KIOSK_ASSIGN_OR_RETURN(auto readers, context->ReadStates(names));
  const pcsc::ReaderInfo* chosen = pcsc::ChooseReader(readers, wanted);
  if (chosen == nullptr) return FailedPreconditionError("no_reader: no PC/SC reader");
  if (!wanted.empty() && chosen->name.find(wanted) == std::string::npos) {
    return FailedPreconditionError("no_reader: no reader named like '" + wanted + "'");
  }
  if (chosen->slot == pcsc::SlotState::kCardMute) {
    return UnsupportedError("unsupported_card: the card on '" + chosen->name + "' is mute");
  }
  if (chosen->slot != pcsc::SlotState::kCardPresent) {
    return FailedPreconditionError("no_card: no card on '" + chosen->name + "'");
  }
  return chosen->name;
}

bool CardLeavesReader(const std::string& reader, std::chrono::milliseconds within) {
  auto context = pcsc::PcscContext::Establish();
  if (!context.ok()) return false;
  const auto deadline = std::chrono::steady_clock::now() + within;
  while (true) {
    auto states = (*context)->ReadStates({reader});
    if (!states.ok()) return pcsc::ReasonOf(states.status()) == pcsc::LinkReason::kNoReader;
    if (states->empty() || states->front().slot != pcsc::SlotState::kCardPresent) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

PcscDocumentRead ReadDocumentOnReader(const std::string& wanted, const emrtd::AccessKey& key,
                                      emrtd::ReadOptions options) {
  PcscDocumentRead read;
  auto reader = PickReaderWithCard(wanted);
  if (!reader.ok()) {
    read.result = reader.status();
    return read;
  }
  read.reader = *reader;

  auto channel = pcsc::PcscChannel::Open(read.reader);
  if (!channel.ok()) {
    read.result = channel.status();
    return read;
  }

  read.opened = true;
  read.extended_length = (*channel)->SupportsExtendedLength();
  read.result = emrtd::DocumentReader(std::move(options)).Read(**channel, key);
  read.transmit_count = (*channel)->transmit_count();
  channel->reset();  // disconnected before looking at the slot

  // Quirk: when the card leaves in the middle of an exchange, vpcd completes SCardTransmit
  // with an empty response instead of SCARD_W_REMOVED_CARD (seen with the card emulator's
  // --remove-after), which the eMRTD layer reads as a malformed answer (or, cut inside secure
  // messaging, a bad MAC); pcscd notices the removal a moment later. A card that is gone is
  // not an unreadable card: look at the slot before saying so.
  if (!read.result.ok()) {
    emrtd::ReadFailure failure = emrtd::FailureOf(read.result.status());
    bool odd =
        failure == emrtd::ReadFailure::kMalformed || failure == emrtd::ReadFailure::kSecurity;
    if (odd && CardLeavesReader(read.reader, std::chrono::milliseconds(1000))) {
      read.result =
          FailedPreconditionError("card_removed: the card left '" + read.reader +
                                  "' during the read (" + read.result.status().message() + ")");
    }
  }
  return read;
}

}  // namespace kiosk::devices
