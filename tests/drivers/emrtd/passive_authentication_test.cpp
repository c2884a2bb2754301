#include "drivers/emrtd/passive_authentication.h"

#include <gtest/gtest.h>

#include "drivers/cardsim/test_pki.h"
#include "drivers/emrtd/tlv.h"
#include "tests/support/temp_dir.h"

namespace kiosk::emrtd {
namespace {

class PassiveAuthenticationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto pki = cardsim::GenerateTestPki(dir_.path().string());
    ASSERT_TRUE(pki.ok()) << pki.status().ToString();
    pki_ = *pki;
    dg1_ = EncodeTlv(0x61, EncodeTlv(0x5F1F, Bytes(90, '<')));
    SecurityObject lds;
    lds.hashes[1] = *Hash(HashAlgorithm::kSha256, dg1_);
    auto sod = cardsim::SignSecurityObject(pki_, EncodeSecurityObject(lds));
    ASSERT_TRUE(sod.ok()) << sod.status().ToString();
    sod_ = *sod;
  }

  testing::TempDir dir_;
  cardsim::TestPkiPaths pki_;
  Bytes dg1_;
  Bytes sod_;
};

TEST_F(PassiveAuthenticationTest, VerifiesWithTheCsca) {
  auto result = VerifyPassiveAuthentication(sod_, {{1, dg1_}}, pki_.trust_store_dir);
  EXPECT_EQ(result.status, PassiveAuthenticationStatus::kVerified) << result.reason;
}

TEST_F(PassiveAuthenticationTest, ParsesTheSecurityObject) {
  auto object = ParseSod(sod_);
  ASSERT_TRUE(object.ok()) << object.status().ToString();
  EXPECT_EQ(object->algorithm, HashAlgorithm::kSha256);
  EXPECT_EQ(object->hashes.size(), 1u);
}

TEST_F(PassiveAuthenticationTest, FailsOnAChangedDataGroup) {
  Bytes changed = dg1_;
  changed.back() = 'X';
  auto result = VerifyPassiveAuthentication(sod_, {{1, changed}}, pki_.trust_store_dir);
  EXPECT_EQ(result.status, PassiveAuthenticationStatus::kFailed);
  EXPECT_NE(result.reason.find("DG1"), std::string::npos);
}

TEST_F(PassiveAuthenticationTest, FailsOnADataGroupMissingFromTheSod) {
  auto result = VerifyPassiveAuthentication(sod_, {{1, dg1_}, {11, dg1_}}, pki_.trust_store_dir);
  EXPECT_EQ(result.status, PassiveAuthenticationStatus::kFailed);
}

TEST_F(PassiveAuthenticationTest, FailsOnATamperedSignature) {
  Bytes tampered = sod_;
  tampered[tampered.size() - 5] ^= 0x01;  // inside the signature value
  auto result = VerifyPassiveAuthentication(tampered, {{1, dg1_}}, pki_.trust_store_dir);
  EXPECT_EQ(result.status, PassiveAuthenticationStatus::kFailed) << result.reason;
}

TEST_F(PassiveAuthenticationTest, HasNoTrustAnchorWithAnEmptyStore) {
  testing::TempDir empty;
  auto result = VerifyPassiveAuthentication(sod_, {{1, dg1_}}, empty.path().string());
  EXPECT_EQ(result.status, PassiveAuthenticationStatus::kNoTrustAnchor);
  auto missing = VerifyPassiveAuthentication(sod_, {{1, dg1_}}, "/nonexistent/csca");
  EXPECT_EQ(missing.status, PassiveAuthenticationStatus::kNoTrustAnchor);
}

TEST_F(PassiveAuthenticationTest, FailsOnGarbage) {
  auto result = VerifyPassiveAuthentication(FromHex("7703010203"), {}, pki_.trust_store_dir);
  EXPECT_EQ(result.status, PassiveAuthenticationStatus::kFailed);
  EXPECT_FALSE(ParseSod(FromHex("7784FFFFFFFF")).ok());
}

TEST(PassiveAuthenticationNames, AreStable) {
  EXPECT_EQ(PassiveAuthenticationStatusName(PassiveAuthenticationStatus::kVerified), "verified");
  EXPECT_EQ(PassiveAuthenticationStatusName(PassiveAuthenticationStatus::kNoTrustAnchor),
            "no_trust_anchor");
}

}  // namespace
}  // namespace kiosk::emrtd
