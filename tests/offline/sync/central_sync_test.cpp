// The sync client and worker against the REAL central server (guichet-central, started as a
// child process on loopback) over mutual TLS, with a kiosk certificate enrolled through the
// centre's token + CSR endpoint. Answers the real centre does not give on demand (500, 503,
// 429, an HTML page with 200) are covered in sync_worker_test.cpp with a test TLS endpoint.
#include <signal.h>

#include <filesystem>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "central/pki.h"
#include "kiosk/procedure/catalog.h"
#include "offline/sync/catalog_fetcher.h"
#include "offline/sync/sync_worker.h"
#include "tests/central/central_instance.h"
#include "tests/offline/support/fault_proxy.h"
#include "tests/offline/support/submissions.h"
#include "tests/offline/support/test_centre.h"
#include "tests/offline/support/test_pki.h"
#include "tests/support/temp_dir.h"

namespace kiosk::offline {
namespace {

using std::chrono::seconds;
using testing::FaultProxy;
using testing::SpecimenSubmission;

constexpr char kKioskId[] = "test-kiosk-01";
// A submission large enough for the proxy to cut it in the middle of its body, and where the
// cut falls: well after the TLS handshake and the centre's session tickets, so that the first
// bytes the centre sends after the cut are its answer.
constexpr size_t kLargeNote = 40000;
constexpr size_t kFaultAfter = 20000;

class CentralSyncTest : public ::testing::Test {
 protected:
  CentralSyncTest() {
    std::array<uint8_t, DataKey::kSize> bytes{};
    bytes.fill(3);
    QueueOptions options;
    options.database_path = dir_.Join("queue.sqlite");
    queue_ = std::move(SubmissionQueue::Open(options, DataKey::FromBytes(bytes), clock_)).value();
  }

  void SetUp() override {
    ASSERT_TRUE(central_.Start()) << central_.log();
    auto credentials = central_.Enrol(kKioskId);
    ASSERT_TRUE(credentials.has_value()) << central_.log();
    cert_file_ =
        dir_.WriteFile("kiosk.pem", central::CertificatePem(credentials->certificate.get()));
    key_file_ = dir_.WriteFile("kiosk.key", central::PrivateKeyPem(credentials->key.get()));
  }

  SyncClientOptions Options(int port) const {
    SyncClientOptions options;
    options.base_url = "https://127.0.0.1:" + std::to_string(port);
    options.ca_file = central_.data_dir() + "/ca.pem";
    options.cert_file = cert_file_;
    options.key_file = key_file_;
    options.connect_timeout = seconds(2);
    options.request_timeout = seconds(2);
    return options;
  }

  void Connect(const SyncClientOptions& options) {
    worker_.reset();
    client_ = std::move(SyncClient::Create(options)).value();
    SyncWorkerOptions worker_options;
    worker_options.kiosk_id = kKioskId;
    worker_ =
        std::make_unique<SyncWorker>(*queue_, *client_, policy_, clock_, worker_options, nullptr,
                                     [this](const SyncAlert& alert) { alerts_.push_back(alert); });
  }

  PassResult Pass(SyncTrigger trigger = SyncTrigger::kTimer) {
    auto result = worker_->RunPass(trigger);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? *result : PassResult{};
  }

  SubmissionRecord Record(int n) { return queue_->Find(SpecimenSubmission(n).id).value(); }

  // How many submissions the centre holds, without test assertions (safe on any thread).
  size_t CountAtCentre() const {
    auto result = central_.Admin({"--json", "submissions", "list"});
    nlohmann::json json = nlohmann::json::parse(result.out, nullptr, false);
    return json.is_object() && json["submissions"].is_array() ? json["submissions"].size() : 0;
  }

