#include "provisioning/central_client.h"

#include <gtest/gtest.h>

namespace kiosk::provisioning {
namespace {

struct CurlCase {
  CURLcode code;
  StatusCode expected;
};

class CurlErrorStatusTest : public ::testing::TestWithParam<CurlCase> {};

TEST_P(CurlErrorStatusTest, MapsCurlCodesToWhatTheTechnicianShouldDo) {
  EXPECT_EQ(CurlErrorStatus(GetParam().code, "detail").code(), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, CurlErrorStatusTest,
    ::testing::Values(CurlCase{CURLE_OK, StatusCode::kOk},
                      CurlCase{CURLE_COULDNT_CONNECT, StatusCode::kUnavailable},
                      CurlCase{CURLE_COULDNT_RESOLVE_HOST, StatusCode::kUnavailable},
                      CurlCase{CURLE_OPERATION_TIMEDOUT, StatusCode::kDeadlineExceeded},
                      CurlCase{CURLE_PEER_FAILED_VERIFICATION, StatusCode::kPermissionDenied},
                      CurlCase{CURLE_SSL_CERTPROBLEM, StatusCode::kPermissionDenied},
                      CurlCase{CURLE_URL_MALFORMAT, StatusCode::kInvalidInput},
                      CurlCase{CURLE_OUT_OF_MEMORY, StatusCode::kResourceExhausted},
                      CurlCase{CURLE_RECV_ERROR, StatusCode::kUnavailable}));

TEST(ParseRfc3339, ReadsUtcTimesWithOrWithoutFractions) {
  auto t = ParseRfc3339("2026-12-03T18:22:31Z");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(std::chrono::system_clock::to_time_t(*t), 1796322151);
  EXPECT_EQ(ParseRfc3339("2026-12-03T18:22:31.250Z"), t);
  EXPECT_FALSE(ParseRfc3339("2026-12-03 18:22:31").has_value());
  EXPECT_FALSE(ParseRfc3339("2026-12-03T18:22:31+02:00").has_value());
  EXPECT_FALSE(ParseRfc3339("").has_value());
}

TEST(CentralClient, RefusesAPlainHttpCentre) {
  CentralClient client("http://127.0.0.1:1");
  EXPECT_EQ(client.Get("/v1/health", {"ca.pem", "", ""}).status().code(),
            StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace kiosk::provisioning
