#include "drivers/emrtd/card_access.h"

#include <gtest/gtest.h>

namespace kiosk::emrtd {
namespace {

TEST(CardAccess, ParsesTheWorkedExampleFile) {
  // EF.CardAccess of 9303 part 11 appendix G: PACE-ECDH-GM-AES-CBC-CMAC-128, parameters 13.
  auto infos = ParseCardAccess(FromHex("3114301206 0A04007F00070202040202 020102 02010D"));
  ASSERT_TRUE(infos.ok()) << infos.status().ToString();
  ASSERT_EQ(infos->size(), 1u);
  EXPECT_EQ((*infos)[0].mapping, PaceMapping::kEcdhGeneric);
  EXPECT_EQ((*infos)[0].cipher, Cipher::kAes128);
  EXPECT_EQ((*infos)[0].version, 2);
  EXPECT_EQ((*infos)[0].parameter_id, 13);
}

TEST(CardAccess, RoundTripsWhatTheSimulatorWrites) {
  PaceInfo info;
  info.cipher = Cipher::kAes256;
  info.parameter_id = 13;
  Bytes file = EncodeCardAccess({info});
  auto infos = ParseCardAccess(file);
  ASSERT_TRUE(infos.ok());
  EXPECT_EQ((*infos)[0].cipher, Cipher::kAes256);
  EXPECT_EQ((*infos)[0].oid, PaceOid(PaceMapping::kEcdhGeneric, Cipher::kAes256));
}

TEST(CardAccess, SkipsOtherSecurityInfos) {
  // A chip authentication info (0.4.0.127.0.7.2.2.3.2.1) only.
  auto infos = ParseCardAccess(FromHex("3111300F060A04007F0007020203020102010 1"));
  ASSERT_TRUE(infos.ok());
  EXPECT_TRUE(infos->empty());
}

TEST(CardAccess, RejectsMalformedFiles) {
  EXPECT_FALSE(ParseCardAccess(FromHex("3003020102")).ok());
  EXPECT_FALSE(ParseCardAccess(FromHex("30")).ok());
}

}  // namespace
}  // namespace kiosk::emrtd
