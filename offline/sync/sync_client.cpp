#include "offline/sync/sync_client.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include <curl/curl.h>
#include <fmt/format.h>

#include "base/log.h"
#include "offline/sync/curl_status.h"

namespace kiosk::offline {
namespace {

// A centre answer larger than this is not one of ours (a portal page, an attack): stop
// reading rather than fill memory.
constexpr size_t kMaxResponseBytes = 4 * 1024 * 1024;

struct CurlSlist {
  curl_slist* list = nullptr;
  ~CurlSlist() { curl_slist_free_all(list); }
  void Append(const std::string& line) { list = curl_slist_append(list, line.c_str()); }
};

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
  auto* response = static_cast<HttpResponse*>(user);
  size_t bytes = size * count;
  if (response->body.size() + bytes > kMaxResponseBytes) return 0;  // aborts the transfer
  response->body.append(data, bytes);
  return bytes;
}

size_t WriteHeader(char* data, size_t size, size_t count, void* user) {
  auto* response = static_cast<HttpResponse*>(user);
  size_t bytes = size * count;
  std::string_view line(data, bytes);
  // A new status line starts a new header block (after "100 Continue"): forget the old one.
  if (line.rfind("HTTP/", 0) == 0) response->headers.clear();
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return bytes;
  std::string name(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  response->headers[name] = std::string(value);
  return bytes;
}

Status RequireFile(const std::string& path, std::string_view what) {
  if (path.empty()) return FailedPreconditionError(fmt::format("no {} configured", what));
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return FailedPreconditionError(fmt::format("{} {} not found", what, path));
  }
  return OkStatus();
}

}  // namespace

std::string HttpResponse::Header(std::string_view name) const {
  std::string key(name);
  std::transform(key.begin(), key.end(), key.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto it = headers.find(key);
  return it == headers.end() ? std::string() : it->second;
}

SyncClient::SyncClient(const SyncClientOptions& options) : options_(options) {}

SyncClient::~SyncClient() {
  if (curl_ != nullptr) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

StatusOr<std::unique_ptr<SyncClient>> SyncClient::Create(const SyncClientOptions& options) {
  if (options.base_url.rfind("https://", 0) != 0) {
    return InvalidInputError("central.url must start with https:// (got " + options.base_url + ")");
  }
  KIOSK_RETURN_IF_ERROR(RequireFile(options.ca_file, "central CA file"));
  KIOSK_RETURN_IF_ERROR(RequireFile(options.cert_file, "kiosk certificate"));
  KIOSK_RETURN_IF_ERROR(RequireFile(options.key_file, "kiosk private key"));

  // curl_global_init is done once per process by curl_easy_init when needed (libcurl
  // >= 7.84 makes that thread-safe).
  std::unique_ptr<SyncClient> client(new SyncClient(options));
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return ResourceExhaustedError("curl_easy_init failed");
  client->curl_ = curl;

  // Settings that never change: set once, kept by the handle across requests.
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "https");
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect is an answer, not a hop
  curl_easy_setopt(curl, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  // Pin the centre: its CA file is the only trust anchor, the system store is not used.
  curl_easy_setopt(curl, CURLOPT_CAINFO, options.ca_file.c_str());
  curl_easy_setopt(curl, CURLOPT_CAPATH, nullptr);
  curl_easy_setopt(curl, CURLOPT_SSLCERT, options.cert_file.c_str());
  curl_easy_setopt(curl, CURLOPT_SSLCERTTYPE, "PEM");
  curl_easy_setopt(curl, CURLOPT_SSLKEY, options.key_file.c_str());
  curl_easy_setopt(curl, CURLOPT_SSLKEYTYPE, "PEM");
  // No TLS session resumption: an OpenSSL server that verifies client certificates but sets
  // no session id context (cpp-httplib's SSLServer, which the centre uses) answers a
  // resumption attempt with an "internal error" alert, so the first reconnect after a dropped
  // connection would fail. The connection is kept, so full handshakes are rare anyway.
  curl_easy_setopt(curl, CURLOPT_SSL_SESSIONID_CACHE, 0L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // worker thread: no SIGALRM for DNS timeouts
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options.request_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(curl, CURLOPT_PROXY, "");  // ignore http(s)_proxy from the environment
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteBody);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, WriteHeader);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "guichet-kiosk");
  return client;
}

StatusOr<HttpResponse> SyncClient::Post(std::string_view path, std::string_view body,
                                        const std::map<std::string, std::string>& headers) {
  return Perform(true, path, body, headers);
}

StatusOr<HttpResponse> SyncClient::Get(std::string_view path,
                                       const std::map<std::string, std::string>& headers) {
  return Perform(false, path, {}, headers);
}

StatusOr<HttpResponse> SyncClient::Perform(bool post, std::string_view path, std::string_view body,
                                           const std::map<std::string, std::string>& headers) {
  auto* curl = static_cast<CURL*>(curl_);
  std::string url = options_.base_url;
  if (!url.empty() && url.back() == '/') url.pop_back();
  url += path;

  HttpResponse response;
  CurlSlist header_list;
  for (const auto& [name, value] : headers) header_list.Append(name + ": " + value);
  // No "Expect: 100-continue": it costs a round trip per submission for nothing.
  header_list.Append("Expect:");
  char error_buffer[CURL_ERROR_SIZE] = {};

  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list.list);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  if (post) {
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  } else {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  }

  CURLcode rc = curl_easy_perform(curl);
  // Detach per-request pointers: they die with this frame, the handle lives on.
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, nullptr);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, nullptr);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, nullptr);
  if (rc != CURLE_OK) {
    Status status = CurlStatus(rc, fmt::format("{} {}", post ? "POST" : "GET", path), error_buffer);
    Log(Subsystem::kSync).debug("{}", status.ToString());
    return status;
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  Log(Subsystem::kSync)
      .debug("{} {} -> {} ({} bytes)", post ? "POST" : "GET", path, response.status,
             response.body.size());
  return response;
}

}  // namespace kiosk::offline
