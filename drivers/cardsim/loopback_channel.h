// An in-process CardChannel wired straight to an ApduHandler (the simulated chip), for unit
// tests: no reader, no pcscd. Can pretend the reader lacks extended length, and can "remove
// the card" after a number of APDUs.
#pragma once

#include "drivers/card/card_channel.h"

namespace kiosk::cardsim {

class LoopbackChannel : public card::CardChannel {
 public:
  // `chip` must outlive the channel.
  explicit LoopbackChannel(card::ApduHandler& chip, bool extended_length = true)
      : chip_(chip), extended_length_(extended_length) {}

  StatusOr<card::Bytes> Transmit(std::span<const uint8_t> command) override;
  bool SupportsExtendedLength() const override { return extended_length_; }

  // After `count` more APDUs, every Transmit fails with kFailedPrecondition (card removed).
  void RemoveCardAfter(int count) { remove_after_ = count; }
  int transmitted() const { return transmitted_; }

 private:
  card::ApduHandler& chip_;
  bool extended_length_;
  int remove_after_ = -1;
  int transmitted_ = 0;
};

}  // namespace kiosk::cardsim
