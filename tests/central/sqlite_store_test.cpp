#include "central/sqlite_store.h"

#include <thread>

#include <gtest/gtest.h>

#include "central/pki.h"
#include "tests/support/temp_dir.h"

namespace kiosk::central {
namespace {

using std::chrono::system_clock;

NewSubmission Submission(const std::string& id, const std::string& body,
                         const std::string& procedure = "acte-naissance") {
  NewSubmission s;
  s.id = id;
  s.kiosk_id = "mairie-01";
  s.procedure_id = procedure;
  s.procedure_version = 3;
  s.body = body;
  s.body_sha256 = HexEncode(Sha256(body));
  s.received_at = system_clock::from_time_t(1'800'000'000);
  return s;
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = SqliteStore::Open(temp_.Join("central.db"));
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
  }
  kiosk::testing::TempDir temp_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(SqliteStoreTest, StoresOnceAndRecognisesAReplay) {
  auto first = store_->InsertSubmission(Submission("a", "{1}"));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->outcome, InsertOutcome::kStored);
  EXPECT_EQ(first->record.reference, "GU-2027-000001");
  auto again = store_->InsertSubmission(Submission("a", "{1}"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->outcome, InsertOutcome::kReplay);
  EXPECT_EQ(again->record.reference, "GU-2027-000001");
}

TEST_F(SqliteStoreTest, SameIdWithOtherBytesIsAConflict) {
  ASSERT_TRUE(store_->InsertSubmission(Submission("a", "{1}")).ok());
  auto other = store_->InsertSubmission(Submission("a", "{2}"));
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->outcome, InsertOutcome::kConflict);
  auto stored = store_->FindSubmission("a", true);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->body, "{1}");
}

TEST_F(SqliteStoreTest, ConcurrentInsertsAreAllStoredWithDistinctReferences) {
  constexpr int kThreads = 4;
  constexpr int kEach = 50;
  std::vector<std::thread> threads;
  std::vector<std::vector<std::string>> references(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        std::string id = std::to_string(t) + "-" + std::to_string(i);
        auto result = store_->InsertSubmission(Submission(id, "{" + id + "}"));
        if (result.ok()) references[t].push_back(result->record.reference);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::string> distinct;
  for (const auto& list : references) distinct.insert(list.begin(), list.end());
  EXPECT_EQ(distinct.size(), static_cast<size_t>(kThreads * kEach));
  size_t count = 0;
  ASSERT_TRUE(store_->ForEachSubmission({}, [&](const SubmissionRecord&) { return ++count; }).ok());
  EXPECT_EQ(count, static_cast<size_t>(kThreads * kEach));
}

TEST_F(SqliteStoreTest, DuplicatesInsideOneBatchAreStoredOnce) {
  std::vector<std::thread> threads;
  std::vector<InsertOutcome> outcomes(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back(
        [&, t] { outcomes[t] = store_->InsertSubmission(Submission("same", "{x}"))->outcome; });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(std::count(outcomes.begin(), outcomes.end(), InsertOutcome::kStored), 1);
  EXPECT_EQ(std::count(outcomes.begin(), outcomes.end(), InsertOutcome::kReplay), 7);
}

TEST_F(SqliteStoreTest, FiltersByProcedureAndDate) {
  ASSERT_TRUE(store_->InsertSubmission(Submission("a", "{a}", "acte-naissance")).ok());
  ASSERT_TRUE(store_->InsertSubmission(Submission("b", "{b}", "recensement")).ok());
  SubmissionFilter filter;
  filter.procedure_id = "recensement";
  std::vector<std::string> ids;
  ASSERT_TRUE(store_
                  ->ForEachSubmission(filter,
                                      [&](const SubmissionRecord& r) {
                                        ids.push_back(r.id);
                                        return true;
                                      })
                  .ok());
  EXPECT_EQ(ids, std::vector<std::string>{"b"});

  filter = {};
  filter.received_from = "2027-01-16T00:00:00Z";
  ids.clear();
  ASSERT_TRUE(store_
                  ->ForEachSubmission(filter,
                                      [&](const SubmissionRecord& r) {
                                        ids.push_back(r.id);
                                        return true;
                                      })
                  .ok());
  EXPECT_TRUE(ids.empty());
}

TEST_F(SqliteStoreTest, SurvivesReopening) {
  ASSERT_TRUE(store_->InsertSubmission(Submission("a", "{1}")).ok());
  store_.reset();
  auto reopened = SqliteStore::Open(temp_.Join("central.db"));
  ASSERT_TRUE(reopened.ok());
  auto found = (*reopened)->FindSubmission("a", true);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->body, "{1}");
  EXPECT_EQ((*reopened)->InsertSubmission(Submission("b", "{2}"))->record.reference,
            "GU-2027-000002");
}

TEST_F(SqliteStoreTest, TokenIsRedeemedOnce) {
  auto now = system_clock::from_time_t(1'800'000'000);
  ASSERT_TRUE(store_->CreateToken("hash", "mairie-01", now, now + std::chrono::hours(1)).ok());
  std::string kiosk;
  EXPECT_EQ(*store_->RedeemToken("hash", now, &kiosk), TokenRedemption::kRedeemed);
  EXPECT_EQ(kiosk, "mairie-01");
  EXPECT_EQ(*store_->RedeemToken("hash", now, &kiosk), TokenRedemption::kUsed);
  EXPECT_EQ(*store_->RedeemToken("other", now, &kiosk), TokenRedemption::kUnknown);
}

TEST_F(SqliteStoreTest, TokenExpires) {
  auto now = system_clock::from_time_t(1'800'000'000);
  ASSERT_TRUE(store_->CreateToken("hash", "mairie-01", now, now + std::chrono::hours(1)).ok());
  std::string kiosk;
  EXPECT_EQ(*store_->RedeemToken("hash", now + std::chrono::hours(2), &kiosk),
            TokenRedemption::kExpired);
}

TEST_F(SqliteStoreTest, RevokingAnUnknownKioskIsNotFound) {
  EXPECT_EQ(store_->RevokeKiosk("nobody", system_clock::now()).code(), StatusCode::kNotFound);
}

TEST_F(SqliteStoreTest, ReEnrolmentClearsARevocation) {
  auto now = system_clock::now();
  ASSERT_TRUE(store_->RecordEnrolment("k", "01", now).ok());
  ASSERT_TRUE(store_->RevokeKiosk("k", now).ok());
  EXPECT_TRUE(store_->FindKiosk("k")->revoked_at.has_value());
  ASSERT_TRUE(store_->RecordEnrolment("k", "02", now).ok());
  EXPECT_FALSE(store_->FindKiosk("k")->revoked_at.has_value());
  EXPECT_EQ(store_->FindKiosk("k")->certificate_serial, "02");
}

TEST_F(SqliteStoreTest, RenewalReplacesTheSerialOnlyFromTheCurrentOne) {
  auto enrolled_at = system_clock::from_time_t(1'800'000'000);
  ASSERT_TRUE(store_->RecordEnrolment("k", "01", enrolled_at).ok());
  auto renewed = store_->RecordRenewal("k", "01", "02");
  ASSERT_TRUE(renewed.ok()) << renewed.status().ToString();
  EXPECT_TRUE(*renewed);
  EXPECT_EQ(store_->FindKiosk("k")->certificate_serial, "02");
  EXPECT_EQ(store_->FindKiosk("k")->enrolled_at, "2027-01-15T08:00:00Z");
  // A second renewal with the superseded certificate loses.
  EXPECT_FALSE(*store_->RecordRenewal("k", "01", "03"));
  EXPECT_EQ(store_->FindKiosk("k")->certificate_serial, "02");
  EXPECT_FALSE(*store_->RecordRenewal("nobody", "01", "02"));
}

TEST_F(SqliteStoreTest, RenewalDoesNotLiftARevocation) {
  auto now = system_clock::now();
  ASSERT_TRUE(store_->RecordEnrolment("k", "01", now).ok());
  ASSERT_TRUE(store_->RevokeKiosk("k", now).ok());
  EXPECT_FALSE(*store_->RecordRenewal("k", "01", "02"));
  EXPECT_TRUE(store_->FindKiosk("k")->revoked_at.has_value());
  EXPECT_EQ(store_->FindKiosk("k")->certificate_serial, "01");
}

TEST(SqliteStoreOpen, UnwritableFolderIsAFailedPrecondition) {
  auto store = SqliteStore::Open("/nonexistent-folder/central.db");
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace kiosk::central
