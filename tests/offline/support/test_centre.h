// A small HTTPS centre for sync tests (cpp-httplib SSLServer, real TLS, real mutual TLS):
// implements the kiosk side of docs/contracts.md (submissions with idempotency, heartbeats,
// catalog with ETag) and can answer with canned responses the real centre does not produce on
// demand (500, 503 with Retry-After, 429, an HTML page with 200).
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "tests/offline/support/test_pki.h"

namespace httplib {
class SSLServer;
}

namespace kiosk::testing {

struct StoredSubmission {
  std::string bytes;
  std::string reference;
  std::string received_at;
};

struct CannedResponse {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::map<std::string, std::string> headers;
};

class TestCentre {
 public:
  // Serves with `cert`/`key`, accepts only clients whose certificate chains to `client_ca`.
  // `port` 0 picks a free one.
  TestCentre(const std::string& cert, const std::string& key, const std::string& client_ca,
             int port = 0);
  ~TestCentre();

  int port() const { return port_; }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }

  // The next answers to POST /v1/submissions, in order, instead of the real handling.
  void QueueCanned(CannedResponse response);

  // Catalog served at GET /v1/catalog with this ETag.
  void SetCatalog(std::string body, std::string etag);

  std::map<std::string, StoredSubmission> Submissions() const;
  int submission_posts() const;  // every POST /v1/submissions that reached a handler
  int conflicts() const;         // same id with other bytes
  int heartbeats() const;
  std::string last_heartbeat() const;

 private:
  void Install();

  std::unique_ptr<httplib::SSLServer> server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::deque<CannedResponse> canned_;
  std::map<std::string, StoredSubmission> stored_;
  int posts_ = 0;
  int conflicts_ = 0;
  int heartbeats_ = 0;
  std::string last_heartbeat_;
  std::string catalog_;
  std::string catalog_etag_;
};

}  // namespace kiosk::testing