  // id -> reference of every submission the centre holds, read with its admin tool.
  std::map<std::string, std::string> AtCentre() {
    auto result = central_.Admin({"--json", "submissions", "list"});
    nlohmann::json json = nlohmann::json::parse(result.out, nullptr, false);
    std::map<std::string, std::string> stored;
    EXPECT_TRUE(json.is_object()) << result.out << result.err;
    if (!json.is_object()) return stored;
    for (const auto& entry : json["submissions"]) {
      EXPECT_EQ(stored.count(entry["id"].get<std::string>()), 0u) << "duplicate at the centre";
      stored[entry["id"].get<std::string>()] = entry["reference"].get<std::string>();
    }
    return stored;
  }

  kiosk::testing::TempDir dir_;
  central::testing::CentralInstance central_{{kiosk::testing::SpecimenProcedureYaml()}};
  std::string cert_file_;
  std::string key_file_;
  FakeClock clock_;
  RetryPolicy policy_{seconds(2), seconds(60), [] { return 0.5; }};
  std::unique_ptr<SubmissionQueue> queue_;
  std::unique_ptr<SyncClient> client_;
  std::unique_ptr<SyncWorker> worker_;
  std::vector<SyncAlert> alerts_;
};

TEST_F(CentralSyncTest, OfflineThenOnlineDeliversEverythingExactlyOnce) {
  ASSERT_EQ(central_.Stop(SIGTERM), 0);
  Connect(Options(central_.port()));
  for (int i = 1; i <= 5; ++i) ASSERT_TRUE(queue_->Confirm(SpecimenSubmission(i)).ok());
  EXPECT_EQ(Pass().retried, 1);
  EXPECT_EQ(Record(1).state, SubmissionState::kWaiting);

  ASSERT_TRUE(central_.Start()) << central_.log();
  clock_.Advance(seconds(2));
  EXPECT_EQ(Pass().sent, 5);
  auto stored = AtCentre();
  ASSERT_EQ(stored.size(), 5u);
  for (int i = 1; i <= 5; ++i) {
    EXPECT_EQ(Record(i).state, SubmissionState::kSent);
    EXPECT_EQ(Record(i).central_reference, stored[SpecimenSubmission(i).id]);
  }
}

TEST_F(CentralSyncTest, AnUnknownProcedureIsQuarantinedAndOthersKeepFlowing) {
  Connect(Options(central_.port()));
  ASSERT_TRUE(queue_->Confirm(SpecimenSubmission(1)).ok());
  ASSERT_TRUE(queue_->Confirm(SpecimenSubmission(2, 0, "unknown-procedure")).ok());
  ASSERT_TRUE(queue_->Confirm(SpecimenSubmission(3)).ok());
  PassResult result = Pass();
  EXPECT_EQ(result.sent, 2);
  EXPECT_EQ(result.quarantined, 1);
  EXPECT_EQ(Record(2).state, SubmissionState::kQuarantined);
  EXPECT_EQ(Record(2).quarantine_reason, "HTTP 422 unknown_procedure");
  ASSERT_EQ(alerts_.size(), 1u);
  EXPECT_EQ(alerts_[0].kind, AlertKind::kStaffQuarantine);
  EXPECT_EQ(AtCentre().size(), 2u);
}

TEST_F(CentralSyncTest, ARevokedKioskPausesTheQueue) {
  Connect(Options(central_.port()));
  ASSERT_TRUE(queue_->Confirm(SpecimenSubmission(1)).ok());
  ASSERT_EQ(central_.Admin({"kiosks", "revoke", kKioskId}).exit_code, 0);
  PassResult result = Pass();
  EXPECT_TRUE(result.paused);
  ASSERT_EQ(alerts_.size(), 1u);
  EXPECT_EQ(alerts_[0].kind, AlertKind::kDeviceRejected);
  EXPECT_NE(queue_->Summary()->paused_reason.value_or("").find("403"), std::string::npos);
  EXPECT_TRUE(AtCentre().empty());
}

TEST_F(CentralSyncTest, AServerCertificateFromAnotherCaIsRefused) {
  auto pki = testing::TestPki::Create(dir_.path().string());
  auto options = Options(central_.port());
  options.ca_file = pki.ca_cert;  // the kiosk pins another CA than the one serving
  Connect(options);
  ASSERT_TRUE(queue_->Confirm(SpecimenSubmission(1)).ok());
  EXPECT_EQ(Pass().retried, 1);
  EXPECT_NE(Record(1).last_error.find("curl"), std::string::npos) << Record(1).last_error;
  EXPECT_TRUE(AtCentre().empty());
}

TEST_F(CentralSyncTest, AnExpiredClientCertificateDeliversNothing) {
  // The centre's own CA signs a certificate for this kiosk that expired an hour ago.
  auto ca = central::LoadCertificate(central_.data_dir() + "/ca.pem");
  auto ca_key = central::LoadPrivateKey(central_.data_dir() + "/ca.key");
  auto key = central::GenerateEcKey();
  ASSERT_TRUE(ca.ok() && ca_key.ok() && key.ok());
  auto expired = central::IssueDeviceCertificate(ca->get(), ca_key->get(), key->get(), kKioskId,
                                                 std::chrono::hours(-1));
  ASSERT_TRUE(expired.ok());
  auto options = Options(central_.port());
  options.cert_file = dir_.WriteFile("expired.pem", central::CertificatePem(expired->get()));
  options.key_file = dir_.WriteFile("expired.key", central::PrivateKeyPem(key->get()));
  Connect(options);
  ASSERT_TRUE(queue_->Confirm(SpecimenSubmission(1)).ok());
  EXPECT_EQ(Pass().sent, 0);
  EXPECT_NE(Record(1).state, SubmissionState::kSent) << Record(1).last_error;
  EXPECT_TRUE(AtCentre().empty());
}

TEST_F(CentralSyncTest, AResetInTheMiddleOfTheBodyIsRetried) {
  FaultProxy proxy(central_.port());
  Connect(Options(proxy.port()));
  ASSERT_TRUE(queue_->Confirm(SpecimenSubmission(1, kLargeNote)).ok());
  proxy.InjectOnce(FaultProxy::Fault::kResetMidRequest, kFaultAfter);
  EXPECT_EQ(Pass().retried, 1);
  EXPECT_EQ(proxy.faults_applied(), 1);
  EXPECT_TRUE(AtCentre().empty());
  clock_.Advance(seconds(1));
  EXPECT_EQ(Pass().sent, 1);
  EXPECT_EQ(AtCentre().size(), 1u);
}

TEST_F(CentralSyncTest, AResetAfterTheCentreStoredItDoesNotCreateADuplicate) {
  FaultProxy proxy(central_.port());
  Connect(Options(proxy.port()));
  ASSERT_TRUE(queue_->Confirm(SpecimenSubmission(1, kLargeNote)).ok());
  proxy.InjectOnce(FaultProxy::Fault::kResetBeforeAnswer, kFaultAfter,
                   [this] { return CountAtCentre() == 1; });
  EXPECT_EQ(Pass().retried, 1);
  EXPECT_EQ(proxy.faults_applied(), 1);
  auto stored = AtCentre();
  ASSERT_EQ(stored.size(), 1u);  // the centre has it; the kiosk never heard
  EXPECT_EQ(Record(1).state, SubmissionState::kWaiting);

  clock_.Advance(seconds(1));
  EXPECT_EQ(Pass().sent, 1);
  auto after = AtCentre();
  EXPECT_EQ(after.size(), 1u);
  EXPECT_EQ(Record(1).central_reference, stored.begin()->second);
}

TEST_F(CentralSyncTest, AStallLongerThanTheTimeoutIsRetried) {
  FaultProxy proxy(central_.port());
  auto options = Options(proxy.port());
  options.request_timeout = std::chrono::milliseconds(800);
  Connect(options);
  ASSERT_TRUE(queue_->Confirm(SpecimenSubmission(1, kLargeNote)).ok());
  proxy.InjectOnce(FaultProxy::Fault::kStall, kFaultAfter);
  EXPECT_EQ(Pass().retried, 1);
  EXPECT_NE(Record(1).last_error.find("DeadlineExceeded"), std::string::npos);
  clock_.Advance(seconds(1));
  EXPECT_EQ(Pass().sent, 1);
  EXPECT_EQ(AtCentre().size(), 1u);
}

TEST_F(CentralSyncTest, HeartbeatsReachTheCentre) {
  Connect(Options(central_.port()));
  Status heartbeat = worker_->SendHeartbeat();
  ASSERT_TRUE(heartbeat.ok()) << heartbeat.ToString();
  auto kiosks = central_.Admin({"--json", "kiosks", "list"});
  EXPECT_NE(kiosks.out.find(kKioskId), std::string::npos);
  EXPECT_TRUE(worker_->State().clock_skew.has_value());
}

// The kiosk's catalog, verified and installed by the procedure engine's CatalogStore with the
// centre's catalog key.
class CatalogFixture : public CentralSyncTest {
 protected:
  CatalogFixture()
      : store_(dir_.Join("kiosk"),
               kiosk::testing::ReadFile(central_.data_dir() + "/catalog-signing.pub"),
               dir_.Join("no-default-procedures")),
        fetcher_(dir_.Join("kiosk/catalog.etag"), [this](std::string_view envelope) {
          auto installed = store_.Install(envelope);
          return installed.ok() ? OkStatus() : installed.status();
        }) {
    std::filesystem::create_directories(dir_.Join("kiosk"));
  }

