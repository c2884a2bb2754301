// The HTTPS API of guichet-central, exercised over real mutual TLS on loopback against a
// private server process.
#include "central/central_server.h"

#include <signal.h>

#include <gtest/gtest.h>

#include "kiosk/procedure/catalog.h"
#include "tests/central/central_instance.h"

namespace kiosk::central {
namespace {

using nlohmann::json;
using testing::CentralInstance;
using testing::ErrorCode;
using testing::KioskCredentials;
using testing::NewUuid;
using testing::RawSubmissionBody;
using testing::SubmissionBody;
using testing::ValidAnswers;

// One server for the whole suite: starting one costs a key generation and a process.
class CentralServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    central_ =
        new CentralInstance({CentralInstance::DefaultProcedure()}, {"--max-body-bytes", "65536"});
    ASSERT_TRUE(central_->Start()) << central_->log();
    auto kiosk = central_->Enrol("mairie-test-01");
    ASSERT_TRUE(kiosk.has_value());
    kiosk_ = new KioskCredentials(std::move(*kiosk));
  }
  static void TearDownTestSuite() {
    delete kiosk_;
    kiosk_ = nullptr;
    delete central_;
    central_ = nullptr;
  }

  httplib::Result Submit(const std::string& key, const std::string& body,
                         const KioskCredentials* kiosk = kiosk_) {
    auto client = central_->Client(kiosk);
    return client->Post("/v1/submissions", {{"Idempotency-Key", key}}, body, "application/json");
  }

  httplib::Result Heartbeat(const KioskCredentials* kiosk) {
    return central_->Client(kiosk)->Post(
        "/v1/heartbeats",
        R"({"software_version":"0.1.0","queue_depth":0,"clock":"2026-12-03T10:00:00Z"})",
        "application/json");
  }

  httplib::Result Renew(const KioskCredentials* kiosk, const std::string& body) {
    return central_->Client(kiosk)->Post("/v1/enrolments/renew", body, "application/json");
  }

  // The body of a renewal: a CSR for `key` naming `common_name`.
  static std::string RenewalBody(EVP_PKEY* key, const std::string& common_name) {
    return json({{"csr", *MakeCsrPem(key, common_name)}}).dump();
  }

  // Credentials for the fixture's kiosk id, signed by a CA the centre does not know.
  static KioskCredentials RogueCredentials() {
    auto ca_key = GenerateEcKey();
    auto rogue_ca = MakeCaCertificate(ca_key->get(), "rogue", std::chrono::hours(24));
    auto kiosk_key = GenerateEcKey();
    KioskCredentials rogue;
    rogue.kiosk_id = kiosk_->kiosk_id;
    rogue.certificate =
        std::move(*IssueDeviceCertificate(rogue_ca->get(), ca_key->get(), kiosk_key->get(),
                                          kiosk_->kiosk_id, std::chrono::hours(24)));
    rogue.key = std::move(*kiosk_key);
    return rogue;
  }

  static CentralInstance* central_;
  static KioskCredentials* kiosk_;
};

CentralInstance* CentralServerTest::central_ = nullptr;
KioskCredentials* CentralServerTest::kiosk_ = nullptr;

TEST_F(CentralServerTest, HealthAnswersWithoutAClientCertificate) {
  auto result = central_->Client()->Get("/v1/health");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  json body = json::parse(result->body);
  EXPECT_EQ(body["status"], "ok");
  EXPECT_TRUE(body["server_time"].is_string());
}

TEST_F(CentralServerTest, EnrolmentIssuesACertificateForTheTokensKiosk) {
  ASSERT_NE(kiosk_, nullptr);
  EXPECT_EQ(kiosk_->kiosk_id, "mairie-test-01");
  EXPECT_EQ(CommonName(kiosk_->certificate.get()), "mairie-test-01");
  auto ca = LoadCertificate(central_->data_dir() + "/ca.pem");
  ASSERT_TRUE(ca.ok());
  EXPECT_EQ(X509_verify(kiosk_->certificate.get(), X509_get0_pubkey(ca->get())), 1);
}

TEST_F(CentralServerTest, EnrolmentRefusesAUsedToken) {
  std::string token = central_->CreateToken("mairie-reuse");
  auto key = GenerateEcKey();
  std::string csr = *MakeCsrPem(key->get(), "x");
  std::string body = json({{"token", token}, {"csr", csr}}).dump();
  auto first = central_->Client()->Post("/v1/enrolments", body, "application/json");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 201);
  auto second = central_->Client()->Post("/v1/enrolments", body, "application/json");
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 409);
  EXPECT_EQ(ErrorCode(second), "token_used");
}

