// The HTTPS API of the centre (docs/openapi.yaml, docs/sync-api.md).
//
// TLS 1.2 or later only. The server asks every client for a certificate but lets the TLS
// handshake finish without one, so that enrolment and health work for a kiosk that has no
// certificate yet; each kiosk endpoint then checks that a certificate was presented, that it
// chains to the device CA, and that the kiosk it names is enrolled with that certificate and
// not revoked.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "base/status.h"
#include "central/catalog.h"
#include "central/central_store.h"
#include "central/data_dir.h"
#include "central/pki.h"
#include "central/submission_checker.h"

namespace httplib {
class SSLServer;
struct Request;
struct Response;
}  // namespace httplib

namespace kiosk::central {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8443;
  std::string data_dir;
  size_t max_body_bytes = 512 * 1024;
  size_t threads = 16;  // request threads; one per kept-alive connection in use
  bool access_log = true;
};

class CentralServer {
 public:
  // Loads the keys and certificates, opens the store. Errors: kFailedPrecondition when the
  // data folder is not initialised.
  static StatusOr<std::unique_ptr<CentralServer>> Create(const ServerOptions& options);
  ~CentralServer();

  // Binds the listening socket. Errors: kUnavailable when the address is taken.
  Status Bind();
  // Serves until Stop(); returns once every in-flight request has been answered.
  Status Run();
  // Thread-safe, callable from a signal-watching thread.
  void Stop();

 private:
  CentralServer(const ServerOptions& options, std::unique_ptr<CentralStore> store);
  Status SetUpTls();
  void Route();

  // Returns the authenticated kiosk id, or writes the error answer and returns "". When
  // `accepted` is given it receives the client certificate it accepted.
  std::string AuthenticateKiosk(const httplib::Request& request, httplib::Response& response,
                                UniqueCert* accepted = nullptr);

  void HandleSubmission(const httplib::Request& request, httplib::Response& response);
  void HandleCatalog(const httplib::Request& request, httplib::Response& response);
  void HandleEnrolment(const httplib::Request& request, httplib::Response& response);
  void HandleRenewal(const httplib::Request& request, httplib::Response& response);
  // Enrolment and renewal: a device certificate for `key` naming `kiosk_id` (on failure the
  // 500 answer is written and nullopt returned), and the 201 that hands it over.
  std::optional<UniqueCert> IssueFor(httplib::Response& response, EVP_PKEY* key,
                                     const std::string& kiosk_id);
  void SendIssued(httplib::Response& response, const std::string& kiosk_id, X509* certificate);
  void HandleHeartbeat(const httplib::Request& request, httplib::Response& response);
  void HandleHealth(const httplib::Request& request, httplib::Response& response);

  ServerOptions options_;
  DataDir data_;
  std::unique_ptr<CentralStore> store_;
  std::unique_ptr<SubmissionChecker> checker_;
  ServedCatalog catalog_;
  UniqueCert ca_;
  UniqueKey ca_key_;
  std::string ca_pem_;
  UniqueCert server_cert_;
  UniqueKey server_key_;
  std::unique_ptr<httplib::SSLServer> http_;
};

}  // namespace kiosk::central
