// QueueSubmissionSink and KioskDevices against the REAL central server (guichet-central,
// started as a child process on loopback) over mutual TLS, with a kiosk certificate enrolled
// through the centre's token + CSR endpoint.
#include <signal.h>

#include <chrono>
#include <map>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "central/pki.h"
#include "kiosk/devices/kiosk_devices.h"
#include "kiosk/devices/queue_submission_sink.h"
#include "tests/central/central_instance.h"
#include "tests/kiosk/devices/device_fixtures.h"
#include "tests/offline/support/submissions.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace kiosk::devices {
namespace {

using namespace std::chrono_literals;

constexpr char kKioskId[] = "test-kiosk-01";

class CentralTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(central_.Start()) << central_.log();
    auto credentials = central_.Enrol(kKioskId);
    ASSERT_TRUE(credentials.has_value()) << central_.log();
    cert_file_ =
        dir_.WriteFile("kiosk.pem", central::CertificatePem(credentials->certificate.get()));
    key_file_ = dir_.WriteFile("kiosk.key", central::PrivateKeyPem(credentials->key.get()));
  }

  std::string url() const { return "https://127.0.0.1:" + std::to_string(central_.port()); }
  std::string ca_file() const { return central_.data_dir() + "/ca.pem"; }

  // id -> central reference of every submission the centre holds.
  std::map<std::string, std::string> AtCentre() const {
    auto result = central_.Admin({"--json", "submissions", "list"});
    nlohmann::json json = nlohmann::json::parse(result.out, nullptr, false);
    std::map<std::string, std::string> stored;
    if (!json.is_object() || !json["submissions"].is_array()) return stored;
    for (const auto& entry : json["submissions"]) {
      stored[entry["id"].get<std::string>()] = entry["reference"].get<std::string>();
    }
    return stored;
  }

  kiosk::testing::TempDir dir_;
  central::testing::CentralInstance central_{{kiosk::testing::SpecimenProcedureYaml()}};
  std::string cert_file_;
  std::string key_file_;
};

// The sink on its own queue and sync worker.
class QueueSubmissionSinkCentralTest : public CentralTest {
 protected:
  void SetUp() override {
    CentralTest::SetUp();
    if (HasFatalFailure()) return;
    offline::QueueOptions queue_options;
    queue_options.database_path = dir_.Join("queue.sqlite");
    queue_ = std::move(offline::SubmissionQueue::Open(queue_options, kiosk::testing::TestDataKey(),
                                                      clock_))
                 .value();
    offline::SyncClientOptions client_options;
    client_options.base_url = url();
    client_options.ca_file = ca_file();
    client_options.cert_file = cert_file_;
    client_options.key_file = key_file_;
    client_options.connect_timeout = 1s;
    client_options.request_timeout = 2s;
    client_ = std::move(offline::SyncClient::Create(client_options)).value();
    offline::SyncWorkerOptions worker_options;
    worker_options.kiosk_id = kKioskId;
    worker_ =
        std::make_unique<offline::SyncWorker>(*queue_, *client_, policy_, clock_, worker_options);
    worker_->Start();
    sink_ = std::make_unique<QueueSubmissionSink>(*queue_, worker_.get());
  }

  void TearDown() override {
    if (sink_) sink_->Shutdown();
    if (worker_) worker_->Stop();
  }

  const Clock& clock_ = SystemClock();
  offline::RetryPolicy policy_{100ms, 500ms, [] { return 0.5; }};
  std::unique_ptr<offline::SubmissionQueue> queue_;
  std::unique_ptr<offline::SyncClient> client_;
  std::unique_ptr<offline::SyncWorker> worker_;
  std::unique_ptr<QueueSubmissionSink> sink_;
};

TEST_F(QueueSubmissionSinkCentralTest, AwaitDeliveryReturnsTheCentralReference) {
  session::ConfirmedSubmission submission = kiosk::testing::SpecimenConfirmed(1);
  ASSERT_TRUE(sink_->Submit(submission).ok());
  std::optional<std::string> reference = sink_->AwaitDelivery(submission.id, 10s);
  ASSERT_TRUE(reference.has_value()) << central_.log();
  EXPECT_FALSE(reference->empty());
  EXPECT_EQ(AtCentre()[submission.id], *reference);
  EXPECT_EQ(queue_->Find(submission.id)->state, offline::SubmissionState::kSent);
}

TEST_F(QueueSubmissionSinkCentralTest, WithTheCentreDownItGivesUpAtTheTimeoutAndDeliversLater) {
  ASSERT_EQ(central_.Stop(SIGTERM), 0);
  session::ConfirmedSubmission submission = kiosk::testing::SpecimenConfirmed(1);
  ASSERT_TRUE(sink_->Submit(submission).ok());

  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(sink_->AwaitDelivery(submission.id, 1500ms), std::nullopt);
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, 1400ms);
  EXPECT_LT(waited, 2500ms);
  EXPECT_NE(queue_->Find(submission.id)->state, offline::SubmissionState::kSent);

  // The submission stayed in the queue: it goes as soon as the centre is back.
  ASSERT_TRUE(central_.Start()) << central_.log();
  worker_->Trigger(offline::SyncTrigger::kStaffSyncNow);
  std::optional<std::string> reference = sink_->AwaitDelivery(submission.id, 10s);
  ASSERT_TRUE(reference.has_value()) << central_.log();
  EXPECT_EQ(AtCentre()[submission.id], *reference);
}