TEST_F(CentralServerTest, EnrolmentRefusesAnExpiredToken) {
  std::string token = central_->CreateToken("mairie-late", 0);
  auto key = GenerateEcKey();
  std::string body = json({{"token", token}, {"csr", *MakeCsrPem(key->get(), "x")}}).dump();
  auto result = central_->Client()->Post("/v1/enrolments", body, "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 410);
  EXPECT_EQ(ErrorCode(result), "token_expired");
}

TEST_F(CentralServerTest, EnrolmentRefusesAnUnknownToken) {
  auto key = GenerateEcKey();
  std::string body = json({{"token", "not-a-token"}, {"csr", *MakeCsrPem(key->get(), "x")}}).dump();
  auto result = central_->Client()->Post("/v1/enrolments", body, "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 401);
  EXPECT_EQ(ErrorCode(result), "token_unknown");
}

TEST_F(CentralServerTest, EnrolmentRefusesABrokenCsrWithoutSpendingTheToken) {
  std::string token = central_->CreateToken("mairie-csr");
  std::string bad =
      json({{"token", token}, {"csr", "-----BEGIN CERTIFICATE REQUEST-----\n"}}).dump();
  auto result = central_->Client()->Post("/v1/enrolments", bad, "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 422);
  EXPECT_EQ(ErrorCode(result), "invalid_csr");

  auto key = GenerateEcKey();
  std::string good = json({{"token", token}, {"csr", *MakeCsrPem(key->get(), "x")}}).dump();
  auto retry = central_->Client()->Post("/v1/enrolments", good, "application/json");
  ASSERT_TRUE(retry);
  EXPECT_EQ(retry->status, 201);
}

TEST_F(CentralServerTest, RenewalIssuesANewCertificateAndTheOldOneIsRefusedFromThenOn) {
  auto old = central_->Enrol("mairie-renew");
  ASSERT_TRUE(old.has_value());
  auto new_key = GenerateEcKey();
  ASSERT_TRUE(new_key.ok());
  auto result = Renew(&*old, RenewalBody(new_key->get(), "mairie-renew"));
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 201) << result->body;

  // Same shape as an enrolment: the kiosk id, a certificate for the new key, the device CA.
  json answer = json::parse(result->body);
  EXPECT_EQ(answer["kiosk_id"], "mairie-renew");
  EXPECT_EQ(answer["ca_certificate"], kiosk::testing::ReadFile(central_->data_dir() + "/ca.pem"));
  auto certificate = ParseCertificatePem(answer["certificate"].get<std::string>());
  ASSERT_TRUE(certificate.ok()) << certificate.status().ToString();
  EXPECT_EQ(CommonName(certificate->get()), "mairie-renew");
  EXPECT_EQ(X509_check_private_key(certificate->get(), new_key->get()), 1);
  EXPECT_NE(SerialHex(certificate->get()), SerialHex(old->certificate.get()));
  auto ca = LoadCertificate(central_->data_dir() + "/ca.pem");
  ASSERT_TRUE(ca.ok());
  EXPECT_EQ(X509_verify(certificate->get(), X509_get0_pubkey(ca->get())), 1);

  KioskCredentials renewed;
  renewed.kiosk_id = "mairie-renew";
  renewed.certificate = std::move(*certificate);
  renewed.key = std::move(*new_key);
  auto heartbeat = Heartbeat(&renewed);
  ASSERT_TRUE(heartbeat);
  EXPECT_EQ(heartbeat->status, 200) << heartbeat->body;
  std::string id = NewUuid();
  auto submitted = Submit(id, SubmissionBody(id, "mairie-renew", ValidAnswers()), &renewed);
  ASSERT_TRUE(submitted);
  EXPECT_EQ(submitted->status, 201) << submitted->body;

  // The store knows the new serial (and still the first enrolment's date).
  json kiosks = json::parse(central_->Admin({"--json", "kiosks", "list"}).out, nullptr, false);
  ASSERT_TRUE(kiosks.is_object());
  bool listed = false;
  for (const json& k : kiosks["kiosks"]) {
    if (k["kiosk_id"] != "mairie-renew") continue;
    listed = true;
    EXPECT_EQ(k["certificate_serial"], SerialHex(renewed.certificate.get()));
    EXPECT_TRUE(k["revoked_at"].is_null());
  }
  EXPECT_TRUE(listed);

  // The old certificate is superseded, for every call, renewal included.
  auto old_heartbeat = Heartbeat(&*old);
  ASSERT_TRUE(old_heartbeat);
  EXPECT_EQ(old_heartbeat->status, 403);
  EXPECT_EQ(ErrorCode(old_heartbeat), "kiosk_revoked");
  std::string old_id = NewUuid();
  auto old_submission =
      Submit(old_id, SubmissionBody(old_id, "mairie-renew", ValidAnswers()), &*old);
  ASSERT_TRUE(old_submission);
  EXPECT_EQ(old_submission->status, 403);
  EXPECT_EQ(ErrorCode(old_submission), "kiosk_revoked");
  auto other_key = GenerateEcKey();
  auto again = Renew(&*old, RenewalBody(other_key->get(), "mairie-renew"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 403);
  EXPECT_EQ(ErrorCode(again), "kiosk_revoked");

  // The access log names the kiosk and the call, never the CSR.
  std::string log = central_->log();
  EXPECT_NE(log.find("access kiosk=mairie-renew method=POST path=/v1/enrolments/renew status=201"),
            std::string::npos)
      << log;
  EXPECT_EQ(log.find("CERTIFICATE REQUEST"), std::string::npos);
}

TEST_F(CentralServerTest, RenewalNeedsAClientCertificate) {
  auto key = GenerateEcKey();
  auto result = Renew(nullptr, RenewalBody(key->get(), "mairie-test-01"));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 401);
  EXPECT_EQ(ErrorCode(result), "client_certificate_required");
}

TEST_F(CentralServerTest, RenewalRefusesACertificateFromAnotherCa) {
  KioskCredentials rogue = RogueCredentials();
  auto new_key = GenerateEcKey();
  auto result = Renew(&rogue, RenewalBody(new_key->get(), kiosk_->kiosk_id));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 401);
  EXPECT_EQ(ErrorCode(result), "client_certificate_invalid");
}

TEST_F(CentralServerTest, RenewalOfARevokedKioskIsRefusedAndDoesNotLiftTheRevocation) {
  auto kiosk = central_->Enrol("mairie-renew-revoked");
  ASSERT_TRUE(kiosk.has_value());
  ASSERT_EQ(central_->Admin({"kiosks", "revoke", "mairie-renew-revoked"}).exit_code, 0);
  auto key = GenerateEcKey();
  auto result = Renew(&*kiosk, RenewalBody(key->get(), "mairie-renew-revoked"));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 403);
  EXPECT_EQ(ErrorCode(result), "kiosk_revoked");
  auto listed = central_->Admin({"--json", "kiosks", "list"});
  json kiosks = json::parse(listed.out, nullptr, false);
  ASSERT_TRUE(kiosks.is_object()) << listed.out;
  bool found = false;
  for (const json& k : kiosks["kiosks"]) {
    if (k["kiosk_id"] != "mairie-renew-revoked") continue;
    found = true;
    EXPECT_FALSE(k["revoked_at"].is_null()) << k.dump();
  }
  EXPECT_TRUE(found) << listed.out;
}

