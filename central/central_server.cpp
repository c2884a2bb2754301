#include "central/central_server.h"

#include <chrono>
#include <sstream>

#include <httplib.h>
#include <openssl/ssl.h>
#include <nlohmann/json.hpp>

#include "base/log.h"
#include "central/sqlite_store.h"
#include "central/time_text.h"

namespace kiosk::central {
namespace {

using nlohmann::json;
using SteadyTime = std::chrono::steady_clock::time_point;

constexpr auto kDeviceCertificateValidity = std::chrono::hours(24 * 730);

// Per-request facts for the access log. httplib runs the pre-routing handler, the route and
// the logger on the same worker thread, one request at a time.
thread_local SteadyTime request_start;
thread_local std::string request_kiosk;

void SendJson(httplib::Response& response, int status, const json& body) {
  response.status = status;
  response.set_content(body.dump(), "application/json");
}

void SendError(httplib::Response& response, int status, std::string_view code,
               std::string_view message, json extra = json::object()) {
  json error = {{"code", code}, {"message", message}};
  for (auto& [key, value] : extra.items()) error[key] = value;
  SendJson(response, status, {{"error", error}});
}

// A store failure the client can retry: nothing was acknowledged.
void SendStoreError(httplib::Response& response, const Status& status) {
  Log(Subsystem::kCentral).error("store: {}", status.ToString());
  response.set_header("Retry-After", "5");
  SendError(response, 503, "storage_unavailable", "the centre cannot store right now; retry");
}

bool IsLowerUuid(const std::string& text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// The handshake is let through whatever the client presents (or not): the verdict is kept
// in the session (SSL_get_verify_result) and each endpoint decides what it requires. A
// failed handshake would give the kiosk a TLS alert instead of a JSON error it can act on.
int AcceptAndRecord(int /*preverify_ok*/, X509_STORE_CTX* /*ctx*/) { return 1; }

bool MatchesEtag(const std::string& if_none_match, const std::string& etag) {
  if (if_none_match == "*") return true;
  std::stringstream tags(if_none_match);
  std::string tag;
  while (std::getline(tags, tag, ',')) {
    size_t begin = tag.find_first_not_of(' ');
    size_t end = tag.find_last_not_of(' ');
    if (begin == std::string::npos) continue;
    tag = tag.substr(begin, end - begin + 1);
    if (tag.rfind("W/", 0) == 0) tag = tag.substr(2);
    if (tag == etag) return true;
  }
  return false;
}

json SubmissionAnswer(const SubmissionRecord& record) {
  return {{"id", record.id}, {"reference", record.reference}, {"received_at", record.received_at}};
}

}  // namespace

StatusOr<std::unique_ptr<CentralServer>> CentralServer::Create(const ServerOptions& options) {
  DataDir data(options.data_dir);
  KIOSK_RETURN_IF_ERROR(data.CheckInitialised());
  KIOSK_ASSIGN_OR_RETURN(std::unique_ptr<SqliteStore> store, SqliteStore::Open(data.Database()));
  std::unique_ptr<CentralServer> server(new CentralServer(options, std::move(store)));
  KIOSK_ASSIGN_OR_RETURN(server->ca_, LoadCertificate(data.CaCertificate()));
  KIOSK_ASSIGN_OR_RETURN(server->ca_key_, LoadPrivateKey(data.CaKey()));
  KIOSK_ASSIGN_OR_RETURN(server->server_cert_, LoadCertificate(data.ServerCertificate()));
  KIOSK_ASSIGN_OR_RETURN(server->server_key_, LoadPrivateKey(data.ServerKey()));
  server->ca_pem_ = CertificatePem(server->ca_.get());
  KIOSK_RETURN_IF_ERROR(server->SetUpTls());
  server->Route();
  return server;
}

CentralServer::CentralServer(const ServerOptions& options, std::unique_ptr<CentralStore> store)
    : options_(options),
      data_(options.data_dir),
      store_(std::move(store)),
      checker_(std::make_unique<PublishedProcedureChecker>(data_.Procedures())),
      catalog_(data_.Catalog()) {}

CentralServer::~CentralServer() = default;

Status CentralServer::SetUpTls() {
  bool configured = false;
  http_ = std::make_unique<httplib::SSLServer>([this, &configured](SSL_CTX& ctx) {
    SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION);
    if (SSL_CTX_use_certificate(&ctx, server_cert_.get()) != 1 ||
        SSL_CTX_use_PrivateKey(&ctx, server_key_.get()) != 1 ||
        SSL_CTX_check_private_key(&ctx) != 1) {
      return false;
    }
    // The device CA is both the trust anchor for client certificates and the name sent in
    // the CertificateRequest, so a kiosk's TLS stack picks the right certificate.
    X509_STORE_add_cert(SSL_CTX_get_cert_store(&ctx), ca_.get());
    SSL_CTX_add_client_CA(&ctx, ca_.get());
    SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER | SSL_VERIFY_CLIENT_ONCE, AcceptAndRecord);
    // Resumed sessions keep the peer certificate; OpenSSL refuses resumption with client
    // verification unless the context has a session id context.
    static const unsigned char kSessionContext[] = "guichet-central";
    SSL_CTX_set_session_id_context(&ctx, kSessionContext, sizeof(kSessionContext) - 1);
    configured = true;
    return true;
  });
  if (!configured || !http_->is_valid()) {
    return FailedPreconditionError("TLS set-up failed: server certificate or key unusable");
  }
  return OkStatus();
}

