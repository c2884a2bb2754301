#include "drivers/cardsim/loopback_channel.h"

namespace kiosk::cardsim {

StatusOr<card::Bytes> LoopbackChannel::Transmit(std::span<const uint8_t> command) {
  if (remove_after_ == 0) return FailedPreconditionError("card removed");
  if (remove_after_ > 0) --remove_after_;
  ++transmitted_;
  // A short APDU reader cannot carry extended commands at all.
  if (!extended_length_ && command.size() > 5 + 255 + 1) {
    return FailedPreconditionError("reader: command too long for a short-APDU reader");
  }
  return chip_.HandleApdu(command);
}

}  // namespace kiosk::cardsim
