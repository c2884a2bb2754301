#include "kiosk/devices/pcsc_card_reader.h"

#include <chrono>
#include <utility>

#include "base/log.h"
#include "base/wipe.h"
#include "kiosk/devices/pcsc_document_read.h"

namespace kiosk::devices {
namespace {

constexpr size_t kCanDigits = 6;

bool IsCan(const std::string& text) {
  return text.size() == kCanDigits && text.find_first_not_of("0123456789") == std::string::npos;
}

std::string IsoDate(const std::optional<emrtd::MrzDate>& date) {
  return date ? date->ToIso() : std::string();
}

void WipeDate(std::optional<emrtd::MrzDate>& date) {
  if (date) *date = emrtd::MrzDate{};
  date.reset();
}

}  // namespace

PcscCardReaderOptions PcscCardReaderOptions::FromConfig(const KioskConfig& config) {
  PcscCardReaderOptions options;
  options.preferred_reader = config.card.preferred_reader;
  options.csca_dir = config.card.csca_dir;
  options.monitor.preferred_reader = config.card.preferred_reader;
  return options;
}

Status CardReadStatus(const Status& status) {
  emrtd::ReadFailure failure = emrtd::FailureOf(status);
  StatusCode code = StatusCode::kUnsupported;
  switch (failure) {
    case emrtd::ReadFailure::kAccessDenied:
      code = StatusCode::kInvalidInput;
      break;
    case emrtd::ReadFailure::kUnsupportedDocument:
    case emrtd::ReadFailure::kMalformed:
      code = StatusCode::kUnsupported;
      break;
    case emrtd::ReadFailure::kCardRemoved:
      code = StatusCode::kFailedPrecondition;
      break;
    case emrtd::ReadFailure::kServiceUnavailable:
      code = StatusCode::kUnavailable;
      break;
    case emrtd::ReadFailure::kCancelled:
      code = StatusCode::kCancelled;
      break;
    case emrtd::ReadFailure::kSecurity:
      code = StatusCode::kDataLoss;
      break;
    case emrtd::ReadFailure::kBlocked:
      code = StatusCode::kResourceExhausted;
      break;
  }
  std::string prefix = std::string(emrtd::ReadFailureName(failure)) + ": ";
  if (status.message().rfind(prefix, 0) == 0) return Status(code, status.message());
  return Status(code, prefix + status.message());
}

session::CardIdentity ToCardIdentity(const emrtd::ReadResult& result) {
  const emrtd::Identity& id = result.identity;
  session::CardIdentity identity;
  identity.surname = id.surname;
  identity.given_names = id.given_names;
  identity.birth_date = IsoDate(id.birth_date);
  // The MRZ writes an unspecified sex as '<'; the flow knows F, M and X only.
  if (id.sex == "F" || id.sex == "M" || id.sex == "X") identity.sex = id.sex;
  identity.nationality = id.nationality;
  identity.document_number = id.document_number;
  identity.expiry_date = IsoDate(id.expiry_date);
  identity.place_of_birth = id.place_of_birth;
  if (result.face) identity.photo = result.face->data;
  identity.source =
      result.passive_authentication.status == emrtd::PassiveAuthenticationStatus::kVerified
          ? session::IdentitySource::kChipVerified
          : session::IdentitySource::kChipUnverified;
  return identity;
}

void WipeReadResult(emrtd::ReadResult& result) {
  emrtd::Identity& id = result.identity;
  for (std::string* text : {&id.document_code, &id.document_number, &id.issuing_state, &id.surname,
                            &id.given_names, &id.nationality, &id.sex, &id.full_name,
                            &id.place_of_birth, &id.address, &id.issuing_authority}) {
    WipeString(*text);
  }
  WipeDate(id.birth_date);
  WipeDate(id.expiry_date);
  WipeDate(id.date_of_issue);

  emrtd::MrzData& mrz = result.mrz;
  for (std::string* text : {&mrz.document_code, &mrz.issuing_state, &mrz.document_number,
                            &mrz.surname, &mrz.given_names, &mrz.nationality, &mrz.sex,
                            &mrz.optional_data, &mrz.birth_yymmdd, &mrz.expiry_yymmdd}) {
    WipeString(*text);
  }
  WipeDate(mrz.birth_date);
  WipeDate(mrz.expiry_date);

  if (result.face) WipeBytes(result.face->data);
  result.face.reset();
}

PcscCardReader::PcscCardReader(PcscCardReaderOptions options, CardCallback on_card)
    : options_(std::move(options)),
      on_card_(std::move(on_card)),
      monitor_(options_.monitor, [this](const pcsc::CardEvent& event) { OnMonitorEvent(event); }) {}

PcscCardReader::~PcscCardReader() { Stop(); }

void PcscCardReader::Start() {
  {
    std::lock_guard lock(mutex_);
    if (watching_) return;
    watching_ = true;
    reported_present_ = false;
    present_reader_.clear();
  }
  monitor_.Start();
}

void PcscCardReader::Stop() {
  monitor_.Stop();
  std::lock_guard lock(mutex_);
  watching_ = false;
}

void PcscCardReader::OnMonitorEvent(const pcsc::CardEvent& event) {
  using Kind = pcsc::CardEvent::Kind;
  bool report = false;
  bool present = false;
  {
    std::lock_guard lock(mutex_);
    switch (event.kind) {
      case Kind::kCardInserted:
      case Kind::kCardMute: {
        // One card at a time: the reader a card is read from is the one it was put on.
        bool wanted = options_.preferred_reader.empty() ||
                      event.reader.find(options_.preferred_reader) != std::string::npos;
        if (wanted && !reported_present_) {
          reported_present_ = true;
          present_reader_ = event.reader;
          report = present = true;
        }
        break;
      }
      case Kind::kCardRemoved:
      case Kind::kReaderRemoved:
        if (reported_present_ && event.reader == present_reader_) {
          reported_present_ = false;
          present_reader_.clear();
          report = true;
        }
        break;
      case Kind::kServiceDown:
        if (reported_present_) {
          reported_present_ = false;
          present_reader_.clear();
          report = true;
        }
        break;
      case Kind::kServiceUp:
      case Kind::kReaderAdded:
        break;
    }
  }
  if (report && on_card_) on_card_(present);
}

StatusOr<session::CardIdentity> PcscCardReader::Read(const std::string& can,
                                                     const std::atomic<bool>& cancel) {
  auto& log = Log(Subsystem::kCard);
  if (!IsCan(can)) return InvalidInputError("access_denied: the CAN is 6 digits");
  std::lock_guard read_lock(read_mutex_);
  if (cancel.load()) return CancelledError("cancelled: the session ended before the read");
  {
    std::lock_guard lock(mutex_);
    reading_ = true;
  }

  emrtd::ReadOptions read_options;
  read_options.trust_store_dir = options_.csca_dir;
  read_options.read_face = options_.read_face;
  read_options.cancel = &cancel;
  PcscDocumentRead read;
  {
    // The key's destructor wipes its copy; `digits` is wiped here.
    std::string digits = can;
    emrtd::AccessKey key = emrtd::AccessKey::Can(digits);
    WipeString(digits);
    read = ReadDocumentOnReader(options_.preferred_reader, key, std::move(read_options));
  }

  std::lock_guard lock(mutex_);
  reading_ = false;
  if (!read.result.ok()) {
    Status status = CardReadStatus(read.result.status());
    if (status.code() == StatusCode::kCancelled) {
      log.info("card read cancelled");
      return status;
    }
    ++failed_reads_;
    last_failure_ = emrtd::ReadFailureName(emrtd::FailureOf(read.result.status()));
    log.warn("card read on '{}' failed: {}", read.reader, status.ToString());
    return status;
  }

  session::CardIdentity identity = ToCardIdentity(*read.result);
  ++reads_;
  last_failure_.clear();
  log.info("card read on '{}': {} APDUs in {} ms, passive authentication {}, extended length {}",
           read.reader, read.result->apdu_count, read.result->milliseconds,
           emrtd::PassiveAuthenticationStatusName(read.result->passive_authentication.status),
           read.extended_length ? "yes" : "no");
  WipeReadResult(*read.result);
  return identity;
}

ReaderSnapshot PcscCardReader::State() const {
  ReaderSnapshot snapshot;
  {
    std::lock_guard lock(mutex_);
    snapshot.watching = watching_;
    snapshot.reading = reading_;
    snapshot.reads = reads_;
    snapshot.failed_reads = failed_reads_;
    snapshot.last_failure = last_failure_;
  }
  if (!snapshot.watching) return snapshot;
  std::vector<pcsc::ReaderInfo> readers = monitor_.readers();
  snapshot.link = monitor_.state();
  if (const pcsc::ReaderInfo* chosen = pcsc::ChooseReader(readers, options_.preferred_reader)) {
    snapshot.reader = chosen->name;
  }
  snapshot.card_present = snapshot.link == pcsc::CardLinkState::kCardPresent ||
                          snapshot.link == pcsc::CardLinkState::kUnsupportedCard;
  return snapshot;
}

}  // namespace kiosk::devices
