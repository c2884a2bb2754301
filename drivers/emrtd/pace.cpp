#include "drivers/emrtd/pace.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>

#include "base/log.h"
#include "drivers/emrtd/openssl_status.h"
#include "drivers/emrtd/tlv.h"

namespace kiosk::emrtd {

struct PaceEcdh::State {
  EC_GROUP* group = nullptr;
  BN_CTX* ctx = nullptr;
  BIGNUM* map_key = nullptr;
  BIGNUM* key = nullptr;
  EC_POINT* generator = nullptr;  // G' after the mapping
  EC_POINT* own_public = nullptr;
  size_t field_size = 0;

  ~State() {
    BN_clear_free(map_key);
    BN_clear_free(key);
    EC_POINT_free(generator);
    EC_POINT_free(own_public);
    BN_CTX_free(ctx);
    EC_GROUP_free(group);
  }
};

namespace {

int CurveNid(int parameter_id) {
  switch (parameter_id) {
    case 8:
      return NID_X9_62_prime192v1;
    case 9:
      return NID_brainpoolP192r1;
    case 10:
      return NID_secp224r1;
    case 11:
      return NID_brainpoolP224r1;
    case 12:
      return NID_X9_62_prime256v1;
    case 13:
      return NID_brainpoolP256r1;
    case 14:
      return NID_brainpoolP320r1;
    case 15:
      return NID_secp384r1;
    case 16:
      return NID_brainpoolP384r1;
    case 17:
      return NID_brainpoolP512r1;
    case 18:
      return NID_secp521r1;
    default:
      return NID_undef;
  }
}

StatusOr<EC_POINT*> DecodePoint(PaceEcdh::State& s, std::span<const uint8_t> encoded) {
  if (encoded.size() != 1 + 2 * s.field_size || encoded[0] != 0x04) {
    return InvalidInputError("PACE: public key is not an uncompressed point of this curve");
  }
  EC_POINT* point = EC_POINT_new(s.group);
  if (point == nullptr) return OpenSslError("EC_POINT_new");
  if (EC_POINT_oct2point(s.group, point, encoded.data(), encoded.size(), s.ctx) != 1 ||
      EC_POINT_is_on_curve(s.group, point, s.ctx) != 1 ||
      EC_POINT_is_at_infinity(s.group, point) == 1) {
    EC_POINT_free(point);
    ERR_clear_error();
    return InvalidInputError("PACE: public key is not on the curve");
  }
  return point;
}

StatusOr<Bytes> EncodePoint(const PaceEcdh::State& s, const EC_POINT* point) {
  Bytes out(1 + 2 * s.field_size);
  size_t written = EC_POINT_point2oct(s.group, point, POINT_CONVERSION_UNCOMPRESSED, out.data(),
                                      out.size(), s.ctx);
  if (written != out.size()) return OpenSslError("EC_POINT_point2oct");
  return out;
}

// Takes `given` as the private key, or draws one in [1, n-1].
StatusOr<BIGNUM*> PrivateKey(PaceEcdh::State& s, std::span<const uint8_t> given) {
  BIGNUM* key = BN_secure_new();
  if (key == nullptr) return OpenSslError("BN_secure_new");
  const BIGNUM* order = EC_GROUP_get0_order(s.group);
  if (!given.empty()) {
    BN_bin2bn(given.data(), static_cast<int>(given.size()), key);
  } else {
    do {
      if (BN_priv_rand_range(key, order) != 1) {
        BN_clear_free(key);
        return OpenSslError("BN_priv_rand_range");
      }
    } while (BN_is_zero(key));
  }
  return key;
}

}  // namespace

PaceEcdh::PaceEcdh(std::unique_ptr<State> state) : state_(std::move(state)) {}
PaceEcdh::~PaceEcdh() = default;

StatusOr<std::unique_ptr<PaceEcdh>> PaceEcdh::ForParameterId(int parameter_id) {
  int nid = CurveNid(parameter_id);
  if (nid == NID_undef) {
    return UnsupportedError("PACE: domain parameters " + std::to_string(parameter_id) +
                            " are not supported (only the standard elliptic curves)");
  }
  auto state = std::make_unique<State>();
  state->group = EC_GROUP_new_by_curve_name(nid);
  state->ctx = BN_CTX_new();
  if (state->group == nullptr || state->ctx == nullptr) return OpenSslError("EC group");
  state->field_size = static_cast<size_t>((EC_GROUP_get_degree(state->group) + 7) / 8);
  return std::unique_ptr<PaceEcdh>(new PaceEcdh(std::move(state)));
}

size_t PaceEcdh::field_size() const { return state_->field_size; }

StatusOr<Bytes> PaceEcdh::StartMapping(std::span<const uint8_t> private_key) {
  State& s = *state_;
  BN_clear_free(s.map_key);
  s.map_key = nullptr;
  KIOSK_ASSIGN_OR_RETURN(s.map_key, PrivateKey(s, private_key));
  EC_POINT* pub = EC_POINT_new(s.group);
  if (pub == nullptr || EC_POINT_mul(s.group, pub, s.map_key, nullptr, nullptr, s.ctx) != 1) {
    EC_POINT_free(pub);
    return OpenSslError("PACE mapping key");
  }
  auto encoded = EncodePoint(s, pub);
  EC_POINT_free(pub);
  return encoded;
}

Status PaceEcdh::FinishMapping(std::span<const uint8_t> nonce,
                               std::span<const uint8_t> peer_public) {
  State& s = *state_;
  if (s.map_key == nullptr) return InternalError("PACE: FinishMapping before StartMapping");
  KIOSK_ASSIGN_OR_RETURN(EC_POINT * peer, DecodePoint(s, peer_public));

  EC_POINT* h = EC_POINT_new(s.group);
  BIGNUM* s_bn = BN_bin2bn(nonce.data(), static_cast<int>(nonce.size()), nullptr);
  EC_POINT_free(s.generator);
  s.generator = EC_POINT_new(s.group);
  bool ok = h != nullptr && s_bn != nullptr && s.generator != nullptr &&
            EC_POINT_mul(s.group, h, nullptr, peer, s.map_key, s.ctx) == 1 &&
            EC_POINT_is_at_infinity(s.group, h) == 0 &&
            EC_POINT_mul(s.group, s.generator, s_bn, h, BN_value_one(), s.ctx) == 1;
  EC_POINT_free(peer);
  EC_POINT_clear_free(h);
  BN_clear_free(s_bn);
  BN_clear_free(s.map_key);
  s.map_key = nullptr;
  if (!ok) return OpenSslError("PACE: mapping failed");
  return OkStatus();
}

StatusOr<Bytes> PaceEcdh::MappedGenerator() const {
  if (state_->generator == nullptr) return InternalError("PACE: no mapped generator yet");
  return EncodePoint(*state_, state_->generator);
}

StatusOr<Bytes> PaceEcdh::StartAgreement(std::span<const uint8_t> private_key) {
  State& s = *state_;
  if (s.generator == nullptr) return InternalError("PACE: agreement before mapping");
  BN_clear_free(s.key);
  s.key = nullptr;
  KIOSK_ASSIGN_OR_RETURN(s.key, PrivateKey(s, private_key));
  EC_POINT_free(s.own_public);
  s.own_public = EC_POINT_new(s.group);
  if (s.own_public == nullptr ||
      EC_POINT_mul(s.group, s.own_public, nullptr, s.generator, s.key, s.ctx) != 1) {
    return OpenSslError("PACE ephemeral key");
  }
  return EncodePoint(s, s.own_public);
}

StatusOr<Bytes> PaceEcdh::SharedSecret(std::span<const uint8_t> peer_public) {
  State& s = *state_;
  if (s.key == nullptr) return InternalError("PACE: SharedSecret before StartAgreement");
  KIOSK_ASSIGN_OR_RETURN(EC_POINT * peer, DecodePoint(s, peer_public));
  if (EC_POINT_cmp(s.group, peer, s.own_public, s.ctx) == 0) {
    EC_POINT_free(peer);
    return InvalidInputError("PACE: the peer sent back our own public key");
  }
  EC_POINT* shared = EC_POINT_new(s.group);
  BIGNUM* x = BN_new();
  bool ok = shared != nullptr && x != nullptr &&
            EC_POINT_mul(s.group, shared, nullptr, peer, s.key, s.ctx) == 1 &&
            EC_POINT_is_at_infinity(s.group, shared) == 0 &&
            EC_POINT_get_affine_coordinates(s.group, shared, x, nullptr, s.ctx) == 1;
  Bytes out(s.field_size);
  if (ok) ok = BN_bn2binpad(x, out.data(), static_cast<int>(out.size())) >= 0;
  EC_POINT_free(peer);
  EC_POINT_clear_free(shared);
  BN_clear_free(x);
  if (!ok) return OpenSslError("PACE: key agreement failed");
  return out;
}

StatusOr<Bytes> EncodeFieldElement(std::span<const uint8_t> value, size_t field_size) {
  size_t start = 0;
  while (value.size() - start > field_size && value[start] == 0) ++start;
  if (value.size() - start > field_size) return InvalidInputError("field element too long");
  Bytes out(field_size - (value.size() - start), 0);
  out.insert(out.end(), value.begin() + static_cast<std::ptrdiff_t>(start), value.end());
  return out;
}

StatusOr<Bytes> PacePasswordKey(Cipher cipher, PacePasswordType type, std::string_view secret) {
  std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(secret.data()), secret.size());
  if (type == PacePasswordType::kCan) return DeriveKey(cipher, bytes, 3);
  KIOSK_ASSIGN_OR_RETURN(Bytes pi, Hash(HashAlgorithm::kSha1, bytes));
  auto key = DeriveKey(cipher, pi, 3);
  SecureClear(pi);
  return key;
}