TEST_F(CentralServerTest, RenewalRefusesACsrNamingAnotherKiosk) {
  auto kiosk = central_->Enrol("mairie-renew-name");
  ASSERT_TRUE(kiosk.has_value());
  auto key = GenerateEcKey();
  auto result = Renew(&*kiosk, RenewalBody(key->get(), "mairie-test-01"));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 422);
  EXPECT_EQ(ErrorCode(result), "invalid_csr");
  // Nothing changed: the current certificate still works.
  auto heartbeat = Heartbeat(&*kiosk);
  ASSERT_TRUE(heartbeat);
  EXPECT_EQ(heartbeat->status, 200);
}

TEST_F(CentralServerTest, RenewalRefusesTheCurrentKey) {
  auto kiosk = central_->Enrol("mairie-renew-key");
  ASSERT_TRUE(kiosk.has_value());
  auto result = Renew(&*kiosk, RenewalBody(kiosk->key.get(), "mairie-renew-key"));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 422);
  EXPECT_EQ(ErrorCode(result), "invalid_csr");
  auto heartbeat = Heartbeat(&*kiosk);
  ASSERT_TRUE(heartbeat);
  EXPECT_EQ(heartbeat->status, 200);
}

TEST_F(CentralServerTest, RenewalRefusesAMalformedBody) {
  auto kiosk = central_->Enrol("mairie-renew-body");
  ASSERT_TRUE(kiosk.has_value());
  for (const std::string& body : {std::string("{\"csr\": "), std::string("[]"),
                                  std::string(R"({"csr": 5})"), std::string(R"({"token": "x"})")}) {
    auto result = Renew(&*kiosk, body);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 400) << body;
    EXPECT_EQ(ErrorCode(result), "malformed_request") << body;
  }
  auto broken = Renew(&*kiosk, json({{"csr", "-----BEGIN CERTIFICATE REQUEST-----\n"}}).dump());
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->status, 422);
  EXPECT_EQ(ErrorCode(broken), "invalid_csr");
  auto heartbeat = Heartbeat(&*kiosk);
  ASSERT_TRUE(heartbeat);
  EXPECT_EQ(heartbeat->status, 200);
}

