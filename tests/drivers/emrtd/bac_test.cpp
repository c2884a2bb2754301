// The BAC worked example of ICAO Doc 9303 part 11, appendix D.
#include "drivers/emrtd/bac.h"

#include <gtest/gtest.h>

namespace kiosk::emrtd {
namespace {

TEST(Bac, BuildsMrzInformationWithCheckDigits) {
  EXPECT_EQ(BacMrzInformation("L898902C", "690806", "940623"), "L898902C<369080619406236");
}

TEST(Bac, DerivesTheWorkedExampleKeySeedAndKeys) {
  auto seed = BacKeySeed("L898902C<369080619406236");
  ASSERT_TRUE(seed.ok());
  EXPECT_EQ(ToHex(*seed), "239AB9CB282DAF66231DC5A4DF6BFBAE");
  auto keys = DeriveBacKeys(*seed);
  ASSERT_TRUE(keys.ok());
  // 9303 adjusts DES parity; the example's keys already have odd parity, and DES ignores
  // parity bits, so the raw KDF output is compared on the bits that matter.
  Bytes k_enc = keys->k_enc;
  Bytes k_mac = keys->k_mac;
  Bytes want_enc = FromHex("AB94FDECF2674FDFB9B391F85D7F76F2");
  Bytes want_mac = FromHex("7962D9ECE03D1ACD4C76089DCE131543");
  for (size_t i = 0; i < 16; ++i) {
    EXPECT_EQ(k_enc[i] & 0xFE, want_enc[i] & 0xFE) << i;
    EXPECT_EQ(k_mac[i] & 0xFE, want_mac[i] & 0xFE) << i;
  }
}

TEST(Bac, ComputesTheWorkedExampleCryptogramAndMac) {
  Bytes k_enc = FromHex("AB94FDECF2674FDFB9B391F85D7F76F2");
  Bytes k_mac = FromHex("7962D9ECE03D1ACD4C76089DCE131543");
  Bytes s = FromHex("781723860C06C2264608F919887022120B795240CB7049B01C19B33E32804F0B");
  auto e_ifd = EncryptCbc(Cipher::k3Des, k_enc, Bytes(8, 0), s);
  ASSERT_TRUE(e_ifd.ok());
  EXPECT_EQ(ToHex(*e_ifd), "72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2");
  auto m_ifd = Mac(Cipher::k3Des, k_mac, Pad(*e_ifd, 8));
  ASSERT_TRUE(m_ifd.ok());
  EXPECT_EQ(ToHex(*m_ifd), "5F1448EEA8AD90A7");

  // The chip's answer decrypts to RND.IC || RND.IFD || K.IC.
  Bytes e_ic = FromHex("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F");
  auto m_ic = Mac(Cipher::k3Des, k_mac, Pad(e_ic, 8));
  ASSERT_TRUE(m_ic.ok());
  EXPECT_EQ(ToHex(*m_ic), "2F2D235D074D7449");
  auto r = DecryptCbc(Cipher::k3Des, k_enc, Bytes(8, 0), e_ic);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(ToHex(*r), "4608F91988702212781723860C06C2260B4F80323EB3191CB04970CB4052790B");
}

TEST(Bac, DerivesTheWorkedExampleSessionKeysAndCounter) {
  Bytes k_ifd = FromHex("0B795240CB7049B01C19B33E32804F0B");
  Bytes k_ic = FromHex("0B4F80323EB3191CB04970CB4052790B");
  Bytes seed(16);
  for (size_t i = 0; i < 16; ++i) seed[i] = k_ifd[i] ^ k_ic[i];
  EXPECT_EQ(ToHex(seed), "0036D272F5C350ACAC50C3F572D23600");
  auto keys = DeriveBacKeys(seed);
  ASSERT_TRUE(keys.ok());
  Bytes want_enc = FromHex("979EC13B1CBFE9DCD01AB0FED307EAE5");
  Bytes want_mac = FromHex("F1CB1F1FB5ADF208806B89DC579DC1F8");
  for (size_t i = 0; i < 16; ++i) {
    EXPECT_EQ(keys->k_enc[i] & 0xFE, want_enc[i] & 0xFE) << i;
    EXPECT_EQ(keys->k_mac[i] & 0xFE, want_mac[i] & 0xFE) << i;
  }
  EXPECT_EQ(ToHex(BacSendSequenceCounter(FromHex("4608F91988702212"), FromHex("781723860C06C226"))),
            "887022120C06C226");
}

}  // namespace
}  // namespace kiosk::emrtd
