#include "drivers/pcsc/pcsc_channel.h"

#include <PCSC/pcsclite.h>
#include <PCSC/reader.h>

#include <chrono>
#include <thread>

#include "base/log.h"
#include "base/redact.h"
#include "drivers/pcsc/pcsc_error.h"
#include "drivers/pcsc/reader_features.h"

namespace kiosk::pcsc {
namespace {

// A card that keeps answering 61xx would otherwise keep us here for ever.
constexpr int kMaxGetResponse = 64;

uint8_t Sw1(const card::Bytes& response) { return response[response.size() - 2]; }
uint8_t Sw2(const card::Bytes& response) { return response[response.size() - 1]; }

// The command with its Le replaced by `le` (short APDUs only; empty when the command is
// extended or malformed, in which case 6Cxx is passed up as it is).
card::Bytes WithShortLe(std::span<const uint8_t> command, uint8_t le) {
  card::Bytes out(command.begin(), command.end());
  if (command.size() == 4) {  // case 1: add Le
    out.push_back(le);
    return out;
  }
  if (command.size() == 5) {  // case 2: replace Le
    out[4] = le;
    return out;
  }
  size_t lc = command[4];
  if (lc == 0) return {};          // extended
  if (command.size() == 5 + lc) {  // case 3: add Le
    out.push_back(le);
    return out;
  }
  if (command.size() == 6 + lc) {  // case 4: replace Le
    out.back() = le;
    return out;
  }
  return {};
}

}  // namespace

std::string_view ExtendedLengthSourceKey(ExtendedLengthSource source) {
  switch (source) {
    case ExtendedLengthSource::kTlvProperties:
      return "tlv_properties";
    case ExtendedLengthSource::kMaxInput:
      return "max_input";
    case ExtendedLengthSource::kNotReported:
      return "not_reported";
    case ExtendedLengthSource::kProtocolT0:
      return "protocol_t0";
  }
  return "not_reported";
}

StatusOr<std::unique_ptr<PcscChannel>> PcscChannel::Open(const std::string& reader) {
  KIOSK_ASSIGN_OR_RETURN(auto context, PcscContext::Establish());

  SCARDHANDLE card = 0;
  DWORD protocol = SCARD_PROTOCOL_UNDEFINED;
  LONG rc = SCardConnect(context->handle(), reader.c_str(), SCARD_SHARE_SHARED,
                         SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card, &protocol);
  KIOSK_RETURN_IF_ERROR(CheckedCall(rc, "SCardConnect", reader));

  std::unique_ptr<PcscChannel> channel(new PcscChannel(std::move(context), reader, card, protocol));

  uint8_t atr[MAX_ATR_SIZE];
  DWORD atr_size = sizeof atr;
  DWORD state = 0;
  DWORD active = 0;
  rc = SCardStatus(card, nullptr, nullptr, &state, &active, atr, &atr_size);
  KIOSK_RETURN_IF_ERROR(CheckedCall(rc, "SCardStatus", reader));
  channel->atr_.assign(atr, atr + atr_size);

  channel->DetectExtendedLength();
  Log(Subsystem::kCard)
      .info("connected to '{}' (T={}, extended length {} up to {} bytes, from {})", reader,
            protocol == SCARD_PROTOCOL_T1 ? 1 : 0, channel->SupportsExtendedLength() ? "yes" : "no",
            channel->max_apdu_data_size_,
            ExtendedLengthSourceKey(channel->extended_length_source_));
  return channel;
}

PcscChannel::PcscChannel(std::unique_ptr<PcscContext> context, std::string reader, SCARDHANDLE card,
                         DWORD protocol)
    : context_(std::move(context)), reader_(std::move(reader)), card_(card), protocol_(protocol) {}

PcscChannel::~PcscChannel() {
  // Leave the card powered: the next session (or another program) reconnects without a
  // cold reset. Fails harmlessly when the card or the daemon is already gone.
  (void)CheckedCall(SCardDisconnect(card_, SCARD_LEAVE_CARD), "SCardDisconnect", reader_);
}

void PcscChannel::Cancel() {
  cancelled_ = true;
  context_->Cancel();
}

void PcscChannel::DetectExtendedLength() {
  if (protocol_ == SCARD_PROTOCOL_T0) {
    extended_length_source_ = ExtendedLengthSource::kProtocolT0;
    return;
  }

  // PC/SC part 10: the reader lists its features; FEATURE_GET_TLV_PROPERTIES, when offered,
  // carries dwMaxAPDUDataSize (0 = short APDUs only). CCID readers answer this.
  uint8_t buffer[MAX_BUFFER_SIZE];
  DWORD length = 0;
  LONG rc =
      SCardControl(card_, CM_IOCTL_GET_FEATURE_REQUEST, nullptr, 0, buffer, sizeof buffer, &length);
  if (CheckedCall(rc, "SCardControl(GET_FEATURE_REQUEST)", reader_).ok()) {
    auto features = ParseFeatureList({buffer, length});
    if (!features.ok()) {
      Log(Subsystem::kCard).warn("reader '{}': {}", reader_, features.status().message());
    } else if (auto it = features->find(FEATURE_GET_TLV_PROPERTIES); it != features->end()) {
      rc = SCardControl(card_, it->second, nullptr, 0, buffer, sizeof buffer, &length);
      if (CheckedCall(rc, "SCardControl(GET_TLV_PROPERTIES)", reader_).ok()) {
        auto properties = ParseTlvProperties({buffer, length});
        if (properties.ok()) {
          auto max = properties->find(PCSCv2_PART10_PROPERTY_dwMaxAPDUDataSize);
          if (max != properties->end()) {
            extended_length_source_ = ExtendedLengthSource::kTlvProperties;
            max_apdu_data_size_ = max->second > kShortApduData ? max->second : kShortApduData;
            return;
          }
        }
      }
    }
  }

  // SCARD_ATTR_MAXINPUT: the longest command APDU the reader takes. More than a short case 4
  // APDU (4 + 1 + 255 + 1 = 261) means extended length; keep room for the header, the 3-byte
  // Lc and the 2-byte Le.
  DWORD attr_length = sizeof buffer;
  rc = SCardGetAttrib(card_, SCARD_ATTR_MAXINPUT, buffer, &attr_length);
  if (CheckedCall(rc, "SCardGetAttrib(MAXINPUT)", reader_).ok() && attr_length >= 4) {
    uint32_t max_input = uint32_t{buffer[0]} | (uint32_t{buffer[1]} << 8) |
                         (uint32_t{buffer[2]} << 16) | (uint32_t{buffer[3]} << 24);
    extended_length_source_ = ExtendedLengthSource::kMaxInput;
    max_apdu_data_size_ = max_input > 261 ? max_input - 9 : kShortApduData;
    return;
  }
  extended_length_source_ = ExtendedLengthSource::kNotReported;
  max_apdu_data_size_ = kShortApduData;
}

StatusOr<card::Bytes> PcscChannel::TransmitOnce(std::span<const uint8_t> command) {
  if (cancelled_) return CancelledError("card reading cancelled");
  const SCARD_IO_REQUEST* pci = protocol_ == SCARD_PROTOCOL_T1 ? SCARD_PCI_T1 : SCARD_PCI_T0;
  card::Bytes response(MAX_BUFFER_SIZE_EXTENDED);
  DWORD length = static_cast<DWORD>(response.size());
  LONG rc = SCardTransmit(card_, pci, command.data(), static_cast<DWORD>(command.size()), nullptr,
                          response.data(), &length);
  ++transmit_count_;
  auto& log = Log(Subsystem::kCard);
  if (log.should_log(spdlog::level::debug)) {
    response.resize(rc == SCARD_S_SUCCESS ? length : 0);
    log.debug("SCardTransmit on '{}': {}, {} -> {}", reader_, DecodePcscResult(rc).name,
              redact::CommandApdu(command),
              rc == SCARD_S_SUCCESS ? redact::ResponseApdu(response) : "none");
  }
  Status status = PcscStatus(rc, "SCardTransmit", reader_);
  if (!status.ok()) return status;
  response.resize(length);
  if (response.size() < 2) return NoStatusWord();
  return response;
}

Status PcscChannel::NoStatusWord() {
  // vpcd (and some USB readers) answer an empty response, with success, when the card leaves
  // the field in the middle of the exchange; pcscd notices the removal a moment later. Ask
  // for the card's state for a short while before calling it a transmission error.
  constexpr int kChecks = 25;
  constexpr auto kPause = std::chrono::milliseconds(20);
  for (int i = 0; i < kChecks; ++i) {
    DWORD state = 0;
    DWORD active = 0;
    uint8_t atr[MAX_ATR_SIZE];
    DWORD atr_size = sizeof atr;
    LONG rc = SCardStatus(card_, nullptr, nullptr, &state, &active, atr, &atr_size);
    if (rc != SCARD_S_SUCCESS) {
      Status status = PcscStatus(rc, "SCardTransmit (no answer; SCardStatus)", reader_);
      if (ReasonOf(status) == LinkReason::kCardRemoved || ReasonOf(status) == LinkReason::kNoCard ||
          ReasonOf(status) == LinkReason::kNoReader ||
          ReasonOf(status) == LinkReason::kServiceUnavailable) {
        return status;
      }
    } else if ((state & SCARD_PRESENT) == 0) {
      return PcscStatus(SCARD_W_REMOVED_CARD, "SCardTransmit (no answer)", reader_);
    }
    std::this_thread::sleep_for(kPause);
  }
  return PcscStatus(SCARD_E_COMM_DATA_LOST, "SCardTransmit (an answer without status word)",
                    reader_);
}

StatusOr<card::Bytes> PcscChannel::Transmit(std::span<const uint8_t> command) {
  if (command.size() < 4) return InvalidInputError("command APDU shorter than 4 bytes");
  KIOSK_ASSIGN_OR_RETURN(card::Bytes response, TransmitOnce(command));

  // T=0 cards (and some T=1 ones) announce the right Le with 6Cxx: ask again once.
  if (Sw1(response) == 0x6C) {
    card::Bytes again = WithShortLe(command, Sw2(response));
    if (!again.empty()) {
      KIOSK_ASSIGN_OR_RETURN(response, TransmitOnce(again));
    }
  }

  // 61xx: xx more bytes wait (00 = 256 or more); fetch them with GET RESPONSE on the same
  // logical channel until the card ends with a final status word.
  card::Bytes data;
  for (int i = 0; i < kMaxGetResponse && Sw1(response) == 0x61; ++i) {
    data.insert(data.end(), response.begin(), response.end() - 2);
    const uint8_t get_response[] = {static_cast<uint8_t>(command[0] & 0x03), 0xC0, 0x00, 0x00,
                                    Sw2(response)};
    KIOSK_ASSIGN_OR_RETURN(response, TransmitOnce(get_response));
  }
  if (data.empty()) return response;
  data.insert(data.end(), response.begin(), response.end());
  return data;
}

}  // namespace kiosk::pcsc
