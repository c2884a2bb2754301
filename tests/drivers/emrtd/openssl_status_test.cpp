#include "drivers/emrtd/openssl_status.h"

#include <openssl/asn1.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <gtest/gtest.h>

namespace kiosk::emrtd {
namespace {

struct OpenSslCase {
  const char* name;
  int library;
  int reason;
  StatusCode code;
};

class OpenSslMappingTest : public ::testing::TestWithParam<OpenSslCase> {};

TEST_P(OpenSslMappingTest, MapsToTheDocumentedCode) {
  const OpenSslCase& c = GetParam();
  EXPECT_EQ(StatusCodeForOpenSslError(ERR_PACK(c.library, 0, c.reason)), c.code);
}

INSTANTIATE_TEST_SUITE_P(
    Table, OpenSslMappingTest,
    ::testing::Values(
        OpenSslCase{"Asn1Decode", ERR_LIB_ASN1, ASN1_R_HEADER_TOO_LONG, StatusCode::kInvalidInput},
        OpenSslCase{"PemNoStart", ERR_LIB_PEM, PEM_R_NO_START_LINE, StatusCode::kInvalidInput},
        OpenSslCase{"CmsVerify", ERR_LIB_CMS, CMS_R_VERIFICATION_FAILURE, StatusCode::kDataLoss},
        OpenSslCase{"CmsContentVerify", ERR_LIB_CMS, CMS_R_CONTENT_VERIFY_ERROR,
                    StatusCode::kDataLoss},
        OpenSslCase{"CmsCertVerify", ERR_LIB_CMS, CMS_R_CERTIFICATE_VERIFY_ERROR,
                    StatusCode::kDataLoss},
        OpenSslCase{"CmsUnknownDigest", ERR_LIB_CMS, CMS_R_UNKNOWN_DIGEST_ALGORITHM,
                    StatusCode::kUnsupported},
        OpenSslCase{"CmsOther", ERR_LIB_CMS, CMS_R_NO_CONTENT, StatusCode::kInvalidInput},
        OpenSslCase{"X509", ERR_LIB_X509, X509_R_CERT_ALREADY_IN_HASH_TABLE, StatusCode::kDataLoss},
        OpenSslCase{"EvpBadDecrypt", ERR_LIB_EVP, EVP_R_BAD_DECRYPT, StatusCode::kDataLoss},
        OpenSslCase{"EvpUnsupported", ERR_LIB_EVP, EVP_R_UNSUPPORTED_ALGORITHM,
                    StatusCode::kUnsupported},
        OpenSslCase{"EvpOther", ERR_LIB_EVP, EVP_R_INVALID_KEY_LENGTH, StatusCode::kInternal},
        OpenSslCase{"EcPoint", ERR_LIB_EC, 0, StatusCode::kInvalidInput},
        OpenSslCase{"Memory", ERR_LIB_EVP, ERR_R_MALLOC_FAILURE, StatusCode::kResourceExhausted},
        OpenSslCase{"OtherLibrary", ERR_LIB_SSL, 1, StatusCode::kInternal}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(OpenSslStatus, NoQueuedErrorIsInternal) {
  EXPECT_EQ(StatusCodeForOpenSslError(0), StatusCode::kInternal);
  ERR_clear_error();
  Status status = OpenSslError("thing");
  EXPECT_EQ(status.code(), StatusCode::kInternal);
  EXPECT_EQ(status.message(), "thing");
}

TEST(OpenSslStatus, DrainsTheQueueIntoOneStatus) {
  const unsigned char garbage[] = {0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF};
  const unsigned char* p = garbage;
  EXPECT_EQ(d2i_X509(nullptr, &p, sizeof(garbage)), nullptr);
  Status status = OpenSslError("certificate");
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(ERR_peek_error(), 0u);
}

}  // namespace
}  // namespace kiosk::emrtd
