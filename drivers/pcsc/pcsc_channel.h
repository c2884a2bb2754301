// PcscChannel: a CardChannel to the card in one PC/SC reader.
//
// Open() establishes its own context (so a reading thread never shares the monitor's) and
// connects in shared mode with T=0 or T=1. Transmit() hides the transmission protocol:
//  - 61xx: more data waits; GET RESPONSE (00 C0 00 00 xx) until the card is done;
//  - 6Cxx: wrong Le; the same command is sent again once with Le = xx.
// Extended length is asked of the reader at Open() (see DetectExtendedLength in the .cpp):
// PC/SC part 10 TLV property dwMaxAPDUDataSize first, then SCARD_ATTR_MAXINPUT. T=0 never gets
// extended length (it would need ENVELOPE chaining).
//
// Thread: Transmit() from one thread (the reading worker); Cancel() from any thread. pcsc-lite
// cannot interrupt an SCardTransmit in flight: Cancel() makes the next Transmit() fail with
// kCancelled at once, and the exchange in flight ends by itself (an APDU takes milliseconds).
// The card handle and context are released by the destructor (SCARD_LEAVE_CARD).
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>

#include <PCSC/winscard.h>

#include "drivers/card/card_channel.h"
#include "drivers/pcsc/pcsc_context.h"

namespace kiosk::pcsc {

// How the reader's extended-length capability was learnt (for logs and kioskctl).
enum class ExtendedLengthSource {
  kTlvProperties,  // FEATURE_GET_TLV_PROPERTIES, dwMaxAPDUDataSize
  kMaxInput,       // SCARD_ATTR_MAXINPUT
  kNotReported,    // the reader said nothing: short APDUs only
  kProtocolT0,     // T=0 link: short APDUs only
};

std::string_view ExtendedLengthSourceKey(ExtendedLengthSource source);

class PcscChannel : public card::CardChannel {
 public:
  static constexpr size_t kShortApduData = 256;

  // Errors: kUnavailable (service), kFailedPrecondition (no such reader, no card),
  // kUnsupported (mute card, protocol mismatch).
  static StatusOr<std::unique_ptr<PcscChannel>> Open(const std::string& reader);

  ~PcscChannel() override;
  PcscChannel(const PcscChannel&) = delete;
  PcscChannel& operator=(const PcscChannel&) = delete;

  StatusOr<card::Bytes> Transmit(std::span<const uint8_t> command) override;
  bool SupportsExtendedLength() const override { return max_apdu_data_size_ > kShortApduData; }

  // Thread-safe; see the header comment.
  void Cancel();

  const std::string& reader() const { return reader_; }
  const card::Bytes& atr() const { return atr_; }
  DWORD protocol() const { return protocol_; }
  // The largest command or response data the reader accepts (256 = short APDUs only).
  size_t max_apdu_data_size() const { return max_apdu_data_size_; }
  ExtendedLengthSource extended_length_source() const { return extended_length_source_; }
  // SCardTransmit calls made, GET RESPONSE and 6Cxx repeats included.
  int transmit_count() const { return transmit_count_; }

 private:
  PcscChannel(std::unique_ptr<PcscContext> context, std::string reader, SCARDHANDLE card,
              DWORD protocol);

  StatusOr<card::Bytes> TransmitOnce(std::span<const uint8_t> command);
  // The answer held no status word: a card that left mid-exchange, or a transmission error.
  Status NoStatusWord();
  void DetectExtendedLength();

  std::unique_ptr<PcscContext> context_;
  std::string reader_;
  SCARDHANDLE card_;
  DWORD protocol_;
  card::Bytes atr_;
  size_t max_apdu_data_size_ = kShortApduData;
  ExtendedLengthSource extended_length_source_ = ExtendedLengthSource::kNotReported;
  std::atomic<bool> cancelled_{false};
  int transmit_count_ = 0;
};

}  // namespace kiosk::pcsc
