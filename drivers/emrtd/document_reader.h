// Reading an identity document end to end: access control (PACE, else BAC), EF.COM, DG1,
// DG2, DG11, DG12, EF.SOD and passive authentication, over any CardChannel.
//
// Thread: Read() blocks for the whole session (tens to hundreds of milliseconds); call it off
// the UI thread. Another thread may cancel it through ReadOptions::cancel, checked between
// APDUs. Personal data never reaches a log; buffers holding the key and the raw files are
// cleared when Read() returns.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "drivers/card/card_channel.h"
#include "drivers/emrtd/data_groups.h"
#include "drivers/emrtd/mrz.h"
#include "drivers/emrtd/passive_authentication.h"

namespace kiosk::emrtd {

// What opens the chip: the 6-digit CAN printed on the card, or the MRZ fields.
class AccessKey {
 public:
  static AccessKey Can(std::string digits);
  // The document number as printed (fillers removed), birth and expiry as YYMMDD.
  static AccessKey Mrz(std::string document_number, std::string birth_yymmdd,
                       std::string expiry_yymmdd);
  ~AccessKey();
  AccessKey(const AccessKey&) = default;
  AccessKey& operator=(const AccessKey&) = default;

  bool is_can() const { return is_can_; }
  const std::string& can() const { return can_; }
  // The MRZ information of BAC and PACE-MRZ (number + check, birth + check, expiry + check).
  std::string MrzInformation() const;

 private:
  AccessKey() = default;
  bool is_can_ = false;
  std::string can_;
  std::string document_number_;
  std::string birth_;
  std::string expiry_;
};

enum class AccessProtocol { kPace, kBac };
std::string_view AccessProtocolName(AccessProtocol protocol);  // "PACE", "BAC"

// The identity as the kiosk uses it: from DG1, completed by DG11 and DG12 when present.
struct Identity {
  std::string document_code;
  std::string document_number;
  std::string issuing_state;
  std::string surname;
  std::string given_names;
  std::string nationality;
  std::string sex;
  std::optional<MrzDate> birth_date;
  std::optional<MrzDate> expiry_date;
  bool expired = false;
  std::string full_name;                 // DG11, UTF-8 with accents
  std::string place_of_birth;            // DG11, UTF-8 with accents
  std::string address;                   // DG11
  std::string issuing_authority;         // DG12
  std::optional<MrzDate> date_of_issue;  // DG12
};

struct ReadResult {
  Identity identity;
  MrzData mrz;  // DG1 as parsed, with its checks
  std::optional<FaceImage> face;
  std::vector<int> data_groups;  // read, in order
  AccessProtocol access = AccessProtocol::kPace;
  PassiveAuthenticationResult passive_authentication;
  int apdu_count = 0;
  int read_fallbacks = 0;  // times the chip refused a read size
  int64_t milliseconds = 0;
};

struct ReadOptions {
  std::string trust_store_dir;  // CSCA certificates; empty = PA gives no_trust_anchor
  bool read_face = true;
  const std::atomic<bool>* cancel = nullptr;
  std::optional<MrzDate> today;  // for two-digit years and "expired"; default: today (UTC)
};

// Why a read failed, for the flow and the UI (the Status message is for logs and staff).
enum class ReadFailure {
  kAccessDenied,         // wrong CAN or MRZ: ask the citizen to check it
  kUnsupportedDocument,  // no eMRTD application, no usable protocol
  kCardRemoved,          // card or reader gone (channel kFailedPrecondition)
  kCancelled,
  kServiceUnavailable,  // reader service down (channel kUnavailable / deadline)
  kSecurity,            // MAC or authentication failure mid-session
  kMalformed,           // the chip sent something we cannot parse
  kBlocked,             // the password is blocked or suspended
};
ReadFailure FailureOf(const Status& status);
std::string_view ReadFailureName(ReadFailure failure);

class DocumentReader {
 public:
  explicit DocumentReader(ReadOptions options) : options_(std::move(options)) {}

  // Tries PACE when EF.CardAccess offers it (with the CAN, or with the MRZ), else BAC (MRZ
  // only). A refused key stops at once: no second attempt that would burn the chip's
  // retry counter.
  StatusOr<ReadResult> Read(card::CardChannel& channel, const AccessKey& key) const;

 private:
  ReadOptions options_;
};

}  // namespace kiosk::emrtd
