#include "central/openssl_status.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <gtest/gtest.h>

namespace kiosk::central {
namespace {

struct OpenSslCase {
  int lib;
  int reason;
  StatusCode expected;
};

class OpenSslStatusTest : public ::testing::TestWithParam<OpenSslCase> {};

TEST_P(OpenSslStatusTest, MapsTheErrorToTheReactionItNeeds) {
  unsigned long error = ERR_PACK(GetParam().lib, 0, GetParam().reason);
  EXPECT_EQ(OpenSslErrorToStatusCode(error), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Errors, OpenSslStatusTest,
    ::testing::Values(
        OpenSslCase{ERR_LIB_PEM, PEM_R_NO_START_LINE, StatusCode::kInvalidInput},
        OpenSslCase{ERR_LIB_ASN1, 0x8d, StatusCode::kInvalidInput},
        OpenSslCase{ERR_LIB_OSSL_DECODER, ERR_R_UNSUPPORTED, StatusCode::kInvalidInput},
        OpenSslCase{ERR_LIB_X509, X509_R_KEY_VALUES_MISMATCH, StatusCode::kInvalidInput},
        OpenSslCase{ERR_LIB_EVP, EVP_R_UNSUPPORTED_ALGORITHM, StatusCode::kUnsupported},
        OpenSslCase{ERR_LIB_SYS, 2, StatusCode::kFailedPrecondition},
        OpenSslCase{ERR_LIB_EVP, ERR_R_MALLOC_FAILURE, StatusCode::kResourceExhausted},
        OpenSslCase{ERR_LIB_SSL, 1, StatusCode::kInternal}));

TEST(OpenSslStatus, NoRecordedErrorIsStillAnInternalError) {
  ERR_clear_error();
  Status status = OpenSslStatus("signing");
  EXPECT_EQ(status.code(), StatusCode::kInternal);
  EXPECT_EQ(status.message(), "signing");
}

TEST(OpenSslStatus, DrainsTheQueueAndKeepsTheRootCause) {
  ERR_clear_error();
  BIO* bio = BIO_new_mem_buf("not a key", -1);
  EXPECT_EQ(PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr), nullptr);
  BIO_free(bio);
  Status status = OpenSslStatus("reading a key");
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(ERR_peek_error(), 0u);
}

}  // namespace
}  // namespace kiosk::central
