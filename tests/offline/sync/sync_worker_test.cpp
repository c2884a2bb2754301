// The reactions table, end to end: a real queue file, real HTTPS with mutual TLS to a test
// centre on loopback, canned answers for what the centre does not produce on demand, and a
// fault-injecting proxy for connection faults.
#include "offline/sync/sync_worker.h"

#include <fstream>
#include <sstream>

#include "tests/offline/support/fault_proxy.h"
#include "tests/offline/sync/sync_fixture.h"

namespace kiosk::offline {
namespace {

using std::chrono::seconds;
using testing::CannedResponse;
using testing::FaultProxy;
using testing::SpecimenSubmission;

using SyncWorkerTest = SyncFixture;

TEST_F(SyncWorkerTest, OfflineThenOnlineDeliversEverything) {
  int port = testing::FreeTcpPort();
  Connect(port);
  ConfirmSpecimens(1, 5);

  PassResult offline = Pass();
  EXPECT_EQ(offline.sent, 0);
  EXPECT_EQ(offline.retried, 1);
  EXPECT_EQ(Record(1).state, SubmissionState::kWaiting);
  EXPECT_EQ(Record(2).state, SubmissionState::kPending);  // nothing overtakes the head

  StartCentre(port);
  clock_.Advance(seconds(2));
  PassResult online = Pass();
  EXPECT_EQ(online.sent, 5);
  auto stored = centre_->Submissions();
  ASSERT_EQ(stored.size(), 5u);
  for (int i = 1; i <= 5; ++i) {
    EXPECT_EQ(Record(i).state, SubmissionState::kSent);
    EXPECT_EQ(stored[SpecimenSubmission(i).id].bytes, SpecimenSubmission(i).payload);
    EXPECT_EQ(Record(i).central_reference, stored[SpecimenSubmission(i).id].reference);
  }
}

TEST_F(SyncWorkerTest, ServerErrorThenCreatedDelivers) {
  StartCentre();
  Connect(centre_->port());
  ConfirmSpecimens(1, 1);
  centre_->QueueCanned({500, R"({"error":{"code":"internal"}})"});

  EXPECT_EQ(Pass().retried, 1);
  EXPECT_EQ(Record(1).state, SubmissionState::kWaiting);
  EXPECT_EQ(Record(1).last_error, "HTTP 500 internal");
  EXPECT_TRUE(centre_->Submissions().empty());

  EXPECT_EQ(Pass().sent, 0);  // backoff: 1 s (half of 2 s) not yet over
  clock_.Advance(seconds(1));
  EXPECT_EQ(Pass().sent, 1);
  EXPECT_EQ(Record(1).attempt_count, 2);
}

TEST_F(SyncWorkerTest, ServiceUnavailableWithRetryAfterWaitsThatLong) {
  StartCentre();
  Connect(centre_->port());
  ConfirmSpecimens(1, 1);
  centre_->QueueCanned({503, "", "text/plain", {{"Retry-After", "120"}}});

  PassResult first = Pass();
  ASSERT_TRUE(first.next_attempt_at.has_value());
  EXPECT_EQ(*first.next_attempt_at - clock_.Now(), seconds(120));
  clock_.Advance(seconds(119));
  EXPECT_EQ(Pass().sent, 0);
  EXPECT_EQ(centre_->submission_posts(), 1);
  clock_.Advance(seconds(1));
  EXPECT_EQ(Pass().sent, 1);
}

TEST_F(SyncWorkerTest, TooManyRequestsIsRetried) {
  StartCentre();
  Connect(centre_->port());
  ConfirmSpecimens(1, 2);
  centre_->QueueCanned({429, "", "text/plain", {{"Retry-After", "3"}}});
  EXPECT_EQ(Pass().retried, 1);
  EXPECT_EQ(Record(1).last_error, "HTTP 429 no error body");
  clock_.Advance(seconds(3));
  EXPECT_EQ(Pass().sent, 2);
}

TEST_F(SyncWorkerTest, AnHtmlPageWithOkIsNeverTakenForDelivery) {
  StartCentre();
  Connect(centre_->port());
  ConfirmSpecimens(1, 1);
  centre_->QueueCanned(
      {200, "<html><body>Portail Wi-Fi : acceptez les conditions</body></html>", "text/html"});
  PassResult portal = Pass();
  EXPECT_EQ(portal.sent, 0);
  EXPECT_EQ(Record(1).state, SubmissionState::kWaiting);
  EXPECT_NE(Record(1).last_error.find("captive portal"), std::string::npos);
  clock_.Advance(seconds(1));
  EXPECT_EQ(Pass().sent, 1);
}

TEST_F(SyncWorkerTest, AWrongServerCertificateSendsNothing) {
  testing::TestCentre rogue(pki_.rogue_server_cert, pki_.rogue_server_key, pki_.ca_cert);
  Connect(rogue.port());
  ConfirmSpecimens(1, 1);
  EXPECT_EQ(Pass().retried, 1);
  EXPECT_EQ(Record(1).state, SubmissionState::kWaiting);
  EXPECT_NE(Record(1).last_error.find("Unavailable"), std::string::npos) << Record(1).last_error;
  EXPECT_EQ(rogue.submission_posts(), 0);
}

TEST_F(SyncWorkerTest, AnExpiredClientCertificateKeepsTheSubmissionWaiting) {
  StartCentre();
  auto options = ClientOptions(centre_->port());
  options.cert_file = pki_.expired_client_cert;
  options.key_file = pki_.expired_client_key;
  ConnectWith(options);
  ConfirmSpecimens(1, 1);
  EXPECT_EQ(Pass().retried, 1);
  EXPECT_EQ(Record(1).state, SubmissionState::kWaiting);
  EXPECT_EQ(centre_->submission_posts(), 0);

  Connect(centre_->port());  // the technician renews the certificate
  EXPECT_EQ(Pass(SyncTrigger::kStaffSyncNow).sent, 1);
}

TEST_F(SyncWorkerTest, UnprocessableIsQuarantinedAndOthersKeepFlowing) {
  StartCentre();
  Connect(centre_->port());
  ASSERT_TRUE(queue_->Confirm(SpecimenSubmission(1, 0, "unknown-procedure")).ok());
  ConfirmSpecimens(2, 3);
  PassResult result = Pass();
  EXPECT_EQ(result.quarantined, 1);
  EXPECT_EQ(result.sent, 2);
  EXPECT_EQ(Record(1).state, SubmissionState::kQuarantined);
  EXPECT_EQ(Record(1).quarantine_reason, "HTTP 422 unknown_procedure");
  ASSERT_EQ(alerts_.size(), 1u);
  EXPECT_EQ(alerts_[0].kind, AlertKind::kStaffQuarantine);
  EXPECT_EQ(alerts_[0].submission_id, SpecimenSubmission(1).id);
  EXPECT_EQ(worker_->State().quarantined, 1);
}

TEST_F(SyncWorkerTest, ForbiddenPausesTheWholeQueueUntilStaffSyncs) {
  StartCentre();
  Connect(centre_->port());
  ConfirmSpecimens(1, 2);
  centre_->QueueCanned({403, R"({"error":{"code":"kiosk_revoked"}})"});
  PassResult result = Pass();
  EXPECT_TRUE(result.paused);
  ASSERT_EQ(alerts_.size(), 1u);
  EXPECT_EQ(alerts_[0].kind, AlertKind::kDeviceRejected);
  EXPECT_TRUE(worker_->State().paused);
  EXPECT_EQ(Record(1).state, SubmissionState::kWaiting);

  clock_.Advance(seconds(600));
  EXPECT_TRUE(Pass(SyncTrigger::kTimer).paused);
  EXPECT_TRUE(Pass(SyncTrigger::kConnectivityRegained).paused);
  EXPECT_EQ(centre_->submission_posts(), 1);

  EXPECT_EQ(Pass(SyncTrigger::kStaffSyncNow).sent, 2);
  EXPECT_FALSE(worker_->State().paused);
}

TEST_F(SyncWorkerTest, StaffSyncNowIgnoresTheBackoff) {
  StartCentre();
  Connect(centre_->port());
  ConfirmSpecimens(1, 1);
  centre_->QueueCanned({503, "", "text/plain", {{"Retry-After", "3000"}}});
  EXPECT_EQ(Pass().retried, 1);
  EXPECT_EQ(Pass().sent, 0);
  EXPECT_EQ(Pass(SyncTrigger::kStaffSyncNow).sent, 1);
}

TEST_F(SyncWorkerTest, AResetInTheMiddleOfTheBodyIsRetriedAndStoredOnce) {
  StartCentre();
  FaultProxy proxy(centre_->port());
  Connect(proxy.port());
  ConfirmSpecimens(1, 1, 40000);
  proxy.InjectOnce(FaultProxy::Fault::kResetMidRequest, 20000);
  EXPECT_EQ(Pass().retried, 1);
  EXPECT_EQ(proxy.faults_applied(), 1);
  EXPECT_EQ(centre_->submission_posts(), 0);
  clock_.Advance(seconds(1));
  EXPECT_EQ(Pass().sent, 1);
  EXPECT_EQ(centre_->Submissions().size(), 1u);
}

TEST_F(SyncWorkerTest, AResetAfterTheCentreStoredItDoesNotCreateADuplicate) {
  StartCentre();
  FaultProxy proxy(centre_->port());
  Connect(proxy.port());
  ConfirmSpecimens(1, 1, 40000);
  proxy.InjectOnce(FaultProxy::Fault::kResetBeforeAnswer, 20000,
                   [this] { return centre_->Submissions().size() == 1; });
  EXPECT_EQ(Pass().retried, 1);
  EXPECT_EQ(proxy.faults_applied(), 1);
  ASSERT_EQ(centre_->Submissions().size(), 1u);  // stored, but the kiosk never heard
  EXPECT_EQ(Record(1).state, SubmissionState::kWaiting);

  clock_.Advance(seconds(1));
  EXPECT_EQ(Pass().sent, 1);
  auto stored = centre_->Submissions();
  EXPECT_EQ(stored.size(), 1u);
  EXPECT_EQ(centre_->submission_posts(), 2);
  EXPECT_EQ(centre_->conflicts(), 0);  // the same bytes went out again
  EXPECT_EQ(Record(1).central_reference, stored.begin()->second.reference);
}

TEST_F(SyncWorkerTest, AStallLongerThanTheTimeoutIsRetried) {
  StartCentre();
  FaultProxy proxy(centre_->port());
  auto options = ClientOptions(proxy.port());
  options.request_timeout = std::chrono::milliseconds(800);
  ConnectWith(options);
  ConfirmSpecimens(1, 1, 40000);
  proxy.InjectOnce(FaultProxy::Fault::kStall, 20000);
  EXPECT_EQ(Pass().retried, 1);
  EXPECT_NE(Record(1).last_error.find("DeadlineExceeded"), std::string::npos)
      << Record(1).last_error;
  clock_.Advance(seconds(1));
  EXPECT_EQ(Pass().sent, 1);
  EXPECT_EQ(centre_->Submissions().size(), 1u);
}

TEST_F(SyncWorkerTest, HeartbeatReportsTheQueueAndTheClockSkew) {
  StartCentre();
  Connect(centre_->port());
  ConfirmSpecimens(1, 3);
  ASSERT_TRUE(worker_->SendHeartbeat().ok());
  EXPECT_EQ(centre_->heartbeats(), 1);
  EXPECT_NE(centre_->last_heartbeat().find("\"kiosk_id\":\"test-kiosk-01\""), std::string::npos);
  // The fake clock starts at 2027-01-15; the centre says 2026-12-03.
  auto skew = worker_->State().clock_skew;
  ASSERT_TRUE(skew.has_value());
  EXPECT_LT(skew->count(), 0);
}

TEST_F(SyncWorkerTest, TheThreadDeliversOnANewSubmissionTrigger) {
  StartCentre();
  Connect(centre_->port());
  worker_->Start();
  ConfirmSpecimens(1, 3);
  worker_->Trigger(SyncTrigger::kNewSubmission);
  EXPECT_TRUE(testing::WaitUntil([&] { return centre_->Submissions().size() == 3u; }));
  EXPECT_TRUE(testing::WaitUntil([&] { return worker_->State().queue_depth == 0; }));
  EXPECT_TRUE(testing::WaitUntil([&] { return centre_->heartbeats() >= 1; }));
  EXPECT_TRUE(worker_->State().running);
  worker_->Stop();
  EXPECT_FALSE(worker_->State().running);
}

TEST_F(SyncWorkerTest, AfterSyncingTheDatabaseHoldsNoNameOrDocumentNumber) {
  StartCentre();
  Connect(centre_->port());
  ConfirmSpecimens(1, 10);
  centre_->QueueCanned({503, ""});
  Pass();
  clock_.Advance(seconds(5));
  Pass();
  ASSERT_TRUE(queue_->Confirm(SpecimenSubmission(11)).ok());
  std::string raw;
  for (const char* suffix : {"", "-wal"}) {
    std::ifstream in(dir_.Join(std::string("queue.sqlite") + suffix), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    raw += text.str();
  }
  EXPECT_EQ(raw.find(testing::kSpecimenSurname), std::string::npos);
  EXPECT_EQ(raw.find(testing::kSpecimenDocumentNumber), std::string::npos);
}

}  // namespace
}  // namespace kiosk::offline