TEST_F(CentralServerTest, FirstSubmissionIsStoredWithAReference) {
  std::string id = NewUuid();
  auto result =
      Submit(id, SubmissionBody(id, kiosk_->kiosk_id, ValidAnswers("Nid de poule ERIKSSON")));
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 201) << result->body;
  json body = json::parse(result->body);
  EXPECT_EQ(body["id"], id);
  EXPECT_EQ(body["reference"].get<std::string>().rfind("GU-20", 0), 0u);
  EXPECT_TRUE(body["received_at"].is_string());

  auto shown = central_->Admin({"--json", "submissions", "show", id});
  EXPECT_EQ(shown.exit_code, 0);
  EXPECT_EQ(json::parse(shown.out)["reference"], body["reference"]);
  EXPECT_EQ(shown.out.find("ERIKSSON"), std::string::npos) << "answers shown without --reveal";
}

TEST_F(CentralServerTest, ReplayOfTheSameBytesGetsTheSameAnswer) {
  std::string id = NewUuid();
  std::string body = SubmissionBody(id, kiosk_->kiosk_id, ValidAnswers("Nid de poule ERIKSSON"));
  auto first = Submit(id, body);
  auto second = Submit(id, body);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->status, 201);
  EXPECT_EQ(second->status, 201);
  EXPECT_EQ(first->body, second->body);

  auto listed = central_->Admin({"--json", "submissions", "list"});
  json submissions = json::parse(listed.out)["submissions"];
  size_t copies = 0;
  for (const json& s : submissions) copies += s["id"] == id;
  EXPECT_EQ(copies, 1u);
}

TEST_F(CentralServerTest, ReplayWithOtherBytesIsAConflict) {
  std::string id = NewUuid();
  ASSERT_EQ(Submit(id, SubmissionBody(id, kiosk_->kiosk_id, ValidAnswers()))->status, 201);
  auto result =
      Submit(id, SubmissionBody(id, kiosk_->kiosk_id, ValidAnswers("Un autre nid de poule")));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 422);
  EXPECT_EQ(ErrorCode(result), "idempotency_conflict");
}

TEST_F(CentralServerTest, RevokedKioskIsRefused) {
  auto other = central_->Enrol("mairie-revoked");
  ASSERT_TRUE(other.has_value());
  auto before = central_->Client(&*other)->Post(
      "/v1/heartbeats",
      R"({"software_version":"0.1.0","queue_depth":0,"clock":"2026-12-03T10:00:00Z"})",
      "application/json");
  ASSERT_TRUE(before);
  EXPECT_EQ(before->status, 200);

  EXPECT_EQ(central_->Admin({"kiosks", "revoke", "mairie-revoked"}).exit_code, 0);
  std::string id = NewUuid();
  auto result = Submit(id, SubmissionBody(id, "mairie-revoked", ValidAnswers()), &*other);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 403);
  EXPECT_EQ(ErrorCode(result), "kiosk_revoked");
}

TEST_F(CentralServerTest, SubmissionWithoutClientCertificateIsRefused) {
  std::string id = NewUuid();
  auto result = Submit(id, SubmissionBody(id, "nobody", ValidAnswers()), nullptr);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 401);
  EXPECT_EQ(ErrorCode(result), "client_certificate_required");
}

TEST_F(CentralServerTest, CertificateFromAnotherCaIsRefused) {
  KioskCredentials rogue = RogueCredentials();
  std::string id = NewUuid();
  auto result = Submit(id, SubmissionBody(id, rogue.kiosk_id, ValidAnswers()), &rogue);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 401);
  EXPECT_EQ(ErrorCode(result), "client_certificate_invalid");
}

