#include "tests/offline/support/test_centre.h"

#include <httplib.h>

#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "tests/support/process.h"

namespace kiosk::testing {
namespace {

std::string ErrorBody(const std::string& code, const std::string& message) {
  return nlohmann::json{{"error", {{"code", code}, {"message", message}}}}.dump();
}

}  // namespace

TestCentre::TestCentre(const std::string& cert, const std::string& key,
                       const std::string& client_ca, int port)
    : server_(std::make_unique<httplib::SSLServer>(cert.c_str(), key.c_str(), client_ca.c_str())) {
  if (!server_->is_valid()) throw std::runtime_error("test centre: bad TLS material");
  // One connection carries a whole flush: no cap on requests per connection.
  server_->set_keep_alive_max_count(1000000);
  server_->set_keep_alive_timeout(30);
  Install();
  if (port == 0) {
    port_ = server_->bind_to_any_port("127.0.0.1");
  } else if (server_->bind_to_port("127.0.0.1", port)) {
    port_ = port;
  }
  if (port_ <= 0) throw std::runtime_error("test centre: cannot bind");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // Accepting starts once listen_after_bind runs; connections made before are queued by the
  // kernel anyway (the socket already listens), so waiting only avoids a racy stop().
  WaitUntil([this] { return server_->is_running(); }, std::chrono::seconds(5));
}

TestCentre::~TestCentre() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

void TestCentre::Install() {
  server_->Post(
      "/v1/submissions", [this](const httplib::Request& request, httplib::Response& response) {
        std::lock_guard lock(mutex_);
        ++posts_;
        if (!canned_.empty()) {
          CannedResponse canned = canned_.front();
          canned_.pop_front();
          response.status = canned.status;
          for (const auto& [name, value] : canned.headers) response.set_header(name, value);
          response.set_content(canned.body, canned.content_type.c_str());
          return;
        }

        std::string key = request.get_header_value("Idempotency-Key");
        nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
        if (body.is_discarded() || !body.is_object() || !body.contains("id")) {
          response.status = 400;
          response.set_content(ErrorBody("malformed_json", "not a submission"), "application/json");
          return;
        }
        if (!body["id"].is_string() || body["id"].get<std::string>() != key) {
          response.status = 400;
          response.set_content(ErrorBody("idempotency_key_mismatch", "key and id differ"),
                               "application/json");
          return;
        }
        auto existing = stored_.find(key);
        if (existing != stored_.end()) {
          if (existing->second.bytes != request.body) {
            ++conflicts_;
            response.status = 422;
            response.set_content(ErrorBody("idempotency_conflict", "other bytes for this id"),
                                 "application/json");
            return;
          }
        } else {
          const nlohmann::json& procedure = body["procedure"];
          if (procedure.is_object() && procedure.contains("id") && procedure["id"].is_string() &&
              procedure["id"].get<std::string>() == "unknown-procedure") {
            response.status = 422;
            response.set_content(ErrorBody("unknown_procedure", "no such procedure"),
                                 "application/json");
            return;
          }
          StoredSubmission stored{request.body, fmt::format("GU-2026-{:06d}", stored_.size() + 1),
                                  "2026-12-03T18:22:31Z"};
          existing = stored_.emplace(key, std::move(stored)).first;
        }
        response.status = 201;
        response.set_content(nlohmann::json{{"id", key},
                                            {"reference", existing->second.reference},
                                            {"received_at", existing->second.received_at}}
                                 .dump(),
                             "application/json");
      });

  server_->Post(
      "/v1/heartbeats", [this](const httplib::Request& request, httplib::Response& response) {
        std::lock_guard lock(mutex_);
        ++heartbeats_;
        last_heartbeat_ = request.body;
        response.set_content(R"({"server_time":"2026-12-03T18:22:31Z"})", "application/json");
      });

  server_->Get("/v1/catalog", [this](const httplib::Request& request, httplib::Response& response) {
    std::lock_guard lock(mutex_);
    if (catalog_.empty()) {
      response.status = 404;
      return;
    }
    if (request.get_header_value("If-None-Match") == catalog_etag_) {
      response.status = 304;
      return;
    }
    response.set_header("ETag", catalog_etag_);
    response.set_content(catalog_, "application/json");
  });
}

void TestCentre::QueueCanned(CannedResponse response) {
  std::lock_guard lock(mutex_);
  canned_.push_back(std::move(response));
}

void TestCentre::SetCatalog(std::string body, std::string etag) {
  std::lock_guard lock(mutex_);
  catalog_ = std::move(body);
  catalog_etag_ = std::move(etag);
}

std::map<std::string, StoredSubmission> TestCentre::Submissions() const {
  std::lock_guard lock(mutex_);
  return stored_;
}

int TestCentre::submission_posts() const {
  std::lock_guard lock(mutex_);
  return posts_;
}

int TestCentre::conflicts() const {
  std::lock_guard lock(mutex_);
  return conflicts_;
}

int TestCentre::heartbeats() const {
  std::lock_guard lock(mutex_);
  return heartbeats_;
}

std::string TestCentre::last_heartbeat() const {
  std::lock_guard lock(mutex_);
  return last_heartbeat_;
}

}  // namespace kiosk::testing
