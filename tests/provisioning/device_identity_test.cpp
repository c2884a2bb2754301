#include "provisioning/device_identity.h"

#include <openssl/pem.h>

#include <gtest/gtest.h>

namespace kiosk::provisioning {
namespace {

constexpr char kHex[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

struct FingerprintCase {
  const char* typed;
  bool valid;
};

class NormaliseFingerprintTest : public ::testing::TestWithParam<FingerprintCase> {};

TEST_P(NormaliseFingerprintTest, AcceptsHexWithOrWithoutColonsInAnyCase) {
  auto result = NormaliseFingerprint(GetParam().typed);
  EXPECT_EQ(result.ok(), GetParam().valid) << GetParam().typed;
  if (result.ok()) {
    EXPECT_EQ(*result, kHex);
  } else {
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidInput);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, NormaliseFingerprintTest,
    ::testing::Values(
        FingerprintCase{kHex, true},
        FingerprintCase{"0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF", true},
        FingerprintCase{"01:23:45:67:89:AB:CD:EF:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:AB:CD:EF:"
                        "01:23:45:67:89:AB:CD:EF",
                        true},
        FingerprintCase{"01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef "
                        "01 23 45 67 89 ab cd ef",
                        true},
        FingerprintCase{"", false}, FingerprintCase{"0123", false},
        FingerprintCase{"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg", false},
        FingerprintCase{"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef00",
                        false}));

TEST(FormatFingerprint, GroupsBytesWithColons) { EXPECT_EQ(FormatFingerprint("0a1b"), "0A:1B"); }

TEST(DeviceKey, CsrNamesTheKioskItsCommuneAndSite) {
  auto key = GenerateDeviceKey();
  ASSERT_TRUE(key.ok());
  auto csr = MakeCsrPem(key->get(), {"arles-01", "Saint-Étienne-du-Rouvray", "Hall d'accueil"});
  ASSERT_TRUE(csr.ok()) << csr.status().ToString();
  BIO* bio = BIO_new_mem_buf(csr->data(), static_cast<int>(csr->size()));
  X509_REQ* request = PEM_read_bio_X509_REQ(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  ASSERT_NE(request, nullptr);
  char line[512];
  X509_NAME_oneline(X509_REQ_get_subject_name(request), line, sizeof line);
  std::string subject(line);
  EXPECT_NE(subject.find("CN=arles-01"), std::string::npos) << subject;
  EXPECT_NE(subject.find("O=Saint-"), std::string::npos) << subject;
  EXPECT_NE(subject.find("OU=Hall d'accueil"), std::string::npos) << subject;
  EVP_PKEY* public_key = X509_REQ_get0_pubkey(request);
  EXPECT_EQ(X509_REQ_verify(request, public_key), 1);
  EXPECT_EQ(EVP_PKEY_get_bits(public_key), 256);
  X509_REQ_free(request);
}

TEST(DeviceKey, ASubjectTooLongForACertificateIsRefused) {
  auto key = GenerateDeviceKey();
  ASSERT_TRUE(key.ok());
  auto csr = MakeCsrPem(key->get(), {"arles-01", std::string(100, 'A'), ""});
  EXPECT_EQ(csr.status().code(), StatusCode::kInvalidInput);
}

TEST(DeviceKey, PrivateKeyPemRoundTrips) {
  auto key = GenerateDeviceKey();
  ASSERT_TRUE(key.ok());
  auto pem = PrivateKeyPem(key->get());
  ASSERT_TRUE(pem.ok());
  auto back = ParsePrivateKeyPem(*pem);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(EVP_PKEY_eq(key->get(), back->get()), 1);
  EXPECT_EQ(ParsePrivateKeyPem("not a key").status().code(), StatusCode::kDataLoss);
}

TEST(FindPinnedAnchor, AnEmptyOrForeignChainIsRefused) {
  std::vector<UniqueCert> none;
  EXPECT_FALSE(FindPinnedAnchor(none, kHex).ok());
}

}  // namespace
}  // namespace kiosk::provisioning
