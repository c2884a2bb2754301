// Basic Access Control (ICAO 9303 part 11 section 4.3): keys from the MRZ, mutual
// authentication with 3DES, session keys and the starting send sequence counter.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "drivers/emrtd/apdu_session.h"
#include "drivers/emrtd/crypto.h"
#include "drivers/emrtd/secure_messaging.h"

namespace kiosk::emrtd {

// The MRZ information the keys come from: document number (full length, fillers kept up
// to 9 characters) + check digit, birth date YYMMDD + check, expiry YYMMDD + check.
std::string BacMrzInformation(std::string_view document_number, std::string_view birth_yymmdd,
                              std::string_view expiry_yymmdd);

// K_seed = the first 16 bytes of SHA-1(MRZ information).
StatusOr<Bytes> BacKeySeed(std::string_view mrz_information);

struct KeyPair {
  Bytes k_enc;
  Bytes k_mac;
  ~KeyPair();
};
// K_enc = KDF(seed, 1), K_mac = KDF(seed, 2), 3DES.
StatusOr<KeyPair> DeriveBacKeys(std::span<const uint8_t> key_seed);

// SSC after BAC: the last four bytes of RND.IC followed by the last four of RND.IFD.
Bytes BacSendSequenceCounter(std::span<const uint8_t> rnd_ic, std::span<const uint8_t> rnd_ifd);

// Runs GET CHALLENGE and EXTERNAL AUTHENTICATE on `session` (which must not be protected
// yet) and returns the secure messaging of the new session. A chip refusing the
// authentication (6300, 6982...) gives kInvalidInput "access denied": the MRZ does not match.
StatusOr<std::unique_ptr<SecureMessaging>> PerformBac(ApduSession& session,
                                                      std::string_view mrz_information);

}  // namespace kiosk::emrtd
