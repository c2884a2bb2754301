// QueueSubmissionSink on a real encrypted queue, without a centre (the kiosk not enrolled).
// Delivery against the real guichet-central is in queue_submission_sink_central_test.cpp.
#include "kiosk/devices/queue_submission_sink.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "base/local_reference.h"
#include "drivers/printer/receipt_data.h"
#include "kiosk/devices/receipt_conversion.h"
#include "tests/kiosk/devices/device_fixtures.h"
#include "tests/support/temp_dir.h"

namespace kiosk::devices {
namespace {

using namespace std::chrono_literals;

class QueueSubmissionSinkTest : public ::testing::Test {
 protected:
  QueueSubmissionSinkTest() {
    offline::QueueOptions options;
    options.database_path = dir_.Join("queue.sqlite");
    queue_ =
        std::move(offline::SubmissionQueue::Open(options, testing::TestDataKey(), clock_)).value();
  }

  kiosk::testing::TempDir dir_;
  FakeClock clock_;
  std::unique_ptr<offline::SubmissionQueue> queue_;
};

TEST_F(QueueSubmissionSinkTest, StoresTheFrozenBytesAndTheReceiptForAReprint) {
  QueueSubmissionSink sink(*queue_, nullptr);
  session::ConfirmedSubmission submission = testing::SpecimenConfirmed(1);
  auto reference = sink.Submit(submission);
  ASSERT_TRUE(reference.ok()) << reference.status().ToString();
  EXPECT_EQ(*reference, LocalReferenceFromUuid(submission.id).value());

  auto record = queue_->Find(submission.id);
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->state, offline::SubmissionState::kPending);
  EXPECT_EQ(record->procedure_id, "acte-naissance");
  EXPECT_EQ(record->procedure_version, 3);

  auto revealed = queue_->Reveal(submission.id);
  ASSERT_TRUE(revealed.ok());
  EXPECT_EQ(revealed->payload, submission.bytes);
  auto receipt = printer::ParseReceiptJson(revealed->receipt_data);
  ASSERT_TRUE(receipt.ok()) << receipt.status().ToString();
  EXPECT_EQ(*receipt, ToReceiptData(submission.receipt));
}

TEST_F(QueueSubmissionSinkTest, TheDatabaseNeverHoldsTheCitizenInClear) {
  QueueSubmissionSink sink(*queue_, nullptr);
  for (int n = 1; n <= 3; ++n) ASSERT_TRUE(sink.Submit(testing::SpecimenConfirmed(n)).ok());
  std::string bytes = kiosk::testing::ReadFile(dir_.Join("queue.sqlite")) +
                      kiosk::testing::ReadFile(dir_.Join("queue.sqlite-wal"));
  ASSERT_FALSE(bytes.empty());
  for (const char* personal : {"ERIKSSON", "ANNA MARIA", "L898902C3", "Copie int"}) {
    EXPECT_EQ(bytes.find(personal), std::string::npos) << personal;
  }
  // What names no one stays readable for staff tools.
  EXPECT_NE(bytes.find("acte-naissance"), std::string::npos);
}

TEST_F(QueueSubmissionSinkTest, TheSameSubmissionTwiceIsStoredOnce) {
  QueueSubmissionSink sink(*queue_, nullptr);
  session::ConfirmedSubmission submission = testing::SpecimenConfirmed(1);
  auto first = sink.Submit(submission);
  auto second = sink.Submit(submission);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(*first, *second);
  EXPECT_EQ(queue_->Summary()->pending, 1);
}

TEST_F(QueueSubmissionSinkTest, RefusesWhatTheQueueCannotKeepAndStoresNothing) {
  QueueSubmissionSink sink(*queue_, nullptr);
  session::ConfirmedSubmission bad_id = testing::SpecimenConfirmed(1);
  bad_id.id = "not-a-uuid";
  EXPECT_EQ(sink.Submit(bad_id).status().code(), StatusCode::kInvalidInput);
  session::ConfirmedSubmission empty = testing::SpecimenConfirmed(2);
  empty.bytes.clear();
  EXPECT_EQ(sink.Submit(empty).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(queue_->Summary()->unsent(), 0);
}

TEST_F(QueueSubmissionSinkTest, WithoutACentreAwaitDeliveryAnswersAtOnce) {
  QueueSubmissionSink sink(*queue_, nullptr);
  session::ConfirmedSubmission submission = testing::SpecimenConfirmed(1);
  ASSERT_TRUE(sink.Submit(submission).ok());
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(sink.AwaitDelivery(submission.id, 5s), std::nullopt);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 500ms);
}

TEST_F(QueueSubmissionSinkTest, LocalReferenceIsTheReceiptsAndEmptyForANonUuid) {
  QueueSubmissionSink sink(*queue_, nullptr);
  EXPECT_EQ(sink.LocalReference("5f0c8a1e-2b7d-4c3a-9e1f-0a2b3c4d5e6f"),
            LocalReferenceFromUuid("5f0c8a1e-2b7d-4c3a-9e1f-0a2b3c4d5e6f").value());
  EXPECT_EQ(sink.LocalReference("nope"), "");
}

}  // namespace
}  // namespace kiosk::devices
