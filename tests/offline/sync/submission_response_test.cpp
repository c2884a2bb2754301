#include "offline/sync/submission_response.h"

#include <gtest/gtest.h>

namespace kiosk::offline {
namespace {

constexpr char kId[] = "00000000-0000-4000-8000-000000000001";

struct ResponseCase {
  const char* name;
  long status;
  const char* body;
  SendVerdict expected;
};

class SubmissionResponseVerdict : public ::testing::TestWithParam<ResponseCase> {};

TEST_P(SubmissionResponseVerdict, FollowsTheReactionsTable) {
  HttpResponse response;
  response.status = GetParam().status;
  response.body = GetParam().body;
  auto outcome = ClassifySubmissionResponse(response, kId, std::chrono::system_clock::now());
  EXPECT_EQ(outcome.verdict, GetParam().expected) << outcome.reason;
}

const char kReceipt[] =
    R"({"id":"00000000-0000-4000-8000-000000000001","reference":"GU-2026-000123",)"
    R"("received_at":"2026-12-03T18:22:31Z"})";

INSTANTIATE_TEST_SUITE_P(
    Table, SubmissionResponseVerdict,
    ::testing::Values(
        ResponseCase{"CreatedWithReceiptIsSent", 201, kReceipt, SendVerdict::kSent},
        ResponseCase{"CreatedForAnotherIdIsRetried", 201, R"({"id":"other","reference":"GU-1"})",
                     SendVerdict::kRetry},
        ResponseCase{"CreatedWithoutReferenceIsRetried", 201,
                     R"({"id":"00000000-0000-4000-8000-000000000001"})", SendVerdict::kRetry},
        ResponseCase{"CaptivePortalPageIsRetried", 200,
                     "<html><body>Wi-Fi de la mairie: acceptez les conditions</body></html>",
                     SendVerdict::kRetry},
        ResponseCase{"OkWithReceiptIsStillNotOurSuccess", 200, kReceipt, SendVerdict::kRetry},
        ResponseCase{"NoContentIsRetried", 204, "", SendVerdict::kRetry},
        ResponseCase{"ConflictIsQuarantined", 409, R"({"error":{"code":"conflict"}})",
                     SendVerdict::kQuarantine},
        ResponseCase{"UnprocessableIsQuarantined", 422,
                     R"({"error":{"code":"invalid_answers","message":"x"}})",
                     SendVerdict::kQuarantine},
        ResponseCase{"MalformedIsQuarantined", 400, R"({"error":{"code":"malformed_json"}})",
                     SendVerdict::kQuarantine},
        ResponseCase{"TooLargeIsQuarantined", 413, "", SendVerdict::kQuarantine},
        ResponseCase{"UnauthorisedPauses", 401, "", SendVerdict::kPause},
        ResponseCase{"RevokedPauses", 403, R"({"error":{"code":"kiosk_revoked"}})",
                     SendVerdict::kPause},
        ResponseCase{"ServerErrorIsRetried", 500, "", SendVerdict::kRetry},
        ResponseCase{"BadGatewayIsRetried", 502, "<html>proxy</html>", SendVerdict::kRetry},
        ResponseCase{"UnavailableIsRetried", 503, "", SendVerdict::kRetry},
        ResponseCase{"RequestTimeoutIsRetried", 408, "", SendVerdict::kRetry},
        ResponseCase{"TooManyRequestsIsRetried", 429, "", SendVerdict::kRetry},
        ResponseCase{"RedirectIsRetried", 302, "", SendVerdict::kRetry},
        ResponseCase{"NotFoundIsRetried", 404, "", SendVerdict::kRetry}),
    [](const auto& test_case) { return std::string(test_case.param.name); });

TEST(SubmissionResponse, SentCarriesTheCentralReference) {
  HttpResponse response{201, kReceipt, {}};
  auto outcome = ClassifySubmissionResponse(response, kId, std::chrono::system_clock::now());
  EXPECT_EQ(outcome.central_reference, "GU-2026-000123");
  EXPECT_EQ(outcome.received_at, "2026-12-03T18:22:31Z");
}

TEST(SubmissionResponse, RetryAfterIsRead) {
  HttpResponse response{503, "", {{"retry-after", "42"}}};
  auto outcome = ClassifySubmissionResponse(response, kId, std::chrono::system_clock::now());
  ASSERT_TRUE(outcome.retry_after.has_value());
  EXPECT_EQ(outcome.retry_after->count(), 42);
}

TEST(SubmissionResponse, ATransportErrorIsRetried) {
  StatusOr<HttpResponse> failed = UnavailableError("connection reset");
  auto outcome = ClassifySubmissionResponse(failed, kId, std::chrono::system_clock::now());
  EXPECT_EQ(outcome.verdict, SendVerdict::kRetry);
  EXPECT_NE(outcome.reason.find("connection reset"), std::string::npos);
}

TEST(SubmissionResponse, TheReasonKeepsOnlyTheErrorCodeNeverTheMessage) {
  HttpResponse response{
      422, R"({"error":{"code":"invalid_answers","message":"surname ERIKSSON is invalid"}})", {}};
  auto outcome = ClassifySubmissionResponse(response, kId, std::chrono::system_clock::now());
  EXPECT_EQ(outcome.reason, "HTTP 422 invalid_answers");
}

}  // namespace
}  // namespace kiosk::offline