void CentralServer::Route() {
  httplib::SSLServer& http = *http_;
  size_t threads = options_.threads;
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_payload_max_length(options_.max_body_bytes);
  // Kiosks keep one connection open and send many requests on it: closing after httplib's
  // default of 5 would cost a TLS handshake every five submissions.
  http.set_keep_alive_max_count(100000);
  // httplib writes the status line, headers and body separately: with Nagle's algorithm the
  // last write waits for the client's delayed ACK (about 40 ms on Linux) on every answer.
  http.set_tcp_nodelay(true);
  // httplib waits out this timeout on an idle kept-alive connection before a stop completes,
  // so it bounds how long a graceful stop takes; a busy kiosk sends well within it.
  http.set_keep_alive_timeout(2);
  http.set_read_timeout(10);
  http.set_write_timeout(10);

  http.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    request_start = std::chrono::steady_clock::now();
    request_kiosk.clear();
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // Called for every answer of 400 or more, ours included: fill in only those httplib made
  // itself (413 over the size limit, 404, 400 for a broken request line...).
  http.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request&, httplib::Response& response) {
        if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        switch (response.status) {
          case 413:
            SendError(response, 413, "body_too_large", "the request body is over the size limit");
            break;
          case 404:
            SendError(response, 404, "not_found", "no such endpoint");
            break;
          case 405:
            SendError(response, 405, "method_not_allowed", "method not allowed on this endpoint");
            break;
          default:
            SendError(response, response.status, "bad_request", "the request could not be read");
        }
        return httplib::Server::HandlerResponse::Handled;
      }));
  if (options_.access_log) {
    http.set_logger([](const httplib::Request& request, const httplib::Response& response) {
      double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                            request_start)
                      .count();
      // Never the body, the query string or a header value: only what identifies the call.
      Log(Subsystem::kCentral)
          .info("access kiosk={} method={} path={} status={} ms={:.2f}",
                request_kiosk.empty() ? "-" : request_kiosk, request.method, request.path,
                response.status, ms);
    });
  }

  http.Post("/v1/submissions",
            [this](const httplib::Request& q, httplib::Response& r) { HandleSubmission(q, r); });
  http.Get("/v1/catalog",
           [this](const httplib::Request& q, httplib::Response& r) { HandleCatalog(q, r); });
  http.Post("/v1/enrolments",
            [this](const httplib::Request& q, httplib::Response& r) { HandleEnrolment(q, r); });
  http.Post("/v1/enrolments/renew",
            [this](const httplib::Request& q, httplib::Response& r) { HandleRenewal(q, r); });
  http.Post("/v1/heartbeats",
            [this](const httplib::Request& q, httplib::Response& r) { HandleHeartbeat(q, r); });
  http.Get("/v1/health",
           [this](const httplib::Request& q, httplib::Response& r) { HandleHealth(q, r); });
}

Status CentralServer::Bind() {
  if (!http_->bind_to_port(options_.host, options_.port)) {
    return UnavailableError("cannot listen on " + options_.host + ":" +
                            std::to_string(options_.port));
  }
  Log(Subsystem::kCentral).info("listening on https://{}:{}", options_.host, options_.port);
  return OkStatus();
}

