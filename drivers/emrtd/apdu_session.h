// One reading session over a CardChannel: counts APDUs, honours cancellation between APDUs,
// and applies secure messaging once it is established.
#pragma once

#include <atomic>
#include <memory>

#include "base/status.h"
#include "drivers/card/card_channel.h"
#include "drivers/emrtd/apdu.h"
#include "drivers/emrtd/secure_messaging.h"

namespace kiosk::emrtd {

class ApduSession {
 public:
  // `channel` and `cancel` (may be null) must outlive the session. Not thread-safe, except
  // that another thread may set *cancel at any time.
  ApduSession(card::CardChannel& channel, const std::atomic<bool>* cancel)
      : channel_(channel), cancel_(cancel) {}

  // Sends `command`, protected when secure messaging is on, and returns the (unprotected)
  // response. Errors: kCancelled when *cancel is set before the APDU, the channel's errors
  // (card removed...), kDataLoss on a secure messaging failure.
  StatusOr<ResponseApdu> Transmit(const CommandApdu& command);

  void StartSecureMessaging(std::unique_ptr<SecureMessaging> sm) { sm_ = std::move(sm); }
  void StopSecureMessaging() { sm_.reset(); }
  bool secure() const { return sm_ != nullptr; }
  bool extended_length() const { return channel_.SupportsExtendedLength(); }
  int apdu_count() const { return apdu_count_; }

 private:
  card::CardChannel& channel_;
  const std::atomic<bool>* cancel_;
  std::unique_ptr<SecureMessaging> sm_;
  int apdu_count_ = 0;
};

}  // namespace kiosk::emrtd
