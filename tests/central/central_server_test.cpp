// The HTTPS API of guichet-central, exercised over real mutual TLS on loopback against a
// private server process.
#include "central/central_server.h"

#include <signal.h>

#include <gtest/gtest.h>

#include "central/catalog.h"
#include "tests/central/central_instance.h"

namespace kiosk::central {
namespace {

using nlohmann::json;
using testing::CentralInstance;
using testing::ErrorCode;
using testing::KioskCredentials;
using testing::NewUuid;
using testing::SubmissionBody;

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

TEST_F(CentralServerTest, FirstSubmissionIsStoredWithAReference) {
  std::string id = NewUuid();
  auto result = Submit(id, SubmissionBody(id, kiosk_->kiosk_id, {{"nom", "ERIKSSON"}}));
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
  std::string body = SubmissionBody(id, kiosk_->kiosk_id, {{"nom", "ERIKSSON"}});
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
  ASSERT_EQ(Submit(id, SubmissionBody(id, kiosk_->kiosk_id, {{"nom", "A"}}))->status, 201);
  auto result = Submit(id, SubmissionBody(id, kiosk_->kiosk_id, {{"nom", "B"}}));
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
  auto result = Submit(id, SubmissionBody(id, "mairie-revoked", {{"nom", "A"}}), &*other);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 403);
  EXPECT_EQ(ErrorCode(result), "kiosk_revoked");
}

TEST_F(CentralServerTest, SubmissionWithoutClientCertificateIsRefused) {
  std::string id = NewUuid();
  auto result = Submit(id, SubmissionBody(id, "nobody", {{"nom", "A"}}), nullptr);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 401);
  EXPECT_EQ(ErrorCode(result), "client_certificate_required");
}

TEST_F(CentralServerTest, CertificateFromAnotherCaIsRefused) {
  auto key = GenerateEcKey();
  auto rogue_ca = MakeCaCertificate(key->get(), "rogue", std::chrono::hours(24));
  auto kiosk_key = GenerateEcKey();
  KioskCredentials rogue;
  rogue.kiosk_id = kiosk_->kiosk_id;
  rogue.certificate = std::move(*IssueDeviceCertificate(
      rogue_ca->get(), key->get(), kiosk_key->get(), kiosk_->kiosk_id, std::chrono::hours(24)));
  rogue.key = std::move(*kiosk_key);
  std::string id = NewUuid();
  auto result = Submit(id, SubmissionBody(id, rogue.kiosk_id, {{"nom", "A"}}), &rogue);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 401);
  EXPECT_EQ(ErrorCode(result), "client_certificate_invalid");
}

TEST_F(CentralServerTest, BodyOverTheLimitIsRefused) {
  std::string id = NewUuid();
  std::string body = SubmissionBody(id, kiosk_->kiosk_id, {{"texte", std::string(70000, 'a')}});
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

TEST_F(CentralServerTest, KeyOtherThanTheSubmissionIdIsRefused) {
  std::string id = NewUuid();
  auto result = Submit(NewUuid(), SubmissionBody(id, kiosk_->kiosk_id, {{"nom", "A"}}));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 400);
  EXPECT_EQ(ErrorCode(result), "idempotency_key_mismatch");
}

TEST_F(CentralServerTest, UnknownProcedureIsRefused) {
  std::string id = NewUuid();
  auto result = Submit(id, SubmissionBody(id, kiosk_->kiosk_id, {{"nom", "A"}}, "permis-x", 1));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 422);
  EXPECT_EQ(ErrorCode(result), "unknown_procedure");
}

TEST_F(CentralServerTest, InvalidAnswersAreRefusedWithTheirFields) {
  std::string id = NewUuid();
  auto result = Submit(id, SubmissionBody(id, kiosk_->kiosk_id, {{"nom", nullptr}}));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 422);
  EXPECT_EQ(ErrorCode(result), "invalid_answers");
  json fields = json::parse(result->body)["error"]["fields"];
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(fields[0]["question"], "nom");
}

TEST_F(CentralServerTest, CatalogIsSignedAndHonoursIfNoneMatch) {
  auto client = central_->Client(kiosk_);
  auto result = client->Get("/v1/catalog");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200);
  std::string etag = result->get_header_value("ETag");
  EXPECT_FALSE(etag.empty());

  auto public_key = LoadPrivateKey(central_->data_dir() + "/catalog-signing.key");
  ASSERT_TRUE(public_key.ok());
  auto payload = VerifySignedCatalog(result->body, public_key->get());
  ASSERT_TRUE(payload.ok()) << payload.status().ToString();
  EXPECT_NE(payload->find("acte-naissance"), std::string::npos);

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
  ASSERT_EQ(Submit(id, SubmissionBody(id, kiosk_->kiosk_id, {{"nom", "ZORGLUB"}}))->status, 201);
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