TEST_F(QueueSubmissionSinkCentralTest, ShutdownEndsAWaitAtOnce) {
  ASSERT_EQ(central_.Stop(SIGTERM), 0);
  session::ConfirmedSubmission submission = kiosk::testing::SpecimenConfirmed(1);
  ASSERT_TRUE(sink_->Submit(submission).ok());
  std::thread stopper([this] {
    std::this_thread::sleep_for(200ms);
    sink_->Shutdown();
  });
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(sink_->AwaitDelivery(submission.id, 30s), std::nullopt);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  stopper.join();
}

// The whole wiring from a configuration, as the app builds it.
class KioskDevicesCentralTest : public CentralTest {
 protected:
  KioskConfig Config() const {
    KioskConfig config;
    config.identity.id = kKioskId;
    config.identity.commune = "Saint-Étienne-du-Rouvray";
    config.storage.data_dir = dir_.Join("data");
    config.procedures.default_dir = std::string(KIOSK_SOURCE_DIR) + "/procedures";
    config.central.url = url();
    config.central.ca_file = ca_file();
    config.central.cert_file = cert_file_;
    config.central.key_file = key_file_;
    config.central.catalog_key_file = central_.data_dir() + "/catalog-signing.pub";
    config.central.sync_interval_s = 1;
    return config;
  }

  KioskDevicesOptions Options() const {
    KioskDevicesOptions options;
    options.cups_server = "127.0.0.1:" + std::to_string(kiosk::testing::FreeTcpPort());
    options.status_interval = 100ms;
    options.sync_connect_timeout = 1s;
    options.sync_request_timeout = 2s;
    return options;
  }
};

TEST_F(KioskDevicesCentralTest, DeliversSubmissionsAndInstallsTheCentresSignedCatalog) {
  auto created = KioskDevices::Create(Config(), Options());
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  KioskDevices& devices = **created;
  ASSERT_TRUE(devices.enrolled()) << devices.offline_reason();
  EXPECT_EQ(devices.procedures().catalog_version(), 0);  // the shipped procedures first
  devices.Start();

  // The worker's first turn fetches the catalog the centre published (the specimen procedure
  // only), verified with the centre's catalog key.
  ASSERT_TRUE(kiosk::testing::WaitUntil([&] { return devices.procedures().catalog_version() > 0; }))
      << central_.log();
  auto procedures = devices.Ports().procedures->Procedures();
  ASSERT_EQ(procedures.size(), 1u);
  EXPECT_EQ(procedures[0]->id, "acte-naissance");

  session::FlowPorts ports = devices.Ports();
  session::ConfirmedSubmission submission = kiosk::testing::SpecimenConfirmed(1);
  ASSERT_TRUE(ports.sink->Submit(submission).ok());
  std::optional<std::string> reference = ports.sink->AwaitDelivery(submission.id, 10s);
  ASSERT_TRUE(reference.has_value()) << central_.log();
  EXPECT_EQ(AtCentre()[submission.id], *reference);

  EXPECT_TRUE(kiosk::testing::WaitUntil([&] {
    auto states = devices.Snapshot();
    return states[2].ok && states[2].detail.rfind("last delivery", 0) == 0 &&
           states[3].detail.rfind("0 waiting", 0) == 0;
  })) << devices.Snapshot()[2].detail
      << " / " << devices.Snapshot()[3].detail;
  devices.Stop();
}

TEST_F(KioskDevicesCentralTest, StaffSyncNowSendsWhatWaitedForTheCentre) {
  ASSERT_EQ(central_.Stop(SIGTERM), 0);
  auto created = KioskDevices::Create(Config(), Options());
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  KioskDevices& devices = **created;
  devices.Start();
  session::ConfirmedSubmission submission = kiosk::testing::SpecimenConfirmed(1);
  ASSERT_TRUE(devices.sink().Submit(submission).ok());
  EXPECT_EQ(devices.sink().AwaitDelivery(submission.id, 1s), std::nullopt);
  EXPECT_TRUE(kiosk::testing::WaitUntil([&] { return !devices.Snapshot()[2].ok; }));

  ASSERT_TRUE(central_.Start()) << central_.log();
  devices.SyncNow();
  EXPECT_TRUE(kiosk::testing::WaitUntil([&] {
    return devices.queue().Find(submission.id)->state == offline::SubmissionState::kSent;
  })) << central_.log();
  EXPECT_EQ(AtCentre().count(submission.id), 1u);
}

}  // namespace
}  // namespace kiosk::devices
