// Nothing acknowledged is ever lost: the server is killed with SIGKILL while four kiosks
// stream submissions; after a restart every submission that got a 201 is there, once, with
// the reference it was given.
#include <signal.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "central/sqlite_store.h"
#include "tests/central/central_instance.h"

namespace kiosk::central {
namespace {

using testing::CentralInstance;
using testing::NewUuid;
using testing::SubmissionBody;

TEST(CentralCrash, EverySubmissionAcknowledgedBeforeSigkillIsStoredOnce) {
  CentralInstance central;
  ASSERT_TRUE(central.Start()) << central.log();
  auto kiosk = central.Enrol("mairie-crash");
  ASSERT_TRUE(kiosk.has_value());

  std::mutex mutex;
  std::map<std::string, std::string> acknowledged;  // id -> reference
  std::atomic<bool> stop{false};
  std::vector<std::thread> kiosks;
  for (int k = 0; k < 4; ++k) {
    kiosks.emplace_back([&] {
      auto client = central.Client(&*kiosk);
      while (!stop) {
        std::string id = NewUuid();
        auto result =
            client->Post("/v1/submissions", {{"Idempotency-Key", id}},
                         SubmissionBody(id, "mairie-crash", {{"nom", "A"}}), "application/json");
        if (result && result->status == 201) {
          auto body = nlohmann::json::parse(result->body, nullptr, false);
          std::lock_guard lock(mutex);
          acknowledged[id] = body["reference"].get<std::string>();
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  central.Stop(SIGKILL);
  stop = true;
  for (auto& thread : kiosks) thread.join();
  ASSERT_GT(acknowledged.size(), 20u) << central.log();

  ASSERT_TRUE(central.Start()) << central.log();
  auto store = SqliteStore::Open(central.data_dir() + "/central.db");
  ASSERT_TRUE(store.ok());
  std::map<std::string, int> copies;
  ASSERT_TRUE((*store)
                  ->ForEachSubmission({},
                                      [&](const SubmissionRecord& record) {
                                        ++copies[record.id];
                                        return true;
                                      })
                  .ok());
  size_t missing = 0;
  for (const auto& [id, reference] : acknowledged) {
    auto found = (*store)->FindSubmission(id, false);
    if (!found.ok()) {
      ++missing;
      continue;
    }
    EXPECT_EQ(found->reference, reference);
    EXPECT_EQ(copies[id], 1);
  }
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged";

  // A kiosk that never saw its 201 resends after the restart: the replay is recognised.
  auto client = central.Client(&*kiosk);
  const auto& [some_id, some_reference] = *acknowledged.begin();
  auto replay =
      client->Post("/v1/submissions", {{"Idempotency-Key", some_id}},
                   SubmissionBody(some_id, "mairie-crash", {{"nom", "A"}}), "application/json");
  ASSERT_TRUE(replay);
  EXPECT_EQ(replay->status, 201);
  EXPECT_NE(replay->body.find(some_reference), std::string::npos);
}

}  // namespace
}  // namespace kiosk::central
