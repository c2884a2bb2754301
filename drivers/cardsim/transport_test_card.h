// TransportTestCard: a tiny card that exercises the transport, not the eMRTD protocol. It
// lets the PC/SC backend be tested through the real pcscd + vpcd without the chip simulator:
//  - SELECT by AID: 9000 for the eMRTD AID (unless `has_emrtd_application` is false: 6A82);
//  - READ BINARY on a 4096-byte test file (byte i = i mod 251), short or extended Le; with
//    `refuse_256` set, Le = 00 (256 bytes) is refused with 6700;
//  - GET DATA 00 CA 01 01 00: answers 61 20, then GET RESPONSE (00 C0 00 00 20) gives 32 bytes
//    (T=0 style response chaining);
//  - GET DATA 00 CA 01 02 Le: answers 6C 10 unless Le = 10, then 16 bytes;
//  - ECHO 80 EE 00 00 Lc data Le: returns the data (short or extended).
// Development and test only.
#pragma once

#include "drivers/card/card_channel.h"

namespace kiosk::cardsim {

struct TransportTestCardOptions {
  bool has_emrtd_application = true;
  bool refuse_256 = false;
};

// A contactless-card ATR (PC/SC part 3 form: 3B 8n 80 01 historical bytes, TCK) for T=1.
card::Bytes ContactlessAtr(const card::Bytes& historical_bytes);

class TransportTestCard : public card::ApduHandler {
 public:
  explicit TransportTestCard(TransportTestCardOptions options = {}) : options_(options) {}

  card::Bytes Atr() const override;
  void Reset() override { pending_.clear(); }
  card::Bytes HandleApdu(std::span<const uint8_t> command) override;

  static constexpr size_t kTestFileSize = 4096;
  static uint8_t TestFileByte(size_t offset) { return static_cast<uint8_t>(offset % 251); }

 private:
  TransportTestCardOptions options_;
  card::Bytes pending_;  // data waiting for GET RESPONSE
};

}  // namespace kiosk::cardsim
