#include "drivers/emrtd/apdu_session.h"

#include "base/log.h"

namespace kiosk::emrtd {

StatusOr<ResponseApdu> ApduSession::Transmit(const CommandApdu& command) {
  if (cancel_ != nullptr && cancel_->load()) return CancelledError("card reading cancelled");

  CommandApdu wire = command;
  if (sm_) {
    KIOSK_ASSIGN_OR_RETURN(wire, sm_->ProtectCommand(command));
  }
  ++apdu_count_;
  auto raw = channel_.Transmit(wire.Encode());
  if (!raw.ok()) return raw.status();

  if (sm_) {
    auto response = sm_->UnprotectResponse(*raw);
    if (!response.ok()) {
      Log(Subsystem::kCard)
          .warn("secure messaging failed on INS {:02X}: {}", command.ins,
                response.status().message());
    }
    return response;
  }
  return ResponseApdu::Parse(*raw);
}

}  // namespace kiosk::emrtd
