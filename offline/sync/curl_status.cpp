#include "offline/sync/curl_status.h"

#include <curl/curl.h>
#include <fmt/format.h>

namespace kiosk::offline {

StatusCode CurlResultToStatusCode(int curl_code) {
  switch (static_cast<CURLcode>(curl_code)) {
    case CURLE_OK:
      return StatusCode::kOk;
    // The network or the centre is not there right now: try again later.
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_AGAIN:
      return StatusCode::kUnavailable;
    // TLS failures: a wrong or expired certificate on either side, a captive portal
    // intercepting TLS, a clock far off. Retried, and reported to staff through last_error.
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_SHUTDOWN_FAILED:
      return StatusCode::kUnavailable;
    case CURLE_OPERATION_TIMEDOUT:
      return StatusCode::kDeadlineExceeded;
    // Our own files or settings are wrong: staff must fix the configuration.
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_FILE_COULDNT_READ_FILE:
    case CURLE_NOT_BUILT_IN:
      return StatusCode::kFailedPrecondition;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return StatusCode::kInvalidInput;
    case CURLE_OUT_OF_MEMORY:
    case CURLE_FILESIZE_EXCEEDED:
    case CURLE_TOO_MANY_REDIRECTS:
      return StatusCode::kResourceExhausted;
    case CURLE_ABORTED_BY_CALLBACK:
      return StatusCode::kCancelled;
    case CURLE_LOGIN_DENIED:
    case CURLE_REMOTE_ACCESS_DENIED:
      return StatusCode::kPermissionDenied;
    default:
      return StatusCode::kInternal;
  }
}

Status CurlStatus(int curl_code, std::string_view context, std::string_view detail) {
  StatusCode code = CurlResultToStatusCode(curl_code);
  if (code == StatusCode::kOk) return OkStatus();
  std::string message = fmt::format(
      "{}: {} (curl {})", context, curl_easy_strerror(static_cast<CURLcode>(curl_code)), curl_code);
  if (!detail.empty()) message += fmt::format(" [{}]", detail);
  return Status(code, std::move(message));
}

}  // namespace kiosk::offline
