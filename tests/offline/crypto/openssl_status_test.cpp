#include "offline/crypto/openssl_status.h"

#include <cerrno>

#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

namespace kiosk::offline {
namespace {

struct OpenSslCase {
  const char* name;
  unsigned long packed;
  StatusCode expected;
};

class OpenSslErrorMapping : public ::testing::TestWithParam<OpenSslCase> {};

TEST_P(OpenSslErrorMapping, MapsToTheCodeThatSaysHowToReact) {
  EXPECT_EQ(OpenSslErrorToStatusCode(GetParam().packed), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, OpenSslErrorMapping,
    ::testing::Values(
        OpenSslCase{"NoErrorRecorded", 0, StatusCode::kInternal},
        OpenSslCase{"BadDecrypt", ERR_PACK(ERR_LIB_EVP, 0, EVP_R_BAD_DECRYPT),
                    StatusCode::kDataLoss},
        OpenSslCase{"OutOfMemory", ERR_PACK(ERR_LIB_EVP, 0, ERR_R_MALLOC_FAILURE),
                    StatusCode::kResourceExhausted},
        OpenSslCase{"PemWithoutStartLine", ERR_PACK(ERR_LIB_PEM, 0, PEM_R_NO_START_LINE),
                    StatusCode::kInvalidInput},
        OpenSslCase{"Asn1Garbage", ERR_PACK(ERR_LIB_ASN1, 0, 1), StatusCode::kInvalidInput},
        OpenSslCase{"X509Problem", ERR_PACK(ERR_LIB_X509, 0, 1), StatusCode::kInvalidInput},
        OpenSslCase{"FileMissing", ERR_PACK(ERR_LIB_SYS, 0, ENOENT), StatusCode::kNotFound},
        OpenSslCase{"FileNotReadable", ERR_PACK(ERR_LIB_SYS, 0, EACCES),
                    StatusCode::kPermissionDenied},
        OpenSslCase{"DiskFull", ERR_PACK(ERR_LIB_SYS, 0, ENOSPC), StatusCode::kResourceExhausted},
        OpenSslCase{"OtherSystemError", ERR_PACK(ERR_LIB_SYS, 0, EIO),
                    StatusCode::kFailedPrecondition},
        OpenSslCase{"NoEntropy", ERR_PACK(ERR_LIB_RAND, 0, 1), StatusCode::kFailedPrecondition},
        OpenSslCase{"NullParameter", ERR_PACK(ERR_LIB_EVP, 0, ERR_R_PASSED_NULL_PARAMETER),
                    StatusCode::kInternal},
        OpenSslCase{"OtherLibrary", ERR_PACK(ERR_LIB_BN, 0, 1), StatusCode::kInternal}),
    [](const auto& test_case) { return std::string(test_case.param.name); });

TEST(OpenSslError, ReportsTheFirstQueuedErrorAndDrainsTheQueue) {
  ERR_clear_error();
  ERR_raise(ERR_LIB_PEM, PEM_R_NO_START_LINE);
  ERR_raise(ERR_LIB_EVP, EVP_R_BAD_DECRYPT);
  Status status = OpenSslError("reading the centre CA");
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_NE(status.message().find("reading the centre CA"), std::string::npos);
  EXPECT_EQ(ERR_peek_error(), 0u);
}

TEST(OpenSslError, WithoutAQueuedErrorIsInternal) {
  ERR_clear_error();
  EXPECT_EQ(OpenSslError("x").code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace kiosk::offline
