// PACE v2 with the generic mapping on elliptic curves (ICAO 9303 part 11 section 4.4, BSI
// TR-03110): the arithmetic shared by the reader and the simulated chip, and the reader's
// side of the protocol.
#pragma once

#include <memory>
#include <span>
#include <string_view>

#include "base/status.h"
#include "drivers/emrtd/apdu_session.h"
#include "drivers/emrtd/card_access.h"
#include "drivers/emrtd/crypto.h"
#include "drivers/emrtd/secure_messaging.h"

namespace kiosk::emrtd {

// Password reference of MSE:Set AT: 1 = MRZ, 2 = CAN.
enum class PacePasswordType : uint8_t { kMrz = 1, kCan = 2 };

// One party's ECDH state for the generic mapping. Both sides run the same steps:
//   pk_map = StartMapping(); exchange; FinishMapping(nonce, peer_pk_map);
//   pk = StartAgreement(); exchange; secret = SharedSecret(peer_pk).
// Points are encoded uncompressed (04 || x || y) and field elements at the full field width:
// a coordinate with leading zero bytes keeps them (dropping them fails one run in ~150).
// Private keys are cleared on destruction.
class PaceEcdh {
 public:
  // Standardized domain parameters 8..18 (NIST P-192/224/256/384/521, brainpool 192..512).
  // kUnsupported for the DH groups 0..2 and unknown ids.
  static StatusOr<std::unique_ptr<PaceEcdh>> ForParameterId(int parameter_id);
  ~PaceEcdh();

  size_t field_size() const;

  // `private_key` empty = random (tests pass the worked example's keys).
  StatusOr<Bytes> StartMapping(std::span<const uint8_t> private_key = {});
  // G' = s * G + sk_map * peer_pk_map. kInvalidInput if the peer's point is not on the curve.
  Status FinishMapping(std::span<const uint8_t> nonce, std::span<const uint8_t> peer_public);
  StatusOr<Bytes> MappedGenerator() const;
  StatusOr<Bytes> StartAgreement(std::span<const uint8_t> private_key = {});
  // The x coordinate of sk * peer_pk, full width. kInvalidInput if the peer's key equals ours
  // (a reflection) or is not on the curve.
  StatusOr<Bytes> SharedSecret(std::span<const uint8_t> peer_public);

  struct State;

 private:
  explicit PaceEcdh(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// Left-pads a big-endian field element to `field_size` bytes. kInvalidInput if too long.
StatusOr<Bytes> EncodeFieldElement(std::span<const uint8_t> value, size_t field_size);

// K_pi = KDF(password, 3). For the CAN the password is its digits; for the MRZ it is
// SHA-1(MRZ information).
StatusOr<Bytes> PacePasswordKey(Cipher cipher, PacePasswordType type, std::string_view secret);

// The authentication token: MAC(K_mac, 7F49 { 06 oid, 86 peer_public }). AES: CMAC over the
// encoding; 3DES: retail MAC over the padded encoding.
StatusOr<Bytes> PaceAuthenticationToken(Cipher cipher, std::span<const uint8_t> k_mac,
                                        std::span<const uint8_t> oid,
                                        std::span<const uint8_t> peer_public);

// The reader's side: MSE:Set AT then four chained GENERAL AUTHENTICATE. A chip refusing the
// password (63Cx / 6300 on the last step, or a wrong token) gives kInvalidInput "access
// denied"; a protocol the chip does not offer gives kUnsupported.
StatusOr<std::unique_ptr<SecureMessaging>> PerformPace(ApduSession& session, const PaceInfo& info,
                                                       PacePasswordType type,
                                                       std::string_view secret);

}  // namespace kiosk::emrtd
