// The durable queue of confirmed submissions waiting to reach the centre.
//
// A submission is frozen when the citizen confirms: its canonical JSON bytes, its id, its
// procedure and the printable data of its receipt enter the queue as `pending` and never
// change. States:
//
//   pending ──► sending ──► sent (payload deleted; id, reference, procedure, times kept)
//                  │
//                  ├──► waiting (next attempt time, attempt count, last error) ──► sending
//                  └──► quarantined (reason, for a human; `Retry` puts it back to pending)
//
// `sending` is committed before any byte leaves the kiosk; at Open() every row left in
// `sending` (a crash or power cut mid-request) becomes `waiting`, so it is sent again with the
// same id and bytes and the centre deduplicates it.
//
// Storage: SQLite, WAL journal, synchronous=FULL (a confirmed submission survives a power cut),
// versioned schema migrations. Payload and receipt data are sealed with AES-256-GCM under the
// device data key with the submission id as associated data: the database file never holds a
// citizen's data in clear. Ids, procedure ids, states, times, error codes and central
// references are stored in clear (they name no one).
//
// Thread: every method is safe to call from any thread (one connection behind a mutex).
// Another process (kioskctl) may open the same file at the same time; a tool that only looks
// (a receipt reprint) opens it with QueueOptions::read_only, which leaves a running kiosk's
// `sending` rows alone.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "offline/crypto/data_key.h"

namespace kiosk::offline {

class SqliteDatabase;
class SqliteStatement;

// What the procedure engine hands over when the citizen confirms.
struct FrozenSubmission {
  std::string id;  // UUID v4, lower case; also the Idempotency-Key
  std::string procedure_id;
  int procedure_version = 0;
  std::string payload;       // canonical JSON bytes, sent as is on every attempt
  std::string receipt_data;  // printable receipt data (opaque to the queue)
};

enum class SubmissionState { kPending, kSending, kWaiting, kSent, kQuarantined };
std::string_view SubmissionStateName(SubmissionState state);

using TimePoint = std::chrono::system_clock::time_point;

// Everything the queue knows about one submission except its (encrypted) data.
struct SubmissionRecord {
  int64_t sequence = 0;  // confirmation order
  std::string id;
  std::string procedure_id;
  int procedure_version = 0;
  SubmissionState state = SubmissionState::kPending;
  TimePoint confirmed_at;
  int attempt_count = 0;
  std::optional<TimePoint> next_attempt_at;
  std::optional<TimePoint> last_attempt_at;
  std::string last_error;         // no personal data: codes and HTTP statuses only
  std::string quarantine_reason;  // for staff; no personal data
  std::string central_reference;  // when sent
  std::string received_at;        // centre's time of receipt (RFC 3339), when sent
  std::optional<TimePoint> sent_at;
  int64_t payload_size = 0;
  bool has_payload = false;  // false once sent
};

// The next submission to send, with its plaintext bytes.
struct OutgoingSubmission {
  SubmissionRecord record;
  std::string payload;
};

struct QueueSummary {
  int64_t pending = 0;
  int64_t sending = 0;
  int64_t waiting = 0;
  int64_t sent = 0;
  int64_t quarantined = 0;
  std::optional<TimePoint> oldest_unsent_confirmed_at;  // pending, sending or waiting
  std::optional<std::string> paused_reason;             // set while the queue is paused
  int64_t unsent() const { return pending + sending + waiting; }
};

struct QueueOptions {
  std::string database_path;  // e.g. <data_dir>/queue.sqlite
  std::chrono::hours sent_retention{24 * 30};
  int busy_timeout_ms = 5000;
  // Inspection: open an existing database for reading only. Nothing is created, migrated or
  // recovered (a `sending` row stays `sending`: the kiosk that is sending it may be running),
  // and every write (Confirm, Mark*, Retry, Pause, Resume, PurgeSent) fails with
  // kPermissionDenied.
  bool read_only = false;
};

class SubmissionQueue {
 public:
  // Opens or creates the database, applies pending schema migrations and turns every
  // `sending` row into `waiting`. `key` and `clock` are copied / must outlive the queue.
  // With options.read_only: opens the existing database as it is; kNotFound when there is
  // none, kFailedPrecondition when its schema is not the one this software writes.
  static StatusOr<std::unique_ptr<SubmissionQueue>> Open(const QueueOptions& options,
                                                         const DataKey& key, const Clock& clock);
  ~SubmissionQueue();
  SubmissionQueue(const SubmissionQueue&) = delete;
  SubmissionQueue& operator=(const SubmissionQueue&) = delete;