  procedure::CatalogStore store_;
  CatalogFetcher fetcher_;
};

TEST_F(CatalogFixture, FetchesAndVerifiesTheSignedCatalogThenGetsNotModified) {
  Connect(Options(central_.port()));
  auto first = fetcher_.Update(*client_);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(*first);
  auto current = store_.Current();
  ASSERT_TRUE(current.ok()) << current.status().ToString();
  EXPECT_GE(current->catalog_version, 1);
  ASSERT_EQ(current->procedures.size(), 1u);
  EXPECT_EQ(current->procedures[0].id, "acte-naissance");
  EXPECT_FALSE(fetcher_.Etag().empty());

  auto second = fetcher_.Update(*client_);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(*second);
}

TEST_F(CatalogFixture, AForgedCatalogIsRefusedAndTheLastGoodOneKept) {
  Connect(Options(central_.port()));
  ASSERT_TRUE(fetcher_.Update(*client_).ok());
  std::string good = kiosk::testing::ReadFile(central_.data_dir() + "/catalog.json");

  // A man in the middle (here a test TLS endpoint the kiosk trusts) serves the same envelope
  // with one procedure's title changed.
  auto pki = testing::TestPki::Create(dir_.path().string());
  testing::TestCentre forger(pki.server_cert, pki.server_key, pki.ca_cert);
  std::string forged = good;
  auto at = forged.find("Demande");
  ASSERT_NE(at, std::string::npos);
  forged.replace(at, 7, "Demandx");
  forger.SetCatalog(forged, "\"forged\"");
  SyncClientOptions options;
  options.base_url = forger.url();
  options.ca_file = pki.ca_cert;
  options.cert_file = pki.client_cert;
  options.key_file = pki.client_key;
  auto forger_client = SyncClient::Create(options);
  ASSERT_TRUE(forger_client.ok());

  auto update = fetcher_.Update(**forger_client);
  EXPECT_EQ(update.status().code(), StatusCode::kDataLoss);
  auto current = store_.Current();
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current->procedures[0].yaml.find("Demandx"), std::string::npos);
  EXPECT_NE(fetcher_.Etag(), "\"forged\"");
}

}  // namespace
}  // namespace kiosk::offline
