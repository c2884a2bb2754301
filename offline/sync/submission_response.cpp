#include "offline/sync/submission_response.h"

#include <cctype>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "offline/sync/retry_policy.h"

namespace kiosk::offline {
namespace {

// The centre's error code ("idempotency_conflict"...), never its message: a message may
// quote an answer, and last_error is stored and shown in clear.
std::string ErrorCode(const std::string& body) {
  nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return "no error body";
  auto error = json.find("error");
  if (error == json.end() || !error->is_object()) return "no error body";
  auto code = error->find("code");
  if (code == error->end() || !code->is_string()) return "no error code";
  std::string text = code->get<std::string>();
  if (text.size() > 64) text.resize(64);
  // Keep it to the identifier alphabet the API uses.
  for (char& c : text) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) c = '?';
  }
  return text;
}

std::string ShortStatus(const Status& status) {
  std::string text = fmt::format("{}: {}", StatusCodeName(status.code()), status.message());
  if (text.size() > 300) text.resize(300);
  return text;
}

}  // namespace

SendOutcome ClassifySubmissionResponse(const StatusOr<HttpResponse>& result,
                                       const std::string& expected_id,
                                       std::chrono::system_clock::time_point now) {
  SendOutcome outcome;
  if (!result.ok()) {
    outcome.verdict = SendVerdict::kRetry;
    outcome.reason = ShortStatus(result.status());
    return outcome;
  }
  const HttpResponse& response = *result;
  const long status = response.status;

  if (status == 201) {
    // Only our own receipt counts: the id we sent and a reference.
    nlohmann::json json = nlohmann::json::parse(response.body, nullptr, false);
    if (json.is_object() && json.contains("id") && json["id"].is_string() &&
        json["id"].get<std::string>() == expected_id && json.contains("reference") &&
        json["reference"].is_string() && !json["reference"].get<std::string>().empty()) {
      outcome.verdict = SendVerdict::kSent;
      outcome.central_reference = json["reference"].get<std::string>();
      if (json.contains("received_at") && json["received_at"].is_string()) {
        outcome.received_at = json["received_at"].get<std::string>();
      }
      outcome.reason = "delivered";
      return outcome;
    }
  }
  if (status >= 200 && status < 300) {
    // A captive portal or a proxy answering for the centre: nothing was delivered.
    outcome.verdict = SendVerdict::kRetry;
    outcome.reason = fmt::format("HTTP {} without the centre's receipt (captive portal?)", status);
    return outcome;
  }
  if (status == 401 || status == 403) {
    outcome.verdict = SendVerdict::kPause;
    outcome.reason =
        fmt::format("HTTP {} {}: the centre refuses this kiosk", status, ErrorCode(response.body));
    return outcome;
  }
  if (status == 409 || status == 422 || status == 400 || status == 413) {
    outcome.verdict = SendVerdict::kQuarantine;
    outcome.reason = fmt::format("HTTP {} {}", status, ErrorCode(response.body));
    return outcome;
  }
  outcome.verdict = SendVerdict::kRetry;
  outcome.retry_after = ParseRetryAfter(response.Header("retry-after"), now);
  outcome.reason = fmt::format("HTTP {}", status);
  if (status >= 400) outcome.reason += " " + ErrorCode(response.body);
  return outcome;
}

}  // namespace kiosk::offline