Status CentralServer::Run() {
  if (!http_->listen_after_bind()) return UnavailableError("the listening socket failed");
  Log(Subsystem::kCentral).info("stopped: every in-flight request was answered");
  return OkStatus();
}

void CentralServer::Stop() { http_->stop(); }

std::string CentralServer::AuthenticateKiosk(const httplib::Request& request,
                                             httplib::Response& response, UniqueCert* accepted) {
  X509* peer = request.ssl == nullptr ? nullptr : SSL_get1_peer_certificate(request.ssl);
  if (peer == nullptr) {
    SendError(response, 401, "client_certificate_required",
              "this endpoint needs the kiosk's client certificate (enrol first)");
    return "";
  }
  UniqueCert certificate(peer);
  long verified = SSL_get_verify_result(request.ssl);
  if (verified != X509_V_OK) {
    SendError(response, 401, "client_certificate_invalid",
              std::string("the client certificate was not issued by this centre or is not "
                          "valid now: ") +
                  X509_verify_cert_error_string(verified));
    return "";
  }

  std::string kiosk_id = CommonName(certificate.get());
  request_kiosk = kiosk_id;
  auto kiosk = store_->FindKiosk(kiosk_id);
  if (!kiosk.ok() && kiosk.status().code() != StatusCode::kNotFound) {
    SendStoreError(response, kiosk.status());
    return "";
  }
  // One answer for "revoked", "never enrolled here" and "replaced by a newer certificate":
  // in every case the kiosk must stop and a technician must enrol it again.
  if (!kiosk.ok()) {
    SendError(response, 403, "kiosk_revoked", "this kiosk is not enrolled at this centre");
    return "";
  }
  if (kiosk->revoked_at) {
    SendError(response, 403, "kiosk_revoked", "this kiosk was revoked on " + *kiosk->revoked_at);
    return "";
  }
  if (kiosk->certificate_serial != SerialHex(certificate.get())) {
    SendError(response, 403, "kiosk_revoked",
              "this certificate was replaced by a newer enrolment or renewal of the kiosk");
    return "";
  }
  if (accepted != nullptr) *accepted = std::move(certificate);
  return kiosk_id;
}

void CentralServer::HandleSubmission(const httplib::Request& request, httplib::Response& response) {
  std::string kiosk_id = AuthenticateKiosk(request, response);
  if (kiosk_id.empty()) return;

  std::string key = request.get_header_value("Idempotency-Key");
  if (key.empty()) {
    SendError(response, 400, "idempotency_key_missing",
              "the Idempotency-Key header must carry the submission id");
    return;
  }
  json submission = json::parse(request.body, nullptr, false);
  if (submission.is_discarded() || !submission.is_object()) {
    SendError(response, 400, "malformed_json", "the body is not a JSON object");
    return;
  }
  auto id = submission.find("id");
  auto procedure = submission.find("procedure");
  if (id == submission.end() || !id->is_string() || procedure == submission.end() ||
      !procedure->is_object() || !procedure->contains("id") || !(*procedure)["id"].is_string() ||
      !procedure->contains("version") || !(*procedure)["version"].is_number_integer()) {
    SendError(response, 400, "malformed_json",
              "a submission needs a string `id` and `procedure` {`id`, integer `version`}");
    return;
  }
  if (id->get<std::string>() != key || !IsLowerUuid(key)) {
    SendError(response, 400, "idempotency_key_mismatch",
              "Idempotency-Key must be the submission's `id`, a lower-case UUID");
    return;
  }

  NewSubmission record;
  record.id = key;
  record.kiosk_id = kiosk_id;
  record.procedure_id = (*procedure)["id"].get<std::string>();
  record.procedure_version = (*procedure)["version"].get<int64_t>();
  record.body_sha256 = HexEncode(Sha256(request.body));
  record.received_at = std::chrono::system_clock::now();

  // A replay is answered from the store before validation: a submission accepted once
  // stays accepted even if its procedure has since been withdrawn from the catalog.
  auto existing = store_->FindSubmission(key, false);
  if (existing.ok()) {
    if (existing->body_sha256 == record.body_sha256) {
      SendJson(response, 201, SubmissionAnswer(*existing));
    } else {
      SendError(response, 422, "idempotency_conflict",
                "a different submission was already stored under this id",
                {{"reference", existing->reference}});
    }
    return;
  }
  if (existing.status().code() != StatusCode::kNotFound) {
    SendStoreError(response, existing.status());
    return;
  }

  CheckResult check =
      checker_->Check(record.procedure_id, record.procedure_version, submission, request.body);
  if (check.verdict == CheckResult::Verdict::kUnknownProcedure) {
    SendError(response, 422, "unknown_procedure", check.message);
    return;
  }
  if (check.verdict == CheckResult::Verdict::kInvalidAnswers) {
    json fields = json::array();
    for (const FieldError& field : check.fields) {
      fields.push_back({{"question", field.question}, {"message", field.message}});
    }
    SendError(response, 422, "invalid_answers", check.message, {{"fields", fields}});
    return;
  }

  record.body = request.body;
  auto stored = store_->InsertSubmission(std::move(record));
  if (!stored.ok()) {
    SendStoreError(response, stored.status());
    return;
  }
  if (stored->outcome == InsertOutcome::kConflict) {
    SendError(response, 422, "idempotency_conflict",
              "a different submission was already stored under this id",
              {{"reference", stored->record.reference}});
    return;
  }
  SendJson(response, 201, SubmissionAnswer(stored->record));
}