  // Stores a new submission as `pending`; returns once the commit is durable.
  // kInvalidInput for an empty id, procedure or payload; kAlreadyExists for a known id.
  Status Confirm(const FrozenSubmission& submission);

  // The oldest unsent submission (pending or waiting; quarantined ones are skipped) with its
  // decrypted payload, or nullopt when nothing is left to send. Its next attempt time may
  // still be in the future: the caller waits (sends stay in confirmation order).
  StatusOr<std::optional<OutgoingSubmission>> NextToSend();

  // Transitions. Each is one durable commit; kFailedPrecondition from a state that does not
  // allow it, kNotFound for an unknown id.
  Status MarkSending(const std::string& id);  // pending|waiting -> sending, attempt_count+1
  Status MarkSent(const std::string& id, const std::string& central_reference,
                  const std::string& received_at);  // sending -> sent; deletes the payload
  Status MarkWaiting(const std::string& id, TimePoint next_attempt_at,
                     const std::string& error);                              // sending -> waiting
  Status MarkQuarantined(const std::string& id, const std::string& reason);  // sending -> q.
  // Staff: quarantined|waiting -> pending, due now.
  Status Retry(const std::string& id);

  // Whole-queue pause (401/403: this kiosk is not accepted by the centre). Persistent.
  Status Pause(const std::string& reason);
  Status Resume();

  StatusOr<QueueSummary> Summary();
  // The most recent `limit` submissions, newest first.
  StatusOr<std::vector<SubmissionRecord>> List(int limit);
  StatusOr<SubmissionRecord> Find(const std::string& id);
  // The decrypted payload and receipt data of an unsent submission (staff `--reveal`).
  StatusOr<FrozenSubmission> Reveal(const std::string& id);
  // The decrypted receipt data alone (a reprint: the payload is not decrypted). kNotFound for
  // an unknown id; kFailedPrecondition once the submission was sent, since MarkSent() deletes
  // the receipt data with the payload.
  StatusOr<std::string> ReadReceipt(const std::string& id);

  // Deletes `sent` rows older than the retention; returns how many.
  StatusOr<int64_t> PurgeSent();

  const std::string& database_path() const { return options_.database_path; }

 private:
  SubmissionQueue(const QueueOptions& options, const DataKey& key, const Clock& clock,
                  std::unique_ptr<SqliteDatabase> db);
  Status Migrate();
  // Read-only open: the stored schema must be the current one, since nothing may migrate it.
  Status CheckSchemaForReading();
  // The newest applied schema version, 0 for a database that has none. REQUIRES: mutex_ held.
  StatusOr<int64_t> StoredSchemaVersion();
  Status RecoverInterruptedSends();
  // Runs `sql` (an UPDATE whose last parameter is the id) in one durable transaction;
  // kNotFound / kFailedPrecondition when it changed no row.
  Status UpdateOne(const std::string& id, std::string_view sql, std::string_view transition,
                   const std::function<void(SqliteStatement&)>& bind);
  int64_t NowMs() const;

  QueueOptions options_;
  DataKey key_;
  const Clock& clock_;
  std::mutex mutex_;
  std::unique_ptr<SqliteDatabase> db_;  // guarded by mutex_
};

}  // namespace kiosk::offline
