#include "drivers/emrtd/crypto.h"

#include <gtest/gtest.h>

namespace kiosk::emrtd {
namespace {

TEST(Crypto, PadsWithIso9797Method2) {
  EXPECT_EQ(ToHex(Pad(FromHex("0102"), 8)), "0102800000000000");
  EXPECT_EQ(ToHex(Pad(FromHex("0102030405060708"), 8)), "01020304050607088000000000000000");
  auto unpadded = Unpad(FromHex("0102800000000000"));
  ASSERT_TRUE(unpadded.ok());
  EXPECT_EQ(ToHex(*unpadded), "0102");
  EXPECT_FALSE(Unpad(FromHex("0000000000000000")).ok());
}

TEST(Crypto, AesCmacMatchesRfc4493) {
  // RFC 4493 example 2 (16-byte message), truncated to 8 bytes as 9303 uses it.
  auto mac = Mac(Cipher::kAes128, FromHex("2b7e151628aed2a6abf7158809cf4f3c"),
                 FromHex("6bc1bee22e409f96e93d7e117393172a"));
  ASSERT_TRUE(mac.ok());
  EXPECT_EQ(ToHex(*mac), "070A16B46B4D4144");
}

TEST(Crypto, KdfUsesSha256ForAes256) {
  auto key = DeriveKey(Cipher::kAes256, FromHex("00"), 1);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->size(), 32u);
  auto short_key = DeriveKey(Cipher::kAes128, FromHex("00"), 1);
  ASSERT_TRUE(short_key.ok());
  EXPECT_EQ(short_key->size(), 16u);
}

TEST(Crypto, RefusesUnpaddedInput) {
  EXPECT_FALSE(EncryptCbc(Cipher::kAes128, Bytes(16), Bytes(16), Bytes(15)).ok());
  EXPECT_FALSE(Mac(Cipher::k3Des, Bytes(16), Bytes(7)).ok());
}

TEST(Crypto, ClearsSensitiveBuffers) {
  Bytes secret = {1, 2, 3};
  SecureClear(secret);
  EXPECT_TRUE(secret.empty());
}

}  // namespace
}  // namespace kiosk::emrtd
