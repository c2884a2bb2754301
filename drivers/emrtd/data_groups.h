// Parsing of the data groups the kiosk uses (ICAO 9303 part 10): DG1 (the MRZ), DG2 (the
// face image), DG11 (additional personal details), DG12 (additional document details) and
// EF.COM. Input comes from the card: every length is checked, errors are kInvalidInput.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/status.h"
#include "drivers/emrtd/crypto.h"
#include "drivers/emrtd/mrz.h"

namespace kiosk::emrtd {

// DG11 (tag 6B). Text is UTF-8 as on the chip (accents kept, unlike the MRZ).
struct AdditionalPersonalDetails {
  std::string full_name;        // 5F0E, "SURNAME<<GIVEN<NAMES" as stored, fillers as spaces
  std::string personal_number;  // 5F10
  std::optional<MrzDate> full_birth_date;  // 5F2B, YYYYMMDD
  std::string place_of_birth;              // 5F11, '<' read as ", "
  std::string address;                     // 5F42
  std::string telephone;                   // 5F12
  std::string profession;                  // 5F13
};

// DG12 (tag 6C).
struct AdditionalDocumentDetails {
  std::string issuing_authority;         // 5F19
  std::optional<MrzDate> date_of_issue;  // 5F26, YYYYMMDD
};

// Data groups listed in EF.COM (tag 60), as numbers 1..16.
StatusOr<std::vector<int>> ParseCom(std::span<const uint8_t> file);

StatusOr<MrzData> ParseDg1(std::span<const uint8_t> file, const MrzDate& today);
StatusOr<AdditionalPersonalDetails> ParseDg11(std::span<const uint8_t> file);
StatusOr<AdditionalDocumentDetails> ParseDg12(std::span<const uint8_t> file);

struct FaceImage {
  std::string mime_type;  // "image/jpeg" or "image/jp2"
  Bytes data;
  int width = 0;
  int height = 0;
};
// The first face image of DG2 (75 / 7F61 / 7F60 / 5F2E, ISO 19794-5 record).
StatusOr<FaceImage> ParseDg2(std::span<const uint8_t> file);

// The file id (short EF identifier form 01 0n) and outer tag of data group `number`.
uint16_t DataGroupFileId(int number);
uint8_t DataGroupTag(int number);

}  // namespace kiosk::emrtd
