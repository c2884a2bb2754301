// The few HTTPS calls provisioning makes to the centre, with libcurl: reading the chain of
// certificates the centre presents (before anything is trusted), enrolment and renewal, and
// the health call used by the self-test. Each call opens its own connection; not for the
// submission traffic (that is offline/sync). Thread-compatible: one call at a time per object.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <curl/curl.h>

#include "base/status.h"

namespace kiosk::provisioning {

// The one place that turns a libcurl error into a Status.
Status CurlErrorStatus(CURLcode code, std::string_view detail);

struct TlsFiles {
  std::string ca_file;    // pinned CA; empty = no verification (only for ReadPresentedChain)
  std::string cert_file;  // client certificate for mutual TLS, optional
  std::string key_file;
};

struct HttpResponse {
  long status = 0;
  std::string body;
};

class CentralClient {
 public:
  // `base_url` is "https://host:port" (no trailing slash needed).
  explicit CentralClient(std::string base_url,
                         std::chrono::milliseconds timeout = std::chrono::seconds(10));

  // Connects WITHOUT verifying anything and returns the PEM of every certificate the centre
  // presented, server certificate first. Sends nothing but a GET /v1/health.
  StatusOr<std::string> ReadPresentedChain() const;

  // Verified calls (TLS 1.2+, peer and host name checked against `tls.ca_file`).
  StatusOr<HttpResponse> PostJson(std::string_view path, const std::string& body,
                                  const TlsFiles& tls) const;
  StatusOr<HttpResponse> Get(std::string_view path, const TlsFiles& tls) const;

 private:
  StatusOr<HttpResponse> Perform(std::string_view path, const std::string* post_body,
                                 const TlsFiles& tls, std::string* chain_pem) const;

  std::string base_url_;
  std::chrono::milliseconds timeout_;
};

// Parses an RFC 3339 UTC time ("2026-12-03T18:22:31Z", fractions allowed).
std::optional<std::chrono::system_clock::time_point> ParseRfc3339(std::string_view text);

}  // namespace kiosk::provisioning
