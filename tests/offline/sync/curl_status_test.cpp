#include "offline/sync/curl_status.h"

#include <curl/curl.h>
#include <gtest/gtest.h>

namespace kiosk::offline {
namespace {

struct CurlCase {
  const char* name;
  CURLcode code;
  StatusCode expected;
};

class CurlErrorMapping : public ::testing::TestWithParam<CurlCase> {};

TEST_P(CurlErrorMapping, MapsToTheCodeThatSaysHowToReact) {
  EXPECT_EQ(CurlResultToStatusCode(GetParam().code), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, CurlErrorMapping,
    ::testing::Values(
        CurlCase{"Ok", CURLE_OK, StatusCode::kOk},
        CurlCase{"DnsFailure", CURLE_COULDNT_RESOLVE_HOST, StatusCode::kUnavailable},
        CurlCase{"ConnectionRefused", CURLE_COULDNT_CONNECT, StatusCode::kUnavailable},
        CurlCase{"ResetWhileSending", CURLE_SEND_ERROR, StatusCode::kUnavailable},
        CurlCase{"ResetWhileReceiving", CURLE_RECV_ERROR, StatusCode::kUnavailable},
        CurlCase{"EmptyReply", CURLE_GOT_NOTHING, StatusCode::kUnavailable},
        CurlCase{"TlsHandshake", CURLE_SSL_CONNECT_ERROR, StatusCode::kUnavailable},
        CurlCase{"WrongServerCertificate", CURLE_PEER_FAILED_VERIFICATION,
                 StatusCode::kUnavailable},
        CurlCase{"Timeout", CURLE_OPERATION_TIMEDOUT, StatusCode::kDeadlineExceeded},
        CurlCase{"UnreadableClientCertificate", CURLE_SSL_CERTPROBLEM,
                 StatusCode::kFailedPrecondition},
        CurlCase{"UnreadableCaFile", CURLE_SSL_CACERT_BADFILE, StatusCode::kFailedPrecondition},
        CurlCase{"PlainHttpRefused", CURLE_UNSUPPORTED_PROTOCOL, StatusCode::kInvalidInput},
        CurlCase{"BadUrl", CURLE_URL_MALFORMAT, StatusCode::kInvalidInput},
        CurlCase{"OutOfMemory", CURLE_OUT_OF_MEMORY, StatusCode::kResourceExhausted},
        CurlCase{"AnswerTooLarge", CURLE_WRITE_ERROR, StatusCode::kInternal},
        CurlCase{"Aborted", CURLE_ABORTED_BY_CALLBACK, StatusCode::kCancelled},
        CurlCase{"Unknown", CURLE_BAD_FUNCTION_ARGUMENT, StatusCode::kInternal}),
    [](const auto& test_case) { return std::string(test_case.param.name); });

TEST(CurlStatus, NamesTheContextAndCurlsExplanation) {
  Status status = CurlStatus(CURLE_OPERATION_TIMEDOUT, "POST /v1/submissions", "after 1000 ms");
  EXPECT_EQ(status.code(), StatusCode::kDeadlineExceeded);
  EXPECT_NE(status.message().find("POST /v1/submissions"), std::string::npos);
  EXPECT_NE(status.message().find("after 1000 ms"), std::string::npos);
}

}  // namespace
}  // namespace kiosk::offline
