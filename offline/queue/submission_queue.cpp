#include "offline/queue/submission_queue.h"

#include <filesystem>

#include <fmt/format.h>

#include "base/log.h"
#include "offline/crypto/sealed_box.h"
#include "offline/queue/sqlite_database.h"

namespace kiosk::offline {
namespace {

// Each entry is applied once, in order, in its own transaction; never edit a released one,
// add a new version instead.
struct Migration {
  int version;
  const char* sql;
};
constexpr Migration kMigrations[] = {
    {1, R"sql(
      CREATE TABLE submissions (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        procedure_id TEXT NOT NULL,
        procedure_version INTEGER NOT NULL,
        state TEXT NOT NULL
          CHECK (state IN ('pending', 'sending', 'waiting', 'sent', 'quarantined')),
        sealed_payload BLOB,
        sealed_receipt BLOB,
        payload_size INTEGER NOT NULL,
        confirmed_at_ms INTEGER NOT NULL,
        attempt_count INTEGER NOT NULL DEFAULT 0,
        next_attempt_at_ms INTEGER,
        last_attempt_at_ms INTEGER,
        last_error TEXT NOT NULL DEFAULT '',
        quarantine_reason TEXT NOT NULL DEFAULT '',
        central_reference TEXT NOT NULL DEFAULT '',
        received_at TEXT NOT NULL DEFAULT '',
        sent_at_ms INTEGER,
        CHECK (state = 'sent' OR sealed_payload IS NOT NULL)
      );
      CREATE INDEX submissions_by_state ON submissions (state, sequence);
      CREATE TABLE queue_flags (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    )sql"},
};

constexpr int64_t kSchemaVersion = kMigrations[std::size(kMigrations) - 1].version;

constexpr char kColumns[] =
    "sequence, id, procedure_id, procedure_version, state, confirmed_at_ms, attempt_count, "
    "next_attempt_at_ms, last_attempt_at_ms, last_error, quarantine_reason, central_reference, "
    "received_at, sent_at_ms, payload_size, sealed_payload IS NOT NULL";

TimePoint FromMs(int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

int64_t ToMs(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

std::optional<TimePoint> OptionalTime(const SqliteStatement& row, int column) {
  if (row.IsNull(column)) return std::nullopt;
  return FromMs(row.Integer(column));
}

SubmissionState StateFromName(const std::string& name) {
  if (name == "sending") return SubmissionState::kSending;
  if (name == "waiting") return SubmissionState::kWaiting;
  if (name == "sent") return SubmissionState::kSent;
  if (name == "quarantined") return SubmissionState::kQuarantined;
  return SubmissionState::kPending;
}

SubmissionRecord ReadRecord(const SqliteStatement& row) {
  SubmissionRecord record;
  record.sequence = row.Integer(0);
  record.id = row.Text(1);
  record.procedure_id = row.Text(2);
  record.procedure_version = static_cast<int>(row.Integer(3));
  record.state = StateFromName(row.Text(4));
  record.confirmed_at = FromMs(row.Integer(5));
  record.attempt_count = static_cast<int>(row.Integer(6));
  record.next_attempt_at = OptionalTime(row, 7);
  record.last_attempt_at = OptionalTime(row, 8);
  record.last_error = row.Text(9);
  record.quarantine_reason = row.Text(10);
  record.central_reference = row.Text(11);
  record.received_at = row.Text(12);
  record.sent_at = OptionalTime(row, 13);
  record.payload_size = row.Integer(14);
  record.has_payload = row.Integer(15) != 0;
  return record;
}

// The receipt blob gets its own associated data so that it cannot be swapped with the
// payload of the same submission.
std::string ReceiptAssociatedData(const std::string& id) { return id + "/receipt"; }

}  // namespace

std::string_view SubmissionStateName(SubmissionState state) {
  switch (state) {
    case SubmissionState::kPending:
      return "pending";
    case SubmissionState::kSending:
      return "sending";
    case SubmissionState::kWaiting:
      return "waiting";
    case SubmissionState::kSent:
      return "sent";
    case SubmissionState::kQuarantined:
      return "quarantined";
  }
  return "pending";
}

SubmissionQueue::SubmissionQueue(const QueueOptions& options, const DataKey& key,
                                 const Clock& clock, std::unique_ptr<SqliteDatabase> db)
    : options_(options), key_(key), clock_(clock), db_(std::move(db)) {}

SubmissionQueue::~SubmissionQueue() = default;

StatusOr<std::unique_ptr<SubmissionQueue>> SubmissionQueue::Open(const QueueOptions& options,
                                                                 const DataKey& key,
                                                                 const Clock& clock) {
  if (options.read_only) {
    std::error_code error;
    if (!std::filesystem::exists(options.database_path, error)) {
      return NotFoundError("no submission queue at " + options.database_path);
    }
  }
  auto db = SqliteDatabase::Open(
      options.database_path, options.busy_timeout_ms,
      options.read_only ? SqliteOpenMode::kReadOnly : SqliteOpenMode::kReadWrite);
  if (!db.ok()) return db.status();
  std::unique_ptr<SubmissionQueue> queue(new SubmissionQueue(
      options, key, clock, std::make_unique<SqliteDatabase>(std::move(db).value())));
  if (options.read_only) {
    KIOSK_RETURN_IF_ERROR(queue->CheckSchemaForReading());
    return queue;
  }
  KIOSK_RETURN_IF_ERROR(queue->Migrate());
  KIOSK_RETURN_IF_ERROR(queue->RecoverInterruptedSends());
  return queue;
}

int64_t SubmissionQueue::NowMs() const { return ToMs(clock_.Now()); }

Status SubmissionQueue::Migrate() {
  std::lock_guard lock(mutex_);
  KIOSK_RETURN_IF_ERROR(
      db_->Execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                   "version INTEGER PRIMARY KEY, applied_at_ms INTEGER NOT NULL)"));
  for (const Migration& migration : kMigrations) {
    auto transaction = SqliteTransaction::Begin(*db_);
    if (!transaction.ok()) return transaction.status();
    KIOSK_ASSIGN_OR_RETURN(auto check,
                           db_->Prepare("SELECT 1 FROM schema_migrations WHERE version = ?"));
    check.Bind(1, int64_t{migration.version});
    KIOSK_ASSIGN_OR_RETURN(bool applied, check.Step());
    if (applied) continue;
    KIOSK_RETURN_IF_ERROR(db_->Execute(migration.sql)
                              .WithContext(fmt::format("schema migration {}", migration.version)));
    KIOSK_ASSIGN_OR_RETURN(auto record,
                           db_->Prepare("INSERT INTO schema_migrations VALUES (?, ?)"));
    record.Bind(1, int64_t{migration.version}).Bind(2, NowMs());
    KIOSK_RETURN_IF_ERROR(record.Run());
    KIOSK_RETURN_IF_ERROR(transaction->Commit());
    Log(Subsystem::kQueue).info("queue schema migrated to version {}", migration.version);
  }

  // A database written by a newer kiosk version: refuse rather than misread it.
  KIOSK_ASSIGN_OR_RETURN(int64_t stored, StoredSchemaVersion());
  if (stored > kSchemaVersion) {
    return FailedPreconditionError(
        fmt::format("queue database schema version {} is newer than this software ({})", stored,
                    kSchemaVersion));
  }
  return OkStatus();
}

Status SubmissionQueue::CheckSchemaForReading() {
  std::lock_guard lock(mutex_);
  KIOSK_ASSIGN_OR_RETURN(int64_t stored, StoredSchemaVersion());
  if (stored > kSchemaVersion) {
    return FailedPreconditionError(
        fmt::format("queue database schema version {} is newer than this software ({})", stored,
                    kSchemaVersion));
  }
  if (stored < kSchemaVersion) {
    return FailedPreconditionError(
        fmt::format("queue database schema version {} is older than this software ({}); the "
                    "kiosk migrates it when it starts",
                    stored, kSchemaVersion));
  }
  return OkStatus();
}

StatusOr<int64_t> SubmissionQueue::StoredSchemaVersion() {
  KIOSK_ASSIGN_OR_RETURN(auto table, db_->Prepare("SELECT 1 FROM sqlite_master WHERE type = "
                                                  "'table' AND name = 'schema_migrations'"));
  KIOSK_ASSIGN_OR_RETURN(bool has_table, table.Step());
  if (!has_table) return int64_t{0};
  KIOSK_ASSIGN_OR_RETURN(auto newest, db_->Prepare("SELECT max(version) FROM schema_migrations"));
  KIOSK_ASSIGN_OR_RETURN(bool has_row, newest.Step());
  if (!has_row || newest.IsNull(0)) return int64_t{0};
  return newest.Integer(0);
}

Status SubmissionQueue::RecoverInterruptedSends() {
  std::lock_guard lock(mutex_);
  KIOSK_ASSIGN_OR_RETURN(
      auto update,
      db_->Prepare("UPDATE submissions SET state = 'waiting', next_attempt_at_ms = ?, "
                   "last_error = 'interrupted while sending' WHERE state = 'sending'"));
  update.Bind(1, NowMs());
  KIOSK_RETURN_IF_ERROR(update.Run());
  int64_t recovered = db_->Changes();
  if (recovered > 0) {
    Log(Subsystem::kQueue)
        .warn("{} submission(s) were interrupted while sending; they will be sent again",
              recovered);
  }
  return OkStatus();
}

Status SubmissionQueue::Confirm(const FrozenSubmission& submission) {
  if (submission.id.empty() || submission.procedure_id.empty() || submission.payload.empty()) {
    return InvalidInputError("a submission needs an id, a procedure and a payload");
  }
  // Seal outside the lock: it is the only part that costs CPU.
  KIOSK_ASSIGN_OR_RETURN(std::string sealed_payload, Seal(key_, submission.payload, submission.id));
  KIOSK_ASSIGN_OR_RETURN(std::string sealed_receipt,
                         Seal(key_, submission.receipt_data, ReceiptAssociatedData(submission.id)));

  std::lock_guard lock(mutex_);
  KIOSK_ASSIGN_OR_RETURN(
      auto insert,
      db_->Prepare("INSERT INTO submissions (id, procedure_id, procedure_version, state, "
                   "sealed_payload, sealed_receipt, payload_size, confirmed_at_ms) "
                   "VALUES (?, ?, ?, 'pending', ?, ?, ?, ?)"));
  insert.Bind(1, submission.id)
      .Bind(2, submission.procedure_id)
      .Bind(3, int64_t{submission.procedure_version})
      .BindBlob(4, sealed_payload)
      .BindBlob(5, sealed_receipt)
      .Bind(6, static_cast<int64_t>(submission.payload.size()))
      .Bind(7, NowMs());
  // A single statement outside BEGIN is its own transaction: one WAL append and one fsync.
  Status status = insert.Run();
  if (status.code() == StatusCode::kAlreadyExists) {
    return AlreadyExistsError("submission " + submission.id + " is already queued");
  }
  KIOSK_RETURN_IF_ERROR(status.WithContext("cannot queue submission"));
  Log(Subsystem::kQueue)
      .info("queued submission {} ({} v{}, {} bytes)", submission.id, submission.procedure_id,
            submission.procedure_version, submission.payload.size());
  return OkStatus();
}

StatusOr<std::optional<OutgoingSubmission>> SubmissionQueue::NextToSend() {
  std::string sealed;
  OutgoingSubmission outgoing;
  {
    std::lock_guard lock(mutex_);
    KIOSK_ASSIGN_OR_RETURN(
        auto select,
        db_->Prepare(fmt::format("SELECT {}, sealed_payload FROM submissions WHERE state IN "
                                 "('pending', 'waiting', 'sending') ORDER BY sequence LIMIT 1",
                                 kColumns)));
    KIOSK_ASSIGN_OR_RETURN(bool found, select.Step());
    if (!found) return std::optional<OutgoingSubmission>();
    outgoing.record = ReadRecord(select);
    sealed = select.Text(16);
  }
  KIOSK_ASSIGN_OR_RETURN(outgoing.payload, offline::Open(key_, sealed, outgoing.record.id));
  return std::optional<OutgoingSubmission>(std::move(outgoing));
}

Status SubmissionQueue::UpdateOne(const std::string& id, std::string_view sql,
                                  std::string_view transition,
                                  const std::function<void(SqliteStatement&)>& bind) {
  std::lock_guard lock(mutex_);
  KIOSK_ASSIGN_OR_RETURN(auto update, db_->Prepare(sql));
  bind(update);
  KIOSK_RETURN_IF_ERROR(update.Run().WithContext(fmt::format("{} {}", transition, id)));
  if (db_->Changes() == 1) return OkStatus();

  KIOSK_ASSIGN_OR_RETURN(auto find, db_->Prepare("SELECT state FROM submissions WHERE id = ?"));
  find.Bind(1, id);
  KIOSK_ASSIGN_OR_RETURN(bool found, find.Step());
  if (!found) return NotFoundError("no submission " + id);
  return FailedPreconditionError(
      fmt::format("cannot {} submission {} in state {}", transition, id, find.Text(0)));
}

Status SubmissionQueue::MarkSending(const std::string& id) {
  return UpdateOne(id,
                   "UPDATE submissions SET state = 'sending', attempt_count = attempt_count + 1, "
                   "last_attempt_at_ms = ? WHERE id = ? AND state IN ('pending', 'waiting')",
                   "mark sending", [&](SqliteStatement& s) { s.Bind(1, NowMs()).Bind(2, id); });
}

Status SubmissionQueue::MarkSent(const std::string& id, const std::string& central_reference,
                                 const std::string& received_at) {
  // The centre holds the citizen's data now: the kiosk keeps only what staff need to answer
  // "did it arrive?" (id, reference, procedure, times).
  return UpdateOne(id,
                   "UPDATE submissions SET state = 'sent', sealed_payload = NULL, "
                   "sealed_receipt = NULL, central_reference = ?, received_at = ?, "
                   "sent_at_ms = ?, next_attempt_at_ms = NULL, last_error = '' "
                   "WHERE id = ? AND state = 'sending'",
                   "mark sent", [&](SqliteStatement& s) {
                     s.Bind(1, central_reference).Bind(2, received_at).Bind(3, NowMs()).Bind(4, id);
                   });
}

Status SubmissionQueue::MarkWaiting(const std::string& id, TimePoint next_attempt_at,
                                    const std::string& error) {
  return UpdateOne(id,
                   "UPDATE submissions SET state = 'waiting', next_attempt_at_ms = ?, "
                   "last_error = ? WHERE id = ? AND state = 'sending'",
                   "mark waiting", [&](SqliteStatement& s) {
                     s.Bind(1, ToMs(next_attempt_at)).Bind(2, error).Bind(3, id);
                   });
}

Status SubmissionQueue::MarkQuarantined(const std::string& id, const std::string& reason) {
  Status status =
      UpdateOne(id,
                "UPDATE submissions SET state = 'quarantined', quarantine_reason = ?, "
                "next_attempt_at_ms = NULL WHERE id = ? AND state = 'sending'",
                "quarantine", [&](SqliteStatement& s) { s.Bind(1, reason).Bind(2, id); });
  if (status.ok()) {
    Log(Subsystem::kQueue).warn("submission {} set aside for staff: {}", id, reason);
  }
  return status;
}

Status SubmissionQueue::Retry(const std::string& id) {
  return UpdateOne(id,
                   "UPDATE submissions SET state = 'pending', next_attempt_at_ms = NULL, "
                   "quarantine_reason = '' WHERE id = ? AND state IN ('quarantined', 'waiting')",
                   "retry", [&](SqliteStatement& s) { s.Bind(1, id); });
}

Status SubmissionQueue::Pause(const std::string& reason) {
  std::lock_guard lock(mutex_);
  KIOSK_ASSIGN_OR_RETURN(auto upsert,
                         db_->Prepare("INSERT INTO queue_flags (name, value) VALUES ('paused', ?) "
                                      "ON CONFLICT (name) DO UPDATE SET value = excluded.value"));
  upsert.Bind(1, reason);
  return upsert.Run();
}

Status SubmissionQueue::Resume() {
  std::lock_guard lock(mutex_);
  return db_->Execute("DELETE FROM queue_flags WHERE name = 'paused'");
}

StatusOr<QueueSummary> SubmissionQueue::Summary() {
  std::lock_guard lock(mutex_);
  QueueSummary summary;
  KIOSK_ASSIGN_OR_RETURN(auto counts,
                         db_->Prepare("SELECT state, count(*) FROM submissions GROUP BY state"));
  while (true) {
    KIOSK_ASSIGN_OR_RETURN(bool row, counts.Step());
    if (!row) break;
    int64_t count = counts.Integer(1);
    switch (StateFromName(counts.Text(0))) {
      case SubmissionState::kPending:
        summary.pending = count;
        break;
      case SubmissionState::kSending:
        summary.sending = count;
        break;
      case SubmissionState::kWaiting:
        summary.waiting = count;
        break;
      case SubmissionState::kSent:
        summary.sent = count;
        break;
      case SubmissionState::kQuarantined:
        summary.quarantined = count;
        break;
    }
  }

  KIOSK_ASSIGN_OR_RETURN(auto oldest,
                         db_->Prepare("SELECT min(confirmed_at_ms) FROM submissions "
                                      "WHERE state IN ('pending', 'sending', 'waiting')"));
  KIOSK_ASSIGN_OR_RETURN(bool has_oldest, oldest.Step());
  if (has_oldest && !oldest.IsNull(0))
    summary.oldest_unsent_confirmed_at = FromMs(oldest.Integer(0));

  KIOSK_ASSIGN_OR_RETURN(auto paused,
                         db_->Prepare("SELECT value FROM queue_flags WHERE name = 'paused'"));
  KIOSK_ASSIGN_OR_RETURN(bool is_paused, paused.Step());
  if (is_paused) summary.paused_reason = paused.Text(0);
  return summary;
}

StatusOr<std::vector<SubmissionRecord>> SubmissionQueue::List(int limit) {
  std::lock_guard lock(mutex_);
  KIOSK_ASSIGN_OR_RETURN(
      auto select, db_->Prepare(fmt::format(
                       "SELECT {} FROM submissions ORDER BY sequence DESC LIMIT ?", kColumns)));
  select.Bind(1, int64_t{limit});
  std::vector<SubmissionRecord> records;
  while (true) {
    KIOSK_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    records.push_back(ReadRecord(select));
  }
  return records;
}

StatusOr<SubmissionRecord> SubmissionQueue::Find(const std::string& id) {
  std::lock_guard lock(mutex_);
  KIOSK_ASSIGN_OR_RETURN(
      auto select, db_->Prepare(fmt::format("SELECT {} FROM submissions WHERE id = ?", kColumns)));
  select.Bind(1, id);
  KIOSK_ASSIGN_OR_RETURN(bool found, select.Step());
  if (!found) return NotFoundError("no submission " + id);
  return ReadRecord(select);
}

StatusOr<FrozenSubmission> SubmissionQueue::Reveal(const std::string& id) {
  FrozenSubmission submission;
  std::string sealed_payload;
  std::optional<std::string> sealed_receipt;
  {
    std::lock_guard lock(mutex_);
    KIOSK_ASSIGN_OR_RETURN(
        auto select,
        db_->Prepare("SELECT procedure_id, procedure_version, sealed_payload, sealed_receipt "
                     "FROM submissions WHERE id = ?"));
    select.Bind(1, id);
    KIOSK_ASSIGN_OR_RETURN(bool found, select.Step());
    if (!found) return NotFoundError("no submission " + id);
    if (select.IsNull(2)) {
      return FailedPreconditionError("submission " + id +
                                     " was delivered; its data is no longer on the kiosk");
    }
    submission.id = id;
    submission.procedure_id = select.Text(0);
    submission.procedure_version = static_cast<int>(select.Integer(1));
    sealed_payload = select.Text(2);
    sealed_receipt = select.OptionalText(3);
  }
  KIOSK_ASSIGN_OR_RETURN(submission.payload, offline::Open(key_, sealed_payload, id));
  if (sealed_receipt) {
    KIOSK_ASSIGN_OR_RETURN(submission.receipt_data,
                           offline::Open(key_, *sealed_receipt, ReceiptAssociatedData(id)));
  }
  return submission;
}

StatusOr<std::string> SubmissionQueue::ReadReceipt(const std::string& id) {
  std::string sealed;
  {
    std::lock_guard lock(mutex_);
    KIOSK_ASSIGN_OR_RETURN(
        auto select, db_->Prepare("SELECT state, sealed_receipt FROM submissions WHERE id = ?"));
    select.Bind(1, id);
    KIOSK_ASSIGN_OR_RETURN(bool found, select.Step());
    if (!found) return NotFoundError("no submission " + id);
    if (select.IsNull(1)) {
      return FailedPreconditionError(
          fmt::format("the receipt data of submission {} ({}) is no longer kept on the kiosk: "
                      "it is deleted with the payload once the centre has the submission",
                      id, select.Text(0)));
    }
    sealed = select.Text(1);
  }
  return offline::Open(key_, sealed, ReceiptAssociatedData(id));
}

StatusOr<int64_t> SubmissionQueue::PurgeSent() {
  std::lock_guard lock(mutex_);
  KIOSK_ASSIGN_OR_RETURN(
      auto purge, db_->Prepare("DELETE FROM submissions WHERE state = 'sent' AND sent_at_ms < ?"));
  purge.Bind(
      1,
      NowMs() -
          std::chrono::duration_cast<std::chrono::milliseconds>(options_.sent_retention).count());
  KIOSK_RETURN_IF_ERROR(purge.Run());
  int64_t purged = db_->Changes();
  if (purged > 0) Log(Subsystem::kQueue).info("purged {} delivered submission record(s)", purged);
  return purged;
}

}  // namespace kiosk::offline