StatusOr<Bytes> PaceAuthenticationToken(Cipher cipher, std::span<const uint8_t> k_mac,
                                        std::span<const uint8_t> oid,
                                        std::span<const uint8_t> peer_public) {
  Bytes input = EncodeTlv(0x7F49, Concat({EncodeTlv(0x06, oid), EncodeTlv(0x86, peer_public)}));
  if (cipher == Cipher::k3Des) return Mac(cipher, k_mac, Pad(input, 8));
  return Mac(cipher, k_mac, input);
}

namespace {

// One GENERAL AUTHENTICATE step: 7C { inner } out, 7C { expected_tag value } back.
StatusOr<Bytes> GeneralAuthenticate(ApduSession& session, bool last, std::span<const uint8_t> inner,
                                    uint32_t expected_tag) {
  CommandApdu command;
  command.cla = last ? 0x00 : 0x10;
  command.ins = 0x86;
  command.data = EncodeTlv(0x7C, inner);
  command.ne = 256;
  KIOSK_ASSIGN_OR_RETURN(ResponseApdu response, session.Transmit(command));
  if (!response.ok()) {
    uint16_t sw = response.sw;
    if (last && ((sw & 0xFFF0) == 0x63C0 || sw == 0x6300 || sw == 0x6982)) {
      return InvalidInputError("access denied: the chip refused the PACE password");
    }
    if (sw == 0x6983) return ResourceExhaustedError("PACE: the password is blocked");
    return InvalidInputError("PACE: GENERAL AUTHENTICATE refused with status " +
                             ToHex(Bytes{static_cast<uint8_t>(sw >> 8), static_cast<uint8_t>(sw)}));
  }
  KIOSK_ASSIGN_OR_RETURN(Tlv outer, ParseTlv(response.data));
  if (outer.tag != 0x7C) return InvalidInputError("PACE: answer is not a 7C template");
  auto found = FindTlv(outer.value, expected_tag);
  if (!found.ok()) return InvalidInputError("PACE: answer lacks the expected object");
  return Bytes(found->value.begin(), found->value.end());
}

}  // namespace

