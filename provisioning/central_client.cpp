#include "provisioning/central_client.h"

#include <ctime>
#include <memory>

#include <fmt/format.h>

namespace kiosk::provisioning {
namespace {

size_t AppendToString(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

struct CurlFree {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistFree {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

Status CurlErrorStatus(CURLcode code, std::string_view detail) {
  std::string message =
      fmt::format("{}{}{}", curl_easy_strerror(code), detail.empty() ? "" : ": ", detail);
  switch (code) {
    case CURLE_OK:
      return OkStatus();
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_SSL_CONNECT_ERROR:
      return UnavailableError(std::move(message));
    case CURLE_OPERATION_TIMEDOUT:
      return DeadlineExceededError(std::move(message));
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      return PermissionDeniedError(std::move(message));
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return InvalidInputError(std::move(message));
    case CURLE_OUT_OF_MEMORY:
      return ResourceExhaustedError(std::move(message));
    default:
      return UnavailableError(std::move(message));
  }
}

CentralClient::CentralClient(std::string base_url, std::chrono::milliseconds timeout)
    : base_url_(std::move(base_url)), timeout_(timeout) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

StatusOr<std::string> CentralClient::ReadPresentedChain() const {
  std::string chain;
  KIOSK_ASSIGN_OR_RETURN(HttpResponse ignored, Perform("/v1/health", nullptr, {}, &chain));
  (void)ignored;
  if (chain.empty()) return UnavailableError("the centre presented no certificate");
  return chain;
}

StatusOr<HttpResponse> CentralClient::PostJson(std::string_view path, const std::string& body,
                                               const TlsFiles& tls) const {
  return Perform(path, &body, tls, nullptr);
}

StatusOr<HttpResponse> CentralClient::Get(std::string_view path, const TlsFiles& tls) const {
  return Perform(path, nullptr, tls, nullptr);
}

StatusOr<HttpResponse> CentralClient::Perform(std::string_view path, const std::string* post_body,
                                              const TlsFiles& tls, std::string* chain_pem) const {
  if (base_url_.rfind("https://", 0) != 0) {
    return InvalidInputError(
        fmt::format("the centre's URL must start with https:// ({})", base_url_));
  }
  std::unique_ptr<CURL, CurlFree> curl(curl_easy_init());
  if (!curl) return ResourceExhaustedError("curl_easy_init failed");
  CURL* c = curl.get();
  std::string url = base_url_ + std::string(path);
  HttpResponse response;
  char error_buffer[CURL_ERROR_SIZE] = {};
  std::unique_ptr<curl_slist, SlistFree> headers;

  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
  curl_easy_setopt(c, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout_.count()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &AppendToString);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(1 << 20));

  if (chain_pem != nullptr) {
    // First contact: nothing is trusted yet, we only read what the centre presents and
    // compare it with the fingerprint the technician typed. No secret is sent on this one.
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(c, CURLOPT_CERTINFO, 1L);
  } else {
    if (tls.ca_file.empty()) return InternalError("verified call without a pinned CA");
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_CAINFO, tls.ca_file.c_str());
    curl_easy_setopt(c, CURLOPT_CAPATH, nullptr);
    if (!tls.cert_file.empty()) {
      curl_easy_setopt(c, CURLOPT_SSLCERT, tls.cert_file.c_str());
      curl_easy_setopt(c, CURLOPT_SSLKEY, tls.key_file.c_str());
    }
  }
  if (post_body != nullptr) {
    headers.reset(curl_slist_append(nullptr, "Content-Type: application/json"));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, post_body->c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post_body->size()));
  }

  CURLcode rc = curl_easy_perform(c);
  if (chain_pem != nullptr) {
    // The chain is known after the handshake, even when the HTTP part failed.
    curl_certinfo* info = nullptr;
    if (curl_easy_getinfo(c, CURLINFO_CERTINFO, &info) == CURLE_OK && info != nullptr) {
      for (int i = 0; i < info->num_of_certs; ++i) {
        for (curl_slist* field = info->certinfo[i]; field != nullptr; field = field->next) {
          std::string_view text(field->data);
          if (text.rfind("Cert:", 0) == 0) {
            *chain_pem += text.substr(5);
            if (chain_pem->back() != '\n') *chain_pem += '\n';
          }
        }
      }
    }
    if (!chain_pem->empty()) return response;
  }
  if (rc != CURLE_OK) return CurlErrorStatus(rc, error_buffer);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

std::optional<std::chrono::system_clock::time_point> ParseRfc3339(std::string_view text) {
  struct tm tm {};
  std::string copy(text);
  const char* end = strptime(copy.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (end == nullptr) return std::nullopt;
  std::string_view rest(end);
  if (!rest.empty() && rest.front() == '.') {
    size_t digits = 1;
    while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
    rest.remove_prefix(digits);
  }
  if (rest != "Z" && rest != "+00:00") return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

}  // namespace kiosk::provisioning
