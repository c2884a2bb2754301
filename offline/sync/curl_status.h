// The one place where libcurl result codes become a kiosk::Status.
#pragma once

#include <string_view>

#include "base/status.h"

namespace kiosk::offline {

// `curl_code` is a CURLcode. Network, DNS, TLS and timeout failures are retryable
// (kUnavailable / kDeadlineExceeded); local configuration problems (unreadable client
// certificate, missing CA file, bad URL) are kFailedPrecondition / kInvalidInput.
StatusCode CurlResultToStatusCode(int curl_code);

// A status naming `context`, curl's explanation and `detail` (curl's error buffer).
Status CurlStatus(int curl_code, std::string_view context, std::string_view detail = {});

}  // namespace kiosk::offline