StatusOr<std::unique_ptr<SecureMessaging>> PerformPace(ApduSession& session, const PaceInfo& info,
                                                       PacePasswordType type,
                                                       std::string_view secret) {
  if (info.mapping != PaceMapping::kEcdhGeneric) {
    return UnsupportedError("PACE: only the ECDH generic mapping is implemented");
  }
  KIOSK_ASSIGN_OR_RETURN(std::unique_ptr<PaceEcdh> ecdh,
                         PaceEcdh::ForParameterId(info.parameter_id.value_or(13)));
  Cipher cipher = info.cipher;

  // MSE:Set AT, no Le (some chips answer 6700 to one).
  CommandApdu set_at{.cla = 0x00, .ins = 0x22, .p1 = 0xC1, .p2 = 0xA4};
  set_at.data = Concat({EncodeTlv(0x80, info.oid), EncodeTlv(0x83, Bytes{uint8_t(type)})});
  if (info.parameter_id) {
    set_at.data = Concat({set_at.data, EncodeTlv(0x84, Bytes{uint8_t(*info.parameter_id)})});
  }
  KIOSK_ASSIGN_OR_RETURN(ResponseApdu set_response, session.Transmit(set_at));
  if (!set_response.ok()) {
    if ((set_response.sw & 0xFFF0) == 0x63C0 && set_response.sw != 0x63C0) {
      // 63Cx here warns that tries are running low; the protocol goes on.
      Log(Subsystem::kCard).warn("PACE: chip reports {} tries left", set_response.sw & 0xF);
    } else {
      return UnsupportedError("PACE: the chip refused MSE:Set AT");
    }
  }

  // Step 1: the nonce, encrypted with K_pi.
  KIOSK_ASSIGN_OR_RETURN(Bytes z, GeneralAuthenticate(session, false, {}, 0x80));
  if (z.empty() || z.size() % BlockSize(cipher) != 0) {
    return InvalidInputError("PACE: malformed encrypted nonce");
  }
  KIOSK_ASSIGN_OR_RETURN(Bytes k_pi, PacePasswordKey(cipher, type, secret));
  auto nonce = DecryptCbc(cipher, k_pi, Bytes(BlockSize(cipher), 0), z);
  SecureClear(k_pi);
  if (!nonce.ok()) return nonce.status();

  // Step 2: mapping.
  KIOSK_ASSIGN_OR_RETURN(Bytes map_public, ecdh->StartMapping());
  KIOSK_ASSIGN_OR_RETURN(Bytes chip_map_public,
                         GeneralAuthenticate(session, false, EncodeTlv(0x81, map_public), 0x82));
  Status mapped = ecdh->FinishMapping(*nonce, chip_map_public);
  SecureClear(*nonce);
  KIOSK_RETURN_IF_ERROR(mapped);

  // Step 3: key agreement on the mapped generator.
  KIOSK_ASSIGN_OR_RETURN(Bytes own_public, ecdh->StartAgreement());
  KIOSK_ASSIGN_OR_RETURN(Bytes chip_public,
                         GeneralAuthenticate(session, false, EncodeTlv(0x83, own_public), 0x84));
  KIOSK_ASSIGN_OR_RETURN(Bytes secret_k, ecdh->SharedSecret(chip_public));
  KIOSK_ASSIGN_OR_RETURN(Bytes k_enc, DeriveKey(cipher, secret_k, 1));
  KIOSK_ASSIGN_OR_RETURN(Bytes k_mac, DeriveKey(cipher, secret_k, 2));
  SecureClear(secret_k);

  // Step 4: mutual authentication tokens. A wrong password shows here: the chip cannot
  // verify our token.
  KIOSK_ASSIGN_OR_RETURN(Bytes token,
                         PaceAuthenticationToken(cipher, k_mac, info.oid, chip_public));
  KIOSK_ASSIGN_OR_RETURN(Bytes chip_token,
                         GeneralAuthenticate(session, true, EncodeTlv(0x85, token), 0x86));
  KIOSK_ASSIGN_OR_RETURN(Bytes expected,
                         PaceAuthenticationToken(cipher, k_mac, info.oid, own_public));
  if (!EqualConstantTime(expected, chip_token)) {
    return DataLossError("PACE: the chip's authentication token is wrong");
  }

  return std::make_unique<SecureMessaging>(cipher, std::move(k_enc), std::move(k_mac),
                                           Bytes(BlockSize(cipher), 0));
}

}  // namespace kiosk::emrtd
