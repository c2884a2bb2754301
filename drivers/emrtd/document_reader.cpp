#include "drivers/emrtd/document_reader.h"

#include <chrono>
#include <map>

#include "base/log.h"
#include "drivers/emrtd/apdu_session.h"
#include "drivers/emrtd/bac.h"
#include "drivers/emrtd/card_access.h"
#include "drivers/emrtd/file_reader.h"
#include "drivers/emrtd/pace.h"

namespace kiosk::emrtd {
namespace {

constexpr uint8_t kEmrtdAid[] = {0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01};
constexpr uint16_t kCardAccessId = 0x011C;
constexpr uint16_t kComId = 0x011E;
constexpr uint16_t kSodId = 0x011D;

// Clears every buffer of a map of files when the read ends, however it ends.
struct FileVault {
  std::map<int, Bytes> files;
  Bytes sod;
  ~FileVault() {
    for (auto& [number, bytes] : files) SecureClear(bytes);
    SecureClear(sod);
  }
};

std::optional<PaceInfo> ChoosePace(const std::vector<PaceInfo>& infos) {
  for (const PaceInfo& info : infos) {
    if (info.mapping != PaceMapping::kEcdhGeneric) continue;
    if (info.parameter_id && !PaceEcdh::ForParameterId(*info.parameter_id).ok()) continue;
    return info;
  }
  return std::nullopt;
}

}  // namespace

AccessKey AccessKey::Can(std::string digits) {
  AccessKey key;
  key.is_can_ = true;
  key.can_ = std::move(digits);
  return key;
}

AccessKey AccessKey::Mrz(std::string document_number, std::string birth_yymmdd,
                         std::string expiry_yymmdd) {
  AccessKey key;
  key.document_number_ = std::move(document_number);
  key.birth_ = std::move(birth_yymmdd);
  key.expiry_ = std::move(expiry_yymmdd);
  return key;
}

AccessKey::~AccessKey() {
  SecureClear(can_);
  SecureClear(document_number_);
  SecureClear(birth_);
  SecureClear(expiry_);
}

std::string AccessKey::MrzInformation() const {
  return BacMrzInformation(document_number_, birth_, expiry_);
}

std::string_view AccessProtocolName(AccessProtocol protocol) {
  return protocol == AccessProtocol::kPace ? "PACE" : "BAC";
}

ReadFailure FailureOf(const Status& status) {
  switch (status.code()) {
    case StatusCode::kCancelled:
      return ReadFailure::kCancelled;
    case StatusCode::kFailedPrecondition:
      return ReadFailure::kCardRemoved;
    case StatusCode::kUnavailable:
    case StatusCode::kDeadlineExceeded:
      return ReadFailure::kServiceUnavailable;
    case StatusCode::kUnsupported:
      return ReadFailure::kUnsupportedDocument;
    case StatusCode::kDataLoss:
      return ReadFailure::kSecurity;
    case StatusCode::kResourceExhausted:
      return ReadFailure::kBlocked;
    case StatusCode::kInvalidInput:
      return status.message().rfind("access denied", 0) == 0 ? ReadFailure::kAccessDenied
                                                             : ReadFailure::kMalformed;
    default:
      return ReadFailure::kMalformed;
  }
}

std::string_view ReadFailureName(ReadFailure failure) {
  switch (failure) {
    case ReadFailure::kAccessDenied:
      return "access_denied";
    case ReadFailure::kUnsupportedDocument:
      return "unsupported_document";
    case ReadFailure::kCardRemoved:
      return "card_removed";
    case ReadFailure::kCancelled:
      return "cancelled";
    case ReadFailure::kServiceUnavailable:
      return "service_unavailable";
    case ReadFailure::kSecurity:
      return "security_error";
    case ReadFailure::kMalformed:
      return "malformed_answer";
    case ReadFailure::kBlocked:
      return "blocked";
  }
  return "malformed_answer";
}

StatusOr<ReadResult> DocumentReader::Read(card::CardChannel& channel, const AccessKey& key) const {
  auto start = std::chrono::steady_clock::now();
  MrzDate today = options_.today.value_or(TodayUtc());
  ApduSession session(channel, options_.cancel);
  FileReader files(session);
  ReadResult result;
  auto& log = Log(Subsystem::kCard);

  // 1. EF.CardAccess, in the master file, before any application is selected.
  std::optional<PaceInfo> pace;
  auto card_access = files.ReadFile(kCardAccessId);
  if (card_access.ok()) {
    auto infos = ParseCardAccess(*card_access);
    if (infos.ok()) pace = ChoosePace(*infos);
    if (!infos.ok()) log.warn("EF.CardAccess unreadable: {}", infos.status().message());
  } else if (card_access.status().code() != StatusCode::kNotFound &&
             card_access.status().code() != StatusCode::kInvalidInput &&
             card_access.status().code() != StatusCode::kPermissionDenied) {
    return card_access.status();  // card removed, cancelled...
  }

  // 2. Access control, then the eMRTD application.
  std::string mrz_information = key.is_can() ? "" : key.MrzInformation();
  if (pace) {
    auto type = key.is_can() ? PacePasswordType::kCan : PacePasswordType::kMrz;
    auto sm = PerformPace(session, *pace, type, key.is_can() ? key.can() : mrz_information);
    if (sm.ok()) {
      session.StartSecureMessaging(std::move(*sm));
      result.access = AccessProtocol::kPace;
      Status selected = files.SelectApplication(kEmrtdAid);
      if (selected.code() == StatusCode::kNotFound) {
        return UnsupportedError("unsupported document: no eMRTD application");
      }
      KIOSK_RETURN_IF_ERROR(selected);
    } else if (sm.status().code() == StatusCode::kUnsupported && !key.is_can()) {
      // The chip lists PACE but refuses our parameters: with the MRZ, BAC is still allowed
      // (9303 asks chips with PACE to keep BAC for older terminals). Never after a refused
      // password: that would spend a second try on the same key.
      log.info("PACE not usable ({}), trying BAC", sm.status().message());
      pace.reset();
    } else {
      SecureClear(mrz_information);
      log.warn("PACE failed: {}", sm.status().message());
      return sm.status();
    }
  }
  if (!pace) {
    Status selected = files.SelectApplication(kEmrtdAid);
    if (selected.code() == StatusCode::kNotFound) {
      SecureClear(mrz_information);
      return UnsupportedError("unsupported document: no eMRTD application");
    }
    KIOSK_RETURN_IF_ERROR(selected);
    if (key.is_can()) {
      return UnsupportedError(
          "unsupported document: the chip offers no PACE, a CAN cannot open it (use the MRZ)");
    }
    auto sm = PerformBac(session, mrz_information);
    SecureClear(mrz_information);
    if (!sm.ok()) {
      log.warn("BAC failed: {}", sm.status().message());
      return sm.status();
    }
    session.StartSecureMessaging(std::move(*sm));
    result.access = AccessProtocol::kBac;
  }
  SecureClear(mrz_information);

  // 3. Files. EF.COM lists the data groups; without it we try the ones we use.
  FileVault vault;
  std::vector<int> listed = {1, 2, 11, 12};
  auto com = files.ReadFile(kComId);
  if (com.ok()) {
    auto groups = ParseCom(*com);
    if (groups.ok()) listed = *groups;
  } else if (com.status().code() != StatusCode::kNotFound) {
    return com.status();
  }

  for (int number : {1, 2, 11, 12}) {
    if (number == 2 && !options_.read_face) continue;
    if (number != 1 && std::find(listed.begin(), listed.end(), number) == listed.end()) continue;
    auto file = files.ReadFile(DataGroupFileId(number));
    if (!file.ok()) {
      if (file.status().code() == StatusCode::kNotFound && number != 1) continue;
      return file.status().WithContext("DG" + std::to_string(number));
    }
    vault.files[number] = std::move(*file);
    result.data_groups.push_back(number);
  }
  auto sod = files.ReadFile(kSodId);
  if (sod.ok()) {
    vault.sod = std::move(*sod);
  } else if (sod.status().code() != StatusCode::kNotFound) {
    return sod.status().WithContext("EF.SOD");
  }
  session.StopSecureMessaging();

  // 4. Parse.
  KIOSK_ASSIGN_OR_RETURN(result.mrz, ParseDg1(vault.files[1], today));
  Identity& id = result.identity;
  id.document_code = result.mrz.document_code;
  id.document_number = result.mrz.document_number;
  id.issuing_state = result.mrz.issuing_state;
  id.surname = result.mrz.surname;
  id.given_names = result.mrz.given_names;
  id.nationality = result.mrz.nationality;
  id.sex = result.mrz.sex;
  id.birth_date = result.mrz.birth_date;
  id.expiry_date = result.mrz.expiry_date;
  id.expired = result.mrz.expired(today);
  if (vault.files.count(11)) {
    auto dg11 = ParseDg11(vault.files[11]);
    if (dg11.ok()) {
      id.full_name = dg11->full_name;
      id.place_of_birth = dg11->place_of_birth;
      id.address = dg11->address;
      if (dg11->full_birth_date) id.birth_date = dg11->full_birth_date;
    }
  }
  if (vault.files.count(12)) {
    auto dg12 = ParseDg12(vault.files[12]);
    if (dg12.ok()) {
      id.issuing_authority = dg12->issuing_authority;
      id.date_of_issue = dg12->date_of_issue;
    }
  }
  if (vault.files.count(2)) {
    auto face = ParseDg2(vault.files[2]);
    if (face.ok()) result.face = std::move(*face);
  }

  // 5. Passive authentication on the bytes as read.
  if (vault.sod.empty()) {
    result.passive_authentication = {PassiveAuthenticationStatus::kFailed, "no EF.SOD"};
  } else {
    result.passive_authentication =
        VerifyPassiveAuthentication(vault.sod, vault.files, options_.trust_store_dir);
  }

  result.apdu_count = session.apdu_count();
  result.read_fallbacks = files.fallbacks();
  result.milliseconds = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - start)
                            .count();
  log.info("document read via {}: {} APDUs, {} ms, passive authentication {}",
           AccessProtocolName(result.access), result.apdu_count, result.milliseconds,
           PassiveAuthenticationStatusName(result.passive_authentication.status));
  return result;
}

}  // namespace kiosk::emrtd