TEST_F(CentralServerTest, BodyOverTheLimitIsRefused) {
  std::string id = NewUuid();
  std::string body = RawSubmissionBody(
      id, kiosk_->kiosk_id, {{"description", std::string(70000, 'a')}}, "signalement-voirie", 1);
  auto result = Submit(id, body);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 413);
  EXPECT_EQ(ErrorCode(result), "body_too_large");
}

TEST_F(CentralServerTest, MalformedJsonIsRefused) {
  std::string id = NewUuid();
  auto result = Submit(id, "{\"id\": \"" + id + "\", ");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 400);
  EXPECT_EQ(ErrorCode(result), "malformed_json");
}

TEST_F(CentralServerTest, NonCanonicalBytesAreInvalid) {
  std::string id = NewUuid();
  std::string body = SubmissionBody(id, kiosk_->kiosk_id, ValidAnswers());
  auto result = Submit(id, json::parse(body).dump(2));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 422);
  EXPECT_EQ(ErrorCode(result), "invalid_answers");
}

TEST_F(CentralServerTest, KeyOtherThanTheSubmissionIdIsRefused) {
  std::string id = NewUuid();
  auto result = Submit(NewUuid(), SubmissionBody(id, kiosk_->kiosk_id, ValidAnswers()));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 400);
  EXPECT_EQ(ErrorCode(result), "idempotency_key_mismatch");
}

TEST_F(CentralServerTest, UnknownProcedureIsRefused) {
  std::string id = NewUuid();
  auto result = Submit(id, RawSubmissionBody(id, kiosk_->kiosk_id, ValidAnswers(), "permis-x", 1));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 422);
  EXPECT_EQ(ErrorCode(result), "unknown_procedure");
}

TEST_F(CentralServerTest, InvalidAnswersAreRefusedWithTheirFields) {
  std::string id = NewUuid();
  // Too short a description: the kiosk would have refused it; a tampered or buggy kiosk
  // sent it anyway.
  auto result = Submit(id, SubmissionBody(id, kiosk_->kiosk_id, ValidAnswers("court")));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 422);
  EXPECT_EQ(ErrorCode(result), "invalid_answers");
  json fields = json::parse(result->body)["error"]["fields"];
  ASSERT_EQ(fields.size(), 1u) << result->body;
  EXPECT_EQ(fields[0]["question"], "description");
}

TEST_F(CentralServerTest, CatalogIsSignedAndHonoursIfNoneMatch) {
  auto client = central_->Client(kiosk_);
  auto result = client->Get("/v1/catalog");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200);
  std::string etag = result->get_header_value("ETag");
  EXPECT_FALSE(etag.empty());

  std::string public_pem = kiosk::testing::ReadFile(central_->data_dir() + "/catalog-signing.pub");
  auto catalog = procedure::VerifyCatalog(result->body, public_pem);
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  ASSERT_EQ(catalog->procedures.size(), 1u);
  EXPECT_EQ(catalog->procedures[0].id, "signalement-voirie");

  auto again = client->Get("/v1/catalog", {{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
}

TEST_F(CentralServerTest, CatalogNeedsAClientCertificate) {
  auto result = central_->Client()->Get("/v1/catalog");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 401);
}

TEST_F(CentralServerTest, HeartbeatAnswersServerTimeAndIsListed) {
  auto result = central_->Client(kiosk_)->Post(
      "/v1/heartbeats",
      R"({"software_version":"0.1.0","queue_depth":3,"oldest_unsent_age_s":120,)"
      R"("printer":{"state":"ok"},"reader":{"state":"no_reader"},"clock":"2026-12-03T10:00:00Z"})",
      "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_TRUE(json::parse(result->body)["server_time"].is_string());
  auto listed = central_->Admin({"--json", "kiosks", "list"});
  EXPECT_NE(listed.out.find("\"queue_depth\":3"), std::string::npos) << listed.out;
}

TEST_F(CentralServerTest, AccessLogHoldsNoAnswers) {
  std::string id = NewUuid();
  ASSERT_EQ(Submit(id, SubmissionBody(id, kiosk_->kiosk_id, ValidAnswers("Nid de poule ZORGLUB")))
                ->status,
            201);
  std::string log = central_->log();
  EXPECT_NE(log.find("path=/v1/submissions status=201"), std::string::npos);
  EXPECT_EQ(log.find("ZORGLUB"), std::string::npos);
}

TEST(CentralServerLifecycle, StopsCleanlyOnSigterm) {
  CentralInstance central;
  ASSERT_TRUE(central.Start()) << central.log();
  EXPECT_EQ(central.Stop(SIGTERM), 0) << central.log();
}

}  // namespace
}  // namespace kiosk::central
