// A simulated card's description, read from a TOML file (drivers/cardsim/profiles/*.toml).
// Every person in a profile is invented or an ICAO specimen.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "drivers/emrtd/crypto.h"

namespace kiosk::cardsim {

struct CardProfile {
  std::string name;
  bool emrtd_application = true;  // false: a chip without the eMRTD application
  bool bac = false;               // answers BAC (keys from the MRZ)
  bool pace = false;              // offers PACE (EF.CardAccess), CAN and MRZ passwords
  std::string can;                // 6 digits, for PACE-CAN
  int pace_parameter_id = 13;     // brainpoolP256r1
  emrtd::Cipher pace_cipher = emrtd::Cipher::kAes256;
  bool refuse_256_byte_reads = false;  // answers a bare 6700 to any READ BINARY of >= 256 bytes
  std::vector<std::string> mrz;        // 2 or 3 lines, as in DG1

  // Optional data groups (absent when empty).
  std::string full_name;          // DG11 5F0E, UTF-8
  std::string place_of_birth;     // DG11 5F11, UTF-8 with accents
  std::string address;            // DG11 5F42
  std::string full_birth_date;    // DG11 5F2B, YYYYMMDD
  std::string issuing_authority;  // DG12 5F19
  std::string date_of_issue;      // DG12 5F26, YYYYMMDD
  std::string face_jpeg;          // file name relative to the profile; empty = no DG2
  size_t dg2_size = 0;            // pad DG2 (JPEG comment segments) to about this size

  // Parses a profile. `base_dir` resolves relative file names. kInvalidInput with
  // "file: message" on a bad profile.
  static StatusOr<CardProfile> Parse(std::string_view text, const std::string& source_name,
                                     const std::string& base_dir);
  static StatusOr<CardProfile> Load(const std::string& path);
};

}  // namespace kiosk::cardsim
