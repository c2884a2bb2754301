// Shared set-up of the sync tests: a PKI, a queue on a real SQLite file, a test centre over
// real mutual TLS on loopback and a client pointed at it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "offline/queue/submission_queue.h"
#include "offline/sync/sync_client.h"
#include "offline/sync/sync_worker.h"
#include "tests/offline/support/submissions.h"
#include "tests/offline/support/test_centre.h"
#include "tests/offline/support/test_pki.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace kiosk::offline {

class SyncFixture : public ::testing::Test {
 protected:
  SyncFixture() : pki_(testing::TestPki::Create(dir_.path().string())) {
    std::array<uint8_t, DataKey::kSize> bytes{};
    bytes.fill(9);
    QueueOptions options;
    options.database_path = dir_.Join("queue.sqlite");
    auto queue = SubmissionQueue::Open(options, DataKey::FromBytes(bytes), clock_);
    EXPECT_TRUE(queue.ok()) << queue.status().ToString();
    queue_ = std::move(queue).value();
  }

  void StartCentre(int port = 0) {
    centre_ = std::make_unique<testing::TestCentre>(pki_.server_cert, pki_.server_key, pki_.ca_cert,
                                                    port);
  }

  SyncClientOptions ClientOptions(int port) const {
    SyncClientOptions options;
    options.base_url = "https://127.0.0.1:" + std::to_string(port);
    options.ca_file = pki_.ca_cert;
    options.cert_file = pki_.client_cert;
    options.key_file = pki_.client_key;
    options.connect_timeout = std::chrono::seconds(2);
    options.request_timeout = std::chrono::seconds(2);
    return options;
  }

  // A client and a worker talking to 127.0.0.1:`port`.
  void Connect(int port) { ConnectWith(ClientOptions(port)); }
  void ConnectWith(const SyncClientOptions& options) {
    worker_.reset();
    auto client = SyncClient::Create(options);
    ASSERT_TRUE(client.ok()) << client.status().ToString();
    client_ = std::move(client).value();
    SyncWorkerOptions worker_options;
    worker_options.kiosk_id = "test-kiosk-01";
    worker_ =
        std::make_unique<SyncWorker>(*queue_, *client_, policy_, clock_, worker_options, nullptr,
                                     [this](const SyncAlert& alert) { alerts_.push_back(alert); });
  }

  void ConfirmSpecimens(int from, int to, size_t padding = 0) {
    for (int i = from; i <= to; ++i) {
      ASSERT_TRUE(queue_->Confirm(testing::SpecimenSubmission(i, padding)).ok());
    }
  }

  PassResult Pass(SyncTrigger trigger = SyncTrigger::kTimer) {
    auto result = worker_->RunPass(trigger);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? *result : PassResult{};
  }

  SubmissionRecord Record(int n) {
    auto record = queue_->Find(testing::SpecimenSubmission(n).id);
    EXPECT_TRUE(record.ok());
    return record.ok() ? *record : SubmissionRecord{};
  }

  testing::TempDir dir_;
  testing::TestPki pki_;
  FakeClock clock_;
  // Jitter draw 0.5: delays are half the ceiling, predictable in tests.
  RetryPolicy policy_{std::chrono::seconds(2), std::chrono::seconds(60), [] { return 0.5; }};
  std::unique_ptr<SubmissionQueue> queue_;
  std::unique_ptr<testing::TestCentre> centre_;
  std::unique_ptr<SyncClient> client_;
  std::vector<SyncAlert> alerts_;
  std::unique_ptr<SyncWorker> worker_;
};

}  // namespace kiosk::offline
