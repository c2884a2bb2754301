#include "offline/sync/sync_client.h"

#include "tests/offline/support/fault_proxy.h"
#include "tests/offline/sync/sync_fixture.h"

namespace kiosk::offline {
namespace {

using SyncClientTest = SyncFixture;

TEST_F(SyncClientTest, PostsOverMutualTlsAndReadsTheAnswer) {
  StartCentre();
  Connect(centre_->port());
  auto submission = testing::SpecimenSubmission(1);
  auto response =
      client_->Post("/v1/submissions", submission.payload, {{"Idempotency-Key", submission.id}});
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 201);
  EXPECT_NE(response->body.find("GU-2026-000001"), std::string::npos);
  EXPECT_EQ(response->Header("Content-Type"), "application/json");
  EXPECT_EQ(centre_->Submissions().size(), 1u);
}

TEST_F(SyncClientTest, KeepsOneConnectionForManyRequests) {
  StartCentre();
  testing::FaultProxy proxy(centre_->port());
  Connect(proxy.port());
  for (int i = 1; i <= 20; ++i) {
    auto submission = testing::SpecimenSubmission(i);
    auto response =
        client_->Post("/v1/submissions", submission.payload, {{"Idempotency-Key", submission.id}});
    ASSERT_TRUE(response.ok()) << response.status().ToString();
  }
  EXPECT_EQ(proxy.connections(), 1);
}

TEST_F(SyncClientTest, RefusesPlainHttp) {
  auto options = ClientOptions(1);
  options.base_url = "http://127.0.0.1:1";
  EXPECT_EQ(SyncClient::Create(options).status().code(), StatusCode::kInvalidInput);
}

TEST_F(SyncClientTest, RefusesAMissingClientCertificate) {
  auto options = ClientOptions(1);
  options.cert_file = dir_.Join("missing.pem");
  EXPECT_EQ(SyncClient::Create(options).status().code(), StatusCode::kFailedPrecondition);
}

TEST_F(SyncClientTest, RefusesAServerNotSignedByThePinnedCa) {
  testing::TestCentre rogue(pki_.rogue_server_cert, pki_.rogue_server_key, pki_.ca_cert);
  Connect(rogue.port());
  auto response = client_->Post("/v1/submissions", "{}");
  EXPECT_EQ(response.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(rogue.submission_posts(), 0);
}

TEST_F(SyncClientTest, AnExpiredClientCertificateGetsNoAnswer) {
  StartCentre();
  auto options = ClientOptions(centre_->port());
  options.cert_file = pki_.expired_client_cert;
  options.key_file = pki_.expired_client_key;
  ConnectWith(options);
  auto response = client_->Post("/v1/submissions", "{}");
  EXPECT_FALSE(response.ok());
  EXPECT_EQ(centre_->submission_posts(), 0);
}

TEST_F(SyncClientTest, NothingListeningIsUnavailable) {
  Connect(testing::FreeTcpPort());
  EXPECT_EQ(client_->Get("/v1/health").status().code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace kiosk::offline
