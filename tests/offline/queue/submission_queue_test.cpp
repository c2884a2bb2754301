#include "offline/queue/submission_queue.h"

#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "tests/offline/support/submissions.h"
#include "tests/support/temp_dir.h"

namespace kiosk::offline {
namespace {

using kiosk::testing::SpecimenSubmission;
using kiosk::testing::TempDir;

DataKey TestKey() {
  std::array<uint8_t, DataKey::kSize> bytes{};
  bytes.fill(7);
  return DataKey::FromBytes(bytes);
}

class SubmissionQueueTest : public ::testing::Test {
 protected:
  std::unique_ptr<SubmissionQueue> OpenQueue() {
    QueueOptions options;
    options.database_path = dir_.Join("queue.sqlite");
    options.sent_retention = std::chrono::hours(24);
    auto queue = SubmissionQueue::Open(options, key_, clock_);
    EXPECT_TRUE(queue.ok()) << queue.status().ToString();
    return queue.ok() ? std::move(queue).value() : nullptr;
  }

  // Another process's view (kioskctl): the same file, read-only.
  StatusOr<std::unique_ptr<SubmissionQueue>> OpenReadOnly() {
    QueueOptions options;
    options.database_path = dir_.Join("queue.sqlite");
    options.read_only = true;
    return SubmissionQueue::Open(options, key_, clock_);
  }

  std::string RawFileBytes() {
    std::string bytes;
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::ifstream in(dir_.Join(std::string("queue.sqlite") + suffix), std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      bytes += text.str();
    }
    return bytes;
  }

  TempDir dir_;
  DataKey key_ = TestKey();
  FakeClock clock_;
};

TEST_F(SubmissionQueueTest, AConfirmedSubmissionIsPendingAndFirstToSend) {
  auto queue = OpenQueue();
  ASSERT_TRUE(queue->Confirm(SpecimenSubmission(1)).ok());
  auto next = queue->NextToSend();
  ASSERT_TRUE(next.ok() && next->has_value());
  EXPECT_EQ((*next)->record.id, SpecimenSubmission(1).id);
  EXPECT_EQ((*next)->record.state, SubmissionState::kPending);
  EXPECT_EQ((*next)->payload, SpecimenSubmission(1).payload);
}

TEST_F(SubmissionQueueTest, SendsInConfirmationOrder) {
  auto queue = OpenQueue();
  for (int i = 3; i >= 1; --i) ASSERT_TRUE(queue->Confirm(SpecimenSubmission(i)).ok());
  auto next = queue->NextToSend();
  EXPECT_EQ((*next)->record.id, SpecimenSubmission(3).id);
}

TEST_F(SubmissionQueueTest, RefusesTheSameIdTwice) {
  auto queue = OpenQueue();
  ASSERT_TRUE(queue->Confirm(SpecimenSubmission(1)).ok());
  EXPECT_EQ(queue->Confirm(SpecimenSubmission(1)).code(), StatusCode::kAlreadyExists);
}

TEST_F(SubmissionQueueTest, RefusesAnEmptySubmission) {
  auto queue = OpenQueue();
  EXPECT_EQ(queue->Confirm(FrozenSubmission{}).code(), StatusCode::kInvalidInput);
}

TEST_F(SubmissionQueueTest, SentDeletesThePayloadAndKeepsTheReference) {
  auto queue = OpenQueue();
  auto submission = SpecimenSubmission(1);
  ASSERT_TRUE(queue->Confirm(submission).ok());
  ASSERT_TRUE(queue->MarkSending(submission.id).ok());
  ASSERT_TRUE(queue->MarkSent(submission.id, "GU-2026-000001", "2026-12-03T18:22:31Z").ok());
  auto record = queue->Find(submission.id);
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->state, SubmissionState::kSent);
  EXPECT_EQ(record->central_reference, "GU-2026-000001");
  EXPECT_FALSE(record->has_payload);
  EXPECT_EQ(record->procedure_id, "acte-naissance");
  EXPECT_EQ(queue->Reveal(submission.id).status().code(), StatusCode::kFailedPrecondition);
  auto next = queue->NextToSend();
  EXPECT_FALSE(next->has_value());
}

TEST_F(SubmissionQueueTest, SendingLeftByACrashBecomesWaitingAtStartUp) {
  auto submission = SpecimenSubmission(1);
  {
    auto queue = OpenQueue();
    ASSERT_TRUE(queue->Confirm(submission).ok());
    ASSERT_TRUE(queue->MarkSending(submission.id).ok());
  }
  auto queue = OpenQueue();
  auto record = queue->Find(submission.id);
  EXPECT_EQ(record->state, SubmissionState::kWaiting);
  EXPECT_EQ(record->attempt_count, 1);
  auto next = queue->NextToSend();
  ASSERT_TRUE(next->has_value());
  EXPECT_EQ((*next)->payload, submission.payload);  // the same bytes go out again
}

TEST_F(SubmissionQueueTest, WaitingKeepsTheNextAttemptAndTheError) {
  auto queue = OpenQueue();
  auto submission = SpecimenSubmission(1);
  ASSERT_TRUE(queue->Confirm(submission).ok());
  ASSERT_TRUE(queue->MarkSending(submission.id).ok());
  auto when = clock_.Now() + std::chrono::seconds(30);
  ASSERT_TRUE(queue->MarkWaiting(submission.id, when, "HTTP 503").ok());
  auto record = queue->Find(submission.id);
  EXPECT_EQ(record->state, SubmissionState::kWaiting);
  EXPECT_EQ(record->last_error, "HTTP 503");
  ASSERT_TRUE(record->next_attempt_at.has_value());
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(*record->next_attempt_at - when)
                .count(),
            0);
}

