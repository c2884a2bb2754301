// Kill torture: a separate sync process confirms and sends submissions and is killed with
// SIGKILL at random points, 200 times. Afterwards every confirmed submission is at the centre
// exactly once, with the bytes the kiosk froze, and the queue agrees with the centre.
// (scripts/sync-kill-soak.sh runs the same with 10,000 kills.)
#include <signal.h>
#include <sqlite3.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "tests/offline/support/test_centre.h"
#include "tests/offline/support/test_pki.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace kiosk::offline {
namespace {

using kiosk::testing::BinaryPath;
using kiosk::testing::ChildProcess;
using kiosk::testing::TempDir;

int KillCount() {
  const char* text = std::getenv("KIOSK_KILL_TORTURE_KILLS");
  return text != nullptr ? std::max(1, std::atoi(text)) : 200;
}

std::set<std::string> Lines(const std::string& path) {
  std::ifstream in(path);
  std::set<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (line.size() == 36) lines.insert(line);  // a torn last line is not a confirmation
  }
  return lines;
}

struct Row {
  std::string state;
  std::string reference;
};

std::map<std::string, Row> QueueRows(const std::string& path) {
  std::map<std::string, Row> rows;
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(db, "SELECT id, state, central_reference FROM submissions", -1, &statement,
                     nullptr);
  while (sqlite3_step(statement) == SQLITE_ROW) {
    rows[reinterpret_cast<const char*>(sqlite3_column_text(statement, 0))] = {
        reinterpret_cast<const char*>(sqlite3_column_text(statement, 1)),
        reinterpret_cast<const char*>(sqlite3_column_text(statement, 2))};
  }
  sqlite3_finalize(statement);
  sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &statement, nullptr);
  EXPECT_EQ(sqlite3_step(statement), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)), "ok");
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return rows;
}

TEST(KillTorture, EveryConfirmedSubmissionReachesTheCentreExactlyOnce) {
  TempDir dir;
  auto pki = testing::TestPki::Create(dir.path().string());
  testing::TestCentre centre(pki.server_cert, pki.server_key, pki.ca_cert);
  std::string data_dir = dir.Join("kiosk");
  std::filesystem::create_directory(data_dir);
  std::string confirmed_log = dir.Join("confirmed.log");
  auto command = [&](int first, int count) {
    return std::vector<std::string>{BinaryPath("sync_torture_child"),
                                    data_dir,
                                    centre.url(),
                                    pki.ca_cert,
                                    pki.client_cert,
                                    pki.client_key,
                                    std::to_string(first),
                                    std::to_string(count),
                                    confirmed_log};
  };

  std::mt19937 random(20261203);
  std::uniform_int_distribution<int> lifetime_ms(10, 120);
  const int kills = KillCount();
  int next_number = 1;
  int killed_while_running = 0;
  for (int round = 0; round < kills; ++round) {
    ChildProcess child(command(next_number, 1000), dir.Join("child.log"));
    std::this_thread::sleep_for(std::chrono::milliseconds(lifetime_ms(random)));
    if (child.running()) ++killed_while_running;
    child.Stop(SIGKILL);
    next_number += 1000;  // every life gets fresh numbers
  }

  // A last life without a kill drains whatever is left.
  auto drained = testing::RunCommand(command(next_number, 0));
  ASSERT_EQ(drained.exit_code, 0) << drained.err;

  std::set<std::string> confirmed = Lines(confirmed_log);
  auto stored = centre.Submissions();
  auto rows = QueueRows(data_dir + "/queue.sqlite");
  RecordProperty("kills", kills);
  RecordProperty("confirmed", static_cast<int>(confirmed.size()));
  std::printf("kills: %d (%d mid-run), confirmed: %zu, in queue: %zu, at centre: %zu, posts: %d\n",
              kills, killed_while_running, confirmed.size(), rows.size(), stored.size(),
              centre.submission_posts());
  EXPECT_GT(killed_while_running, kills / 2);
  EXPECT_GT(confirmed.size(), 0u);

  // Every confirmation reached the centre; the centre holds nothing the kiosk did not queue.
  for (const std::string& id : confirmed) {
    EXPECT_EQ(stored.count(id), 1u) << id;
    EXPECT_EQ(rows.count(id), 1u) << id;
  }
  EXPECT_EQ(stored.size(), rows.size());
  EXPECT_EQ(centre.conflicts(), 0);  // a resend always carried the same bytes
  for (const auto& [id, row] : rows) {
    EXPECT_EQ(row.state, "sent") << id;
    ASSERT_EQ(stored.count(id), 1u) << id;
    EXPECT_EQ(row.reference, stored[id].reference) << id;
  }

  // The kiosk's files never held the citizen's data in clear, whatever the kills left behind.
  std::string raw;
  for (const char* suffix : {"", "-wal"}) {
    std::ifstream in(data_dir + "/queue.sqlite" + suffix, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    raw += text.str();
  }
  EXPECT_EQ(raw.find("ERIKSSON"), std::string::npos);
  EXPECT_EQ(raw.find("L898902C3"), std::string::npos);
}

}  // namespace
}  // namespace kiosk::offline
