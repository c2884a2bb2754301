// What an answer of the centre to POST /v1/submissions means for the queue.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "base/status.h"
#include "offline/sync/sync_client.h"

namespace kiosk::offline {

enum class SendVerdict {
  kSent,        // 201 with the expected JSON body: delivered
  kRetry,       // transient (transport error, 5xx, 408, 429, a 2xx that is not ours)
  kQuarantine,  // 409/422 (and 400/413): this submission needs a human
  kPause,       // 401/403: this kiosk is not accepted; stop everything, alert
};

struct SendOutcome {
  SendVerdict verdict = SendVerdict::kRetry;
  std::string central_reference;  // kSent
  std::string received_at;        // kSent
  std::optional<std::chrono::seconds> retry_after;
  // A short, personal-data-free explanation for last_error / quarantine_reason / alerts.
  std::string reason;
};

// Classifies a transport result or an HTTP answer for the submission `expected_id`.
SendOutcome ClassifySubmissionResponse(const StatusOr<HttpResponse>& result,
                                       const std::string& expected_id,
                                       std::chrono::system_clock::time_point now);

}  // namespace kiosk::offline
