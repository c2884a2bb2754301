// The ECDH generic mapping worked example of ICAO Doc 9303 part 11, appendix G
// (brainpoolP256r1, AES-128, MRZ password of document T22000129).
#include "drivers/emrtd/pace.h"

#include <gtest/gtest.h>

namespace kiosk::emrtd {
namespace {

TEST(Pace, DerivesTheWorkedExamplePasswordKey) {
  auto k_pi = PacePasswordKey(Cipher::kAes128, PacePasswordType::kMrz, "T22000129364081251010318");
  ASSERT_TRUE(k_pi.ok());
  EXPECT_EQ(ToHex(*k_pi), "89DED1B26624EC1E634C1989302849DD");
}

TEST(Pace, DecryptsTheWorkedExampleNonce) {
  auto s = DecryptCbc(Cipher::kAes128, FromHex("89DED1B26624EC1E634C1989302849DD"), Bytes(16, 0),
                      FromHex("95A3A016522EE98D01E76CB6B98B42C3"));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(ToHex(*s), "3F00C4D39D153F2B2A214A078D899B22");
}

TEST(Pace, ReproducesTheWorkedExampleMappingAndKeyAgreement) {
  auto ecdh = PaceEcdh::ForParameterId(13);
  ASSERT_TRUE(ecdh.ok());
  auto map_public = (*ecdh)->StartMapping(
      FromHex("7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99"));
  ASSERT_TRUE(map_public.ok());
  EXPECT_EQ(ToHex(*map_public),
            "047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E544552DCB67252187991"
            "15B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D");

  ASSERT_TRUE((*ecdh)
                  ->FinishMapping(
                      FromHex("3F00C4D39D153F2B2A214A078D899B22"),
                      FromHex("04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730"
                              "D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54"))
                  .ok());
  auto mapped = (*ecdh)->MappedGenerator();
  ASSERT_TRUE(mapped.ok());
  EXPECT_EQ(ToHex(*mapped),
            "048CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E28C879506743F8611AC33"
            "645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522");

  auto own_public = (*ecdh)->StartAgreement(
      FromHex("A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595"));
  ASSERT_TRUE(own_public.ok());
  EXPECT_EQ(ToHex(*own_public),
            "042DB7A64C0355044EC9DF190514C625CBA2CEA487548871"
            "22F3A5EF0D5EDD301C3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462");
  Bytes chip_public = FromHex(
      "049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB7764B22277A2EDDC3C265A9F01"
      "8F9CB852E111B768B326904B59A0193776F094");
  auto secret = (*ecdh)->SharedSecret(chip_public);
  ASSERT_TRUE(secret.ok());
  EXPECT_EQ(ToHex(*secret), "28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925");

  auto k_enc = DeriveKey(Cipher::kAes128, *secret, 1);
  auto k_mac = DeriveKey(Cipher::kAes128, *secret, 2);
  ASSERT_TRUE(k_enc.ok() && k_mac.ok());
  EXPECT_EQ(ToHex(*k_enc), "F5F0E35C0D7161EE6724EE513A0D9A7F");
  EXPECT_EQ(ToHex(*k_mac), "FE251C7858B356B24514B3BD5F4297D1");

  Bytes oid = PaceOid(PaceMapping::kEcdhGeneric, Cipher::kAes128);
  auto terminal_token = PaceAuthenticationToken(Cipher::kAes128, *k_mac, oid, chip_public);
  ASSERT_TRUE(terminal_token.ok());
  EXPECT_EQ(ToHex(*terminal_token), "C2B0BD78D94BA866");
  auto chip_token = PaceAuthenticationToken(Cipher::kAes128, *k_mac, oid, *own_public);
  ASSERT_TRUE(chip_token.ok());
  EXPECT_EQ(ToHex(*chip_token), "3ABB9674BCE93C08");
}

TEST(Pace, RejectsAPointOffTheCurve) {
  auto ecdh = PaceEcdh::ForParameterId(13);
  ASSERT_TRUE(ecdh.ok());
  ASSERT_TRUE((*ecdh)->StartMapping().ok());
  Bytes bogus(65, 0x01);
  bogus[0] = 0x04;
  EXPECT_EQ((*ecdh)->FinishMapping(Bytes(16, 1), bogus).code(), StatusCode::kInvalidInput);
}

TEST(Pace, RejectsTheDhGroups) {
  EXPECT_EQ(PaceEcdh::ForParameterId(2).status().code(), StatusCode::kUnsupported);
}

TEST(Pace, EncodesFieldElementsAtFullWidth) {
  auto padded = EncodeFieldElement(FromHex("01020304"), 6);
  ASSERT_TRUE(padded.ok());
  EXPECT_EQ(ToHex(*padded), "000001020304");
  auto stripped = EncodeFieldElement(FromHex("0000AB"), 2);
  ASSERT_TRUE(stripped.ok());
  EXPECT_EQ(ToHex(*stripped), "00AB");
  EXPECT_FALSE(EncodeFieldElement(FromHex("010203"), 2).ok());
}

// Many agreements on every supported curve: the shared secret always has the field's width,
// including the runs where its first byte is zero (about one in 256).
TEST(Pace, SharedSecretsKeepLeadingZeroBytes) {
  for (int id : {8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}) {
    int runs = id == 13 ? 400 : 3;
    for (int i = 0; i < runs; ++i) {
      auto a = PaceEcdh::ForParameterId(id);
      auto b = PaceEcdh::ForParameterId(id);
      ASSERT_TRUE(a.ok() && b.ok()) << id;
      Bytes nonce(16, static_cast<uint8_t>(i + 1));
      auto pa = (*a)->StartMapping();
      auto pb = (*b)->StartMapping();
      ASSERT_TRUE((*a)->FinishMapping(nonce, *pb).ok());
      ASSERT_TRUE((*b)->FinishMapping(nonce, *pa).ok());
      auto ka = (*a)->StartAgreement();
      auto kb = (*b)->StartAgreement();
      auto sa = (*a)->SharedSecret(*kb);
      auto sb = (*b)->SharedSecret(*ka);
      ASSERT_TRUE(sa.ok() && sb.ok());
      EXPECT_EQ(*sa, *sb);
      EXPECT_EQ(sa->size(), (*a)->field_size());
      EXPECT_EQ(ka->size(), 1 + 2 * (*a)->field_size());
    }
  }
}

TEST(Pace, RefusesItsOwnPublicKeyReflected) {
  auto ecdh = PaceEcdh::ForParameterId(13);
  ASSERT_TRUE(ecdh.ok());
  auto pk_map = (*ecdh)->StartMapping();
  auto other = PaceEcdh::ForParameterId(13);
  auto pk_other = (*other)->StartMapping();
  ASSERT_TRUE((*ecdh)->FinishMapping(Bytes(16, 7), *pk_other).ok());
  auto own = (*ecdh)->StartAgreement();
  EXPECT_EQ((*ecdh)->SharedSecret(*own).status().code(), StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace kiosk::emrtd
