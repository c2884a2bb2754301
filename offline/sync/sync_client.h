// HTTPS to the central guichet: libcurl with OpenSSL, mutual TLS with the device certificate,
// the centre's CA pinned (the only CA trusted), one connection kept and reused.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace kiosk::offline {

struct SyncClientOptions {
  std::string base_url;   // "https://host:port"; anything but https is refused
  std::string ca_file;    // the centre's CA (PEM): the only trust anchor
  std::string cert_file;  // this kiosk's certificate (PEM)
  std::string key_file;   // its private key (PEM)
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
  std::chrono::milliseconds request_timeout{std::chrono::seconds(30)};
};

struct HttpResponse {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-cased; last value wins

  std::string Header(std::string_view name) const;
};

// Thread: one thread at a time (one CURL easy handle, which keeps the connection).
class SyncClient {
 public:
  // kInvalidInput for a non-https URL; kFailedPrecondition when a TLS file is missing.
  static StatusOr<std::unique_ptr<SyncClient>> Create(const SyncClientOptions& options);
  ~SyncClient();
  SyncClient(const SyncClient&) = delete;
  SyncClient& operator=(const SyncClient&) = delete;

  // A transport failure (DNS, connect, TLS, timeout, reset) is a non-OK status; any HTTP
  // answer, whatever its status code, is a response.
  StatusOr<HttpResponse> Post(std::string_view path, std::string_view body,
                              const std::map<std::string, std::string>& headers = {});
  StatusOr<HttpResponse> Get(std::string_view path,
                             const std::map<std::string, std::string>& headers = {});

  const SyncClientOptions& options() const { return options_; }

 private:
  explicit SyncClient(const SyncClientOptions& options);
  StatusOr<HttpResponse> Perform(bool post, std::string_view path, std::string_view body,
                                 const std::map<std::string, std::string>& headers);

  SyncClientOptions options_;
  void* curl_ = nullptr;  // CURL*, kept for connection reuse
};

}  // namespace kiosk::offline