void CentralServer::HandleCatalog(const httplib::Request& request, httplib::Response& response) {
  if (AuthenticateKiosk(request, response).empty()) return;
  auto catalog = catalog_.Current();
  if (!catalog.ok()) {
    response.set_header("Retry-After", "60");
    SendError(response, 503, "catalog_unavailable", catalog.status().message());
    return;
  }
  response.set_header("ETag", catalog->etag);
  response.set_header("Cache-Control", "no-cache");
  if (request.has_header("If-None-Match") &&
      MatchesEtag(request.get_header_value("If-None-Match"), catalog->etag)) {
    response.status = 304;
    return;
  }
  response.status = 200;
  response.set_content(*catalog->bytes, "application/json");
}

std::optional<UniqueCert> CentralServer::IssueFor(httplib::Response& response, EVP_PKEY* key,
                                                  const std::string& kiosk_id) {
  auto certificate =
      IssueDeviceCertificate(ca_.get(), ca_key_.get(), key, kiosk_id, kDeviceCertificateValidity);
  if (!certificate.ok()) {
    Log(Subsystem::kCentral).error("issuing a certificate: {}", certificate.status().ToString());
    SendError(response, 500, "internal", "the certificate could not be issued");
    return std::nullopt;
  }
  return std::move(certificate).value();
}

void CentralServer::SendIssued(httplib::Response& response, const std::string& kiosk_id,
                               X509* certificate) {
  SendJson(response, 201,
           {{"kiosk_id", kiosk_id},
            {"certificate", CertificatePem(certificate)},
            {"ca_certificate", ca_pem_}});
}

void CentralServer::HandleEnrolment(const httplib::Request& request, httplib::Response& response) {
  json body = json::parse(request.body, nullptr, false);
  if (!body.is_object() || !body.contains("token") || !body["token"].is_string() ||
      !body.contains("csr") || !body["csr"].is_string()) {
    SendError(response, 400, "malformed_request",
              "the body must be a JSON object with string `token` and `csr` (PEM)");
    return;
  }
  // The CSR is checked before the token is spent, so a broken CSR does not burn a token.
  auto public_key = PublicKeyFromCsr(body["csr"].get<std::string>());
  if (!public_key.ok()) {
    SendError(response, 422, "invalid_csr", public_key.status().message());
    return;
  }

  auto now = std::chrono::system_clock::now();
  std::string kiosk_id;
  auto redeemed =
      store_->RedeemToken(HexEncode(Sha256(body["token"].get<std::string>())), now, &kiosk_id);
  if (!redeemed.ok()) {
    SendStoreError(response, redeemed.status());
    return;
  }
  switch (*redeemed) {
    case TokenRedemption::kUnknown:
      SendError(response, 401, "token_unknown", "this enrolment token is not known here");
      return;
    case TokenRedemption::kUsed:
      SendError(response, 409, "token_used", "this enrolment token was already used");
      return;
    case TokenRedemption::kExpired:
      SendError(response, 410, "token_expired", "this enrolment token has expired");
      return;
    case TokenRedemption::kRedeemed:
      break;
  }
  request_kiosk = kiosk_id;

  auto certificate = IssueFor(response, public_key->get(), kiosk_id);
  if (!certificate) return;
  Status recorded = store_->RecordEnrolment(kiosk_id, SerialHex(certificate->get()), now);
  if (!recorded.ok()) {
    SendStoreError(response, recorded);
    return;
  }
  Log(Subsystem::kCentral).info("kiosk {} enrolled", kiosk_id);
  SendIssued(response, kiosk_id, certificate->get());
}

