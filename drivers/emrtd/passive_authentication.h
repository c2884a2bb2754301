// Passive authentication (ICAO 9303 part 11 section 5.1): the data groups' hashes, as read,
// against EF.SOD; the SOD's CMS signature; the Document Signer certificate up to a CSCA from
// a trust store folder. "Verified" only when that whole chain holds.
#pragma once

#include <map>
#include <span>
#include <string>

#include "base/status.h"
#include "drivers/emrtd/crypto.h"

namespace kiosk::emrtd {

enum class PassiveAuthenticationStatus { kVerified, kFailed, kNoTrustAnchor };
std::string_view PassiveAuthenticationStatusName(PassiveAuthenticationStatus status);
// "verified", "failed", "no_trust_anchor"

struct PassiveAuthenticationResult {
  PassiveAuthenticationStatus status = PassiveAuthenticationStatus::kFailed;
  std::string reason;  // why it failed or has no anchor; empty when verified
};

// The LDSSecurityObject signed in EF.SOD.
struct SecurityObject {
  HashAlgorithm algorithm = HashAlgorithm::kSha256;
  std::map<int, Bytes> hashes;  // data group number -> hash
};

// Unwraps EF.SOD (tag 77, CMS SignedData) and parses its LDSSecurityObject without checking
// any signature. kInvalidInput when malformed, kUnsupported for an unknown hash algorithm.
StatusOr<SecurityObject> ParseSod(std::span<const uint8_t> sod_file);

// The DER encoding of an LDSSecurityObject (used by the simulator to build EF.SOD).
Bytes EncodeSecurityObject(const SecurityObject& object);
// The DER content of an OID for the hash algorithm (e.g. 2.16.840.1.101.3.4.2.1).
Bytes HashAlgorithmOid(HashAlgorithm algorithm);

// Runs passive authentication on the data groups read (number -> file bytes as read).
// `trust_store_dir` holds CSCA certificates (PEM or DER, one or more per file); an empty or
// missing folder, or one without the DS's issuer, gives kNoTrustAnchor; hash mismatches, a
// bad signature or a broken chain give kFailed.
PassiveAuthenticationResult VerifyPassiveAuthentication(std::span<const uint8_t> sod_file,
                                                        const std::map<int, Bytes>& data_groups,
                                                        const std::string& trust_store_dir);

}  // namespace kiosk::emrtd