TEST_F(SubmissionQueueTest, QuarantinedIsSkippedAndRetryPutsItBack) {
  auto queue = OpenQueue();
  ASSERT_TRUE(queue->Confirm(SpecimenSubmission(1)).ok());
  ASSERT_TRUE(queue->Confirm(SpecimenSubmission(2)).ok());
  std::string first = SpecimenSubmission(1).id;
  ASSERT_TRUE(queue->MarkSending(first).ok());
  ASSERT_TRUE(queue->MarkQuarantined(first, "HTTP 422 unknown_procedure").ok());
  EXPECT_EQ((*queue->NextToSend())->record.id, SpecimenSubmission(2).id);
  EXPECT_EQ(queue->Find(first)->quarantine_reason, "HTTP 422 unknown_procedure");

  ASSERT_TRUE(queue->Retry(first).ok());
  EXPECT_EQ((*queue->NextToSend())->record.id, first);
}

TEST_F(SubmissionQueueTest, RefusesTransitionsFromTheWrongState) {
  auto queue = OpenQueue();
  auto submission = SpecimenSubmission(1);
  ASSERT_TRUE(queue->Confirm(submission).ok());
  EXPECT_EQ(queue->MarkSent(submission.id, "GU", "").code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(queue->Retry(submission.id).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(queue->MarkSending("no-such-id").code(), StatusCode::kNotFound);
}

TEST_F(SubmissionQueueTest, SummaryCountsStatesAndTheOldestUnsent) {
  auto queue = OpenQueue();
  auto start = clock_.Now();
  ASSERT_TRUE(queue->Confirm(SpecimenSubmission(1)).ok());
  clock_.Advance(std::chrono::seconds(10));
  ASSERT_TRUE(queue->Confirm(SpecimenSubmission(2)).ok());
  ASSERT_TRUE(queue->MarkSending(SpecimenSubmission(1).id).ok());
  ASSERT_TRUE(queue->MarkSent(SpecimenSubmission(1).id, "GU-1", "").ok());
  auto summary = queue->Summary();
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->pending, 1);
  EXPECT_EQ(summary->sent, 1);
  EXPECT_EQ(summary->unsent(), 1);
  EXPECT_EQ(*summary->oldest_unsent_confirmed_at, start + std::chrono::seconds(10));
  EXPECT_FALSE(summary->paused_reason.has_value());
}

TEST_F(SubmissionQueueTest, PauseIsKeptAcrossRestarts) {
  {
    auto queue = OpenQueue();
    ASSERT_TRUE(queue->Pause("HTTP 403 kiosk_revoked").ok());
  }
  auto queue = OpenQueue();
  EXPECT_EQ(queue->Summary()->paused_reason.value_or(""), "HTTP 403 kiosk_revoked");
  ASSERT_TRUE(queue->Resume().ok());
  EXPECT_FALSE(queue->Summary()->paused_reason.has_value());
}

TEST_F(SubmissionQueueTest, PurgeRemovesDeliveredRecordsOlderThanTheRetention) {
  auto queue = OpenQueue();
  for (int i = 1; i <= 2; ++i) {
    ASSERT_TRUE(queue->Confirm(SpecimenSubmission(i)).ok());
    ASSERT_TRUE(queue->MarkSending(SpecimenSubmission(i).id).ok());
    ASSERT_TRUE(queue->MarkSent(SpecimenSubmission(i).id, "GU", "").ok());
    clock_.Advance(std::chrono::hours(20));
  }
  ASSERT_TRUE(queue->Confirm(SpecimenSubmission(3)).ok());
  // Now: #1 was sent 40 h ago, #2 20 h ago; retention is 24 h.
  auto purged = queue->PurgeSent();
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 1);
  EXPECT_EQ(queue->Find(SpecimenSubmission(1).id).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(queue->Find(SpecimenSubmission(2).id).ok());
  EXPECT_TRUE(queue->Find(SpecimenSubmission(3).id).ok());  // unsent: never purged
}

TEST_F(SubmissionQueueTest, RevealGivesStaffThePayloadAndReceiptBack) {
  auto queue = OpenQueue();
  auto submission = SpecimenSubmission(1);
  ASSERT_TRUE(queue->Confirm(submission).ok());
  auto revealed = queue->Reveal(submission.id);
  ASSERT_TRUE(revealed.ok()) << revealed.status().ToString();
  EXPECT_EQ(revealed->payload, submission.payload);
  EXPECT_EQ(revealed->receipt_data, submission.receipt_data);
}

TEST_F(SubmissionQueueTest, ReadReceiptGivesTheReceiptUntilTheSubmissionIsSent) {
  auto queue = OpenQueue();
  auto submission = SpecimenSubmission(1);
  ASSERT_TRUE(queue->Confirm(submission).ok());
  auto receipt = queue->ReadReceipt(submission.id);
  ASSERT_TRUE(receipt.ok()) << receipt.status().ToString();
  EXPECT_EQ(*receipt, submission.receipt_data);

  ASSERT_TRUE(queue->MarkSending(submission.id).ok());
  EXPECT_EQ(*queue->ReadReceipt(submission.id), submission.receipt_data);
  ASSERT_TRUE(queue->MarkSent(submission.id, "GU-2026-000001", "2026-12-03T18:22:31Z").ok());
  receipt = queue->ReadReceipt(submission.id);
  EXPECT_EQ(receipt.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(receipt.status().message().find("no longer kept"), std::string::npos)
      << receipt.status().message();
  EXPECT_EQ(queue->ReadReceipt("no-such-id").status().code(), StatusCode::kNotFound);
}

TEST_F(SubmissionQueueTest, ReadOnlyOpenLeavesASendInProgressAlone) {
  auto kiosk = OpenQueue();
  auto submission = SpecimenSubmission(1);
  ASSERT_TRUE(kiosk->Confirm(submission).ok());
  ASSERT_TRUE(kiosk->MarkSending(submission.id).ok());

  auto inspector = OpenReadOnly();
  ASSERT_TRUE(inspector.ok()) << inspector.status().ToString();
  EXPECT_EQ((*inspector)->Find(submission.id)->state, SubmissionState::kSending);
  EXPECT_EQ(*(*inspector)->ReadReceipt(submission.id), submission.receipt_data);

  // The kiosk's send completes as if nobody had looked, and the reader sees it.
  EXPECT_EQ(kiosk->Find(submission.id)->state, SubmissionState::kSending);
  ASSERT_TRUE(kiosk->MarkSent(submission.id, "GU-2026-000001", "2026-12-03T18:22:31Z").ok());
  auto seen = (*inspector)->Find(submission.id);
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->state, SubmissionState::kSent);
  EXPECT_EQ(seen->central_reference, "GU-2026-000001");
}

TEST_F(SubmissionQueueTest, ReadOnlyOpenRefusesEveryWrite) {
  auto kiosk = OpenQueue();
  auto submission = SpecimenSubmission(1);
  ASSERT_TRUE(kiosk->Confirm(submission).ok());
  ASSERT_TRUE(kiosk->MarkSending(submission.id).ok());
  ASSERT_TRUE(kiosk->MarkQuarantined(submission.id, "HTTP 422").ok());

  auto inspector = OpenReadOnly();
  ASSERT_TRUE(inspector.ok()) << inspector.status().ToString();
  SubmissionQueue& queue = **inspector;
  EXPECT_EQ(queue.Confirm(SpecimenSubmission(2)).code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(queue.Retry(submission.id).code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(queue.Pause("test").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(queue.PurgeSent().status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(kiosk->Find(submission.id)->state, SubmissionState::kQuarantined);
  EXPECT_EQ(kiosk->Find(SpecimenSubmission(2).id).status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(kiosk->Summary()->paused_reason.has_value());
}

TEST_F(SubmissionQueueTest, ReadOnlyOpenCreatesNothing) {
  auto missing = OpenReadOnly();
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(dir_.Join("queue.sqlite")));
}

TEST_F(SubmissionQueueTest, ReadOnlyOpenRefusesASchemaItCannotMigrate) {
  // An empty SQLite file: a kiosk would create the tables, a reader must not.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.Join("queue.sqlite").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA journal_mode=WAL; CREATE TABLE other (x)", nullptr, nullptr,
                         nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  EXPECT_EQ(OpenReadOnly().status().code(), StatusCode::kFailedPrecondition);

  { auto queue = OpenQueue(); }
  ASSERT_EQ(sqlite3_open(dir_.Join("queue.sqlite").c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "INSERT INTO schema_migrations VALUES (99, 0)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  EXPECT_EQ(OpenReadOnly().status().code(), StatusCode::kFailedPrecondition);
}

TEST_F(SubmissionQueueTest, TheDatabaseFilesNeverHoldTheCitizensNameOrDocumentNumber) {
  auto queue = OpenQueue();
  for (int i = 1; i <= 20; ++i) ASSERT_TRUE(queue->Confirm(SpecimenSubmission(i)).ok());
  for (int i = 1; i <= 10; ++i) {
    ASSERT_TRUE(queue->MarkSending(SpecimenSubmission(i).id).ok());
    ASSERT_TRUE(queue->MarkSent(SpecimenSubmission(i).id, "GU", "").ok());
  }
  std::string raw = RawFileBytes();
  ASSERT_GT(raw.size(), 4096u);
  EXPECT_NE(raw.find(SpecimenSubmission(1).id), std::string::npos);  // ids are in clear
  EXPECT_EQ(raw.find(testing::kSpecimenSurname), std::string::npos);
  EXPECT_EQ(raw.find("ANNA"), std::string::npos);
  EXPECT_EQ(raw.find(testing::kSpecimenDocumentNumber), std::string::npos);
}

TEST_F(SubmissionQueueTest, AnAlteredPayloadIsReportedAsDataLoss) {
  auto submission = SpecimenSubmission(1);
  {
    auto queue = OpenQueue();
    ASSERT_TRUE(queue->Confirm(submission).ok());
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.Join("queue.sqlite").c_str(), &db), SQLITE_OK);
  // Byte 21 always changes: writing 00 alone left the payload intact whenever the (random)
  // ciphertext already held 00 there, one run in 256 (seen under the asan preset).
  ASSERT_EQ(sqlite3_exec(db,
                         "UPDATE submissions SET sealed_payload = substr(sealed_payload, 1, 20) "
                         "|| CASE WHEN substr(sealed_payload, 21, 1) = x'00' THEN x'01' "
                         "ELSE x'00' END || substr(sealed_payload, 22)",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto queue = OpenQueue();
  EXPECT_EQ(queue->NextToSend().status().code(), StatusCode::kDataLoss);
}

TEST_F(SubmissionQueueTest, UsesWalAndRecordsItsSchemaVersion) {
  auto queue = OpenQueue();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.Join("queue.sqlite").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(db, "SELECT max(version) FROM schema_migrations", -1, &statement, nullptr);
  ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(statement, 0), 1);
  sqlite3_finalize(statement);
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &statement, nullptr);
  ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)), "wal");
  sqlite3_finalize(statement);
  sqlite3_close(db);
}

TEST_F(SubmissionQueueTest, RefusesADatabaseFromANewerSoftware) {
  { auto queue = OpenQueue(); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.Join("queue.sqlite").c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "INSERT INTO schema_migrations VALUES (99, 0)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  QueueOptions options;
  options.database_path = dir_.Join("queue.sqlite");
  EXPECT_EQ(SubmissionQueue::Open(options, key_, clock_).status().code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(SubmissionQueueTest, ReportsAFileThatIsNotADatabase) {
  dir_.WriteFile("queue.sqlite", std::string(8192, 'z'));
  QueueOptions options;
  options.database_path = dir_.Join("queue.sqlite");
  EXPECT_EQ(SubmissionQueue::Open(options, key_, clock_).status().code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace kiosk::offline
