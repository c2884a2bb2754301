// The default CentralStore: one SQLite file in WAL mode with synchronous=FULL.
//
// Submissions go through group commit: request threads hand their insert to one writer
// thread and wait; the writer takes every insert waiting at that moment, runs them in one
// transaction, commits (one fsync for the whole batch) and then wakes each waiter with its
// own result. Durability is that of synchronous=FULL for every acknowledged insert, at the
// cost of one fsync per batch instead of one per submission.
//
// Other writes (tokens, kiosks, heartbeats) and reads use a second connection behind a
// mutex; SQLite's busy timeout serialises them with the writer and with an administration
// process working on the same file.
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "central/central_store.h"

namespace kiosk::central {

class SqliteStore : public CentralStore {
 public:
  // Opens (creating if needed) the database at `path` and starts the writer thread.
  static StatusOr<std::unique_ptr<SqliteStore>> Open(const std::string& path);
  // Finishes the queued inserts, stops the writer and closes the connections.
  ~SqliteStore() override;

  StatusOr<InsertResult> InsertSubmission(NewSubmission submission) override;
  StatusOr<SubmissionRecord> FindSubmission(const std::string& id, bool with_body) override;
  Status ForEachSubmission(const SubmissionFilter& filter,
                           const std::function<bool(const SubmissionRecord&)>& visit) override;
  Status CreateToken(const std::string& token_sha256, const std::string& kiosk_id,
                     std::chrono::system_clock::time_point created_at,
                     std::chrono::system_clock::time_point expires_at) override;
  StatusOr<TokenRedemption> RedeemToken(const std::string& token_sha256,
                                        std::chrono::system_clock::time_point now,
                                        std::string* kiosk_id) override;
  Status RecordEnrolment(const std::string& kiosk_id, const std::string& serial,
                         std::chrono::system_clock::time_point at) override;
  StatusOr<bool> RecordRenewal(const std::string& kiosk_id, const std::string& old_serial,
                               const std::string& new_serial) override;
  StatusOr<std::vector<KioskRecord>> ListKiosks() override;
  Status RevokeKiosk(const std::string& kiosk_id,
                     std::chrono::system_clock::time_point at) override;
  StatusOr<KioskRecord> FindKiosk(const std::string& kiosk_id) override;
  Status RecordHeartbeat(const std::string& kiosk_id, const std::string& state_json,
                         std::chrono::system_clock::time_point at) override;

  // Largest number of inserts committed together so far (for the benchmark and tests).
  size_t LargestBatch() const;

 private:
  struct PendingInsert {
    NewSubmission submission;
    std::promise<StatusOr<InsertResult>> done;
  };

  SqliteStore(sqlite3* writer, sqlite3* reader);
  void WriterLoop();
  // Runs one batch in one transaction; fills each promise after the commit.
  void CommitBatch(std::deque<std::unique_ptr<PendingInsert>>& batch);

  sqlite3* writer_;  // used only by the writer thread
  std::mutex reader_mutex_;
  sqlite3* reader_;  // guarded by reader_mutex_; also used for the small writes

  mutable std::mutex queue_mutex_;
  std::condition_variable queue_ready_;
  std::deque<std::unique_ptr<PendingInsert>> queue_;  // guarded by queue_mutex_
  bool stopping_ = false;                             // guarded by queue_mutex_
  size_t largest_batch_ = 0;                          // guarded by queue_mutex_
  std::thread writer_thread_;
};

}  // namespace kiosk::central
