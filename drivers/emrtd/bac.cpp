#include "drivers/emrtd/bac.h"

#include "drivers/emrtd/mrz.h"
#include "drivers/emrtd/tlv.h"

namespace kiosk::emrtd {

KeyPair::~KeyPair() {
  SecureClear(k_enc);
  SecureClear(k_mac);
}

std::string BacMrzInformation(std::string_view document_number, std::string_view birth_yymmdd,
                              std::string_view expiry_yymmdd) {
  std::string number(document_number);
  while (number.size() < 9) number.push_back('<');
  std::string info = number;
  info.push_back(CheckDigit(number));
  info.append(birth_yymmdd);
  info.push_back(CheckDigit(birth_yymmdd));
  info.append(expiry_yymmdd);
  info.push_back(CheckDigit(expiry_yymmdd));
  return info;
}

StatusOr<Bytes> BacKeySeed(std::string_view mrz_information) {
  std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(mrz_information.data()),
                                 mrz_information.size());
  KIOSK_ASSIGN_OR_RETURN(Bytes digest, Hash(HashAlgorithm::kSha1, bytes));
  digest.resize(16);
  return digest;
}

StatusOr<KeyPair> DeriveBacKeys(std::span<const uint8_t> key_seed) {
  KeyPair keys;
  KIOSK_ASSIGN_OR_RETURN(keys.k_enc, DeriveKey(Cipher::k3Des, key_seed, 1));
  KIOSK_ASSIGN_OR_RETURN(keys.k_mac, DeriveKey(Cipher::k3Des, key_seed, 2));
  return keys;
}

Bytes BacSendSequenceCounter(std::span<const uint8_t> rnd_ic, std::span<const uint8_t> rnd_ifd) {
  Bytes ssc(rnd_ic.end() - 4, rnd_ic.end());
  ssc.insert(ssc.end(), rnd_ifd.end() - 4, rnd_ifd.end());
  return ssc;
}

StatusOr<std::unique_ptr<SecureMessaging>> PerformBac(ApduSession& session,
                                                      std::string_view mrz_information) {
  KIOSK_ASSIGN_OR_RETURN(Bytes seed, BacKeySeed(mrz_information));
  KIOSK_ASSIGN_OR_RETURN(KeyPair keys, DeriveBacKeys(seed));
  SecureClear(seed);

  CommandApdu challenge{.cla = 0x00, .ins = 0x84, .p1 = 0, .p2 = 0, .data = {}, .ne = 8};
  KIOSK_ASSIGN_OR_RETURN(ResponseApdu rnd_response, session.Transmit(challenge));
  if (!rnd_response.ok() || rnd_response.data.size() != 8) {
    return UnsupportedError("BAC: the chip gave no challenge");
  }
  Bytes rnd_ic = rnd_response.data;

  KIOSK_ASSIGN_OR_RETURN(Bytes rnd_ifd, RandomBytes(8));
  KIOSK_ASSIGN_OR_RETURN(Bytes k_ifd, RandomBytes(16));
  Bytes s = Concat({rnd_ifd, rnd_ic, k_ifd});
  Bytes zero_iv(8, 0);
  KIOSK_ASSIGN_OR_RETURN(Bytes e_ifd, EncryptCbc(Cipher::k3Des, keys.k_enc, zero_iv, s));
  SecureClear(s);
  KIOSK_ASSIGN_OR_RETURN(Bytes m_ifd, Mac(Cipher::k3Des, keys.k_mac, Pad(e_ifd, 8)));

  // 9303 asks for Le = 28 (40 bytes) on EXTERNAL AUTHENTICATE; some chips reject Le = 00.
  CommandApdu authenticate{
      .cla = 0x00, .ins = 0x82, .p1 = 0, .p2 = 0, .data = Concat({e_ifd, m_ifd}), .ne = 0x28};
  KIOSK_ASSIGN_OR_RETURN(ResponseApdu auth_response, session.Transmit(authenticate));
  if (!auth_response.ok()) {
    return InvalidInputError("access denied: the chip refused BAC (the MRZ does not match)");
  }
  if (auth_response.data.size() != 40) return InvalidInputError("BAC: malformed answer");

  std::span<const uint8_t> e_ic(auth_response.data.data(), 32);
  std::span<const uint8_t> m_ic(auth_response.data.data() + 32, 8);
  KIOSK_ASSIGN_OR_RETURN(Bytes expected_mac, Mac(Cipher::k3Des, keys.k_mac, Pad(e_ic, 8)));
  if (!EqualConstantTime(expected_mac, m_ic)) {
    return DataLossError("BAC: the chip's authentication MAC is wrong");
  }
  KIOSK_ASSIGN_OR_RETURN(Bytes r, DecryptCbc(Cipher::k3Des, keys.k_enc, zero_iv, e_ic));
  if (!EqualConstantTime(std::span(r).subspan(0, 8), rnd_ic) ||
      !EqualConstantTime(std::span(r).subspan(8, 8), rnd_ifd)) {
    SecureClear(r);
    return DataLossError("BAC: the chip's cryptogram does not match our challenge");
  }

  Bytes k_seed(16);
  for (size_t i = 0; i < 16; ++i) k_seed[i] = k_ifd[i] ^ r[16 + i];
  SecureClear(r);
  SecureClear(k_ifd);
  KIOSK_ASSIGN_OR_RETURN(KeyPair session_keys, DeriveBacKeys(k_seed));
  SecureClear(k_seed);
  return std::make_unique<SecureMessaging>(Cipher::k3Des, session_keys.k_enc, session_keys.k_mac,
                                           BacSendSequenceCounter(rnd_ic, rnd_ifd));
}

}  // namespace kiosk::emrtd