void CentralServer::HandleRenewal(const httplib::Request& request, httplib::Response& response) {
  // The current certificate authenticates, with the same checks as every kiosk call: an
  // expired, foreign, superseded or revoked one cannot renew (a new enrolment is needed).
  UniqueCert current;
  std::string kiosk_id = AuthenticateKiosk(request, response, &current);
  if (kiosk_id.empty()) return;

  json body = json::parse(request.body, nullptr, false);
  if (!body.is_object() || !body.contains("csr") || !body["csr"].is_string()) {
    SendError(response, 400, "malformed_request",
              "the body must be a JSON object with a string `csr` (PEM)");
    return;
  }
  std::string csr_name;
  auto public_key = PublicKeyFromCsr(body["csr"].get<std::string>(), &csr_name);
  if (!public_key.ok()) {
    SendError(response, 422, "invalid_csr", public_key.status().message());
    return;
  }
  // The kiosk is the one the certificate names; a CSR naming another is a mistake or an
  // attempt to take over another kiosk's identity.
  if (csr_name != kiosk_id) {
    SendError(response, 422, "invalid_csr",
              "the CSR's common name must be the kiosk id of the client certificate");
    return;
  }
  if (EVP_PKEY_eq(public_key->get(), X509_get0_pubkey(current.get())) == 1) {
    SendError(response, 422, "invalid_csr", "a renewal needs a new key, not the current one");
    return;
  }

  auto certificate = IssueFor(response, public_key->get(), kiosk_id);
  if (!certificate) return;
  // From this commit on, only the new certificate is accepted for this kiosk.
  auto recorded =
      store_->RecordRenewal(kiosk_id, SerialHex(current.get()), SerialHex(certificate->get()));
  if (!recorded.ok()) {
    SendStoreError(response, recorded.status());
    return;
  }
  if (!*recorded) {
    SendError(response, 403, "kiosk_revoked",
              "this kiosk was revoked, or its certificate replaced, while renewing");
    return;
  }
  Log(Subsystem::kCentral).info("kiosk {} renewed its certificate", kiosk_id);
  SendIssued(response, kiosk_id, certificate->get());
}

void CentralServer::HandleHeartbeat(const httplib::Request& request, httplib::Response& response) {
  std::string kiosk_id = AuthenticateKiosk(request, response);
  if (kiosk_id.empty()) return;
  json state = json::parse(request.body, nullptr, false);
  if (!state.is_object()) {
    SendError(response, 400, "malformed_json", "the body is not a JSON object");
    return;
  }
  static const std::pair<const char*, json::value_t> kRequired[] = {
      {"software_version", json::value_t::string},
      {"queue_depth", json::value_t::number_integer},
      {"clock", json::value_t::string},
  };
  for (const auto& [name, type] : kRequired) {
    auto field = state.find(name);
    bool integer_ok =
        type == json::value_t::number_integer && field != state.end() && field->is_number_integer();
    if (field == state.end() || (field->type() != type && !integer_ok)) {
      SendError(response, 400, "malformed_json",
                std::string("heartbeat field `") + name + "` is missing or of the wrong type");
      return;
    }
  }
  auto now = std::chrono::system_clock::now();
  Status recorded = store_->RecordHeartbeat(kiosk_id, state.dump(), now);
  if (!recorded.ok()) {
    SendStoreError(response, recorded);
    return;
  }
  SendJson(response, 200, {{"server_time", Rfc3339(now)}});
}

void CentralServer::HandleHealth(const httplib::Request&, httplib::Response& response) {
  SendJson(response, 200,
           {{"status", "ok"}, {"server_time", Rfc3339(std::chrono::system_clock::now())}});
}

}  // namespace kiosk::central
