#include "central/sqlite_store.h"

#include <cstdio>

#include "base/log.h"
#include "central/sqlite_status.h"
#include "central/time_text.h"

namespace kiosk::central {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS submissions(
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  reference TEXT NOT NULL UNIQUE,
  kiosk_id TEXT NOT NULL,
  procedure_id TEXT NOT NULL,
  procedure_version INTEGER NOT NULL,
  received_at TEXT NOT NULL,
  body_sha256 TEXT NOT NULL,
  body BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS submissions_by_procedure ON submissions(procedure_id, received_at);
CREATE INDEX IF NOT EXISTS submissions_by_date ON submissions(received_at);
CREATE TABLE IF NOT EXISTS tokens(
  token_sha256 TEXT PRIMARY KEY,
  kiosk_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT);
CREATE TABLE IF NOT EXISTS kiosks(
  kiosk_id TEXT PRIMARY KEY,
  enrolled_at TEXT NOT NULL,
  certificate_serial TEXT NOT NULL,
  revoked_at TEXT,
  last_heartbeat_at TEXT,
  last_state TEXT NOT NULL DEFAULT '');
)sql";

// A prepared statement, finalised on scope exit.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Status prepared() const {
    return rc_ == SQLITE_OK ? OkStatus() : SqliteStatus(rc_, "prepare", sqlite3_errmsg(db_));
  }
  Statement& Bind(int index, const std::string& text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& BindBlob(int index, const std::string& bytes) {
    sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& Bind(int index, int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return sqlite3_step(stmt_); }
  std::string Text(int column) const {
    const unsigned char* text = sqlite3_column_text(stmt_, column);
    int size = sqlite3_column_bytes(stmt_, column);
    return text == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(text), size);
  }
  std::string Blob(int column) const {
    const void* data = sqlite3_column_blob(stmt_, column);
    int size = sqlite3_column_bytes(stmt_, column);
    return data == nullptr ? std::string() : std::string(static_cast<const char*>(data), size);
  }
  std::optional<std::string> OptionalText(int column) const {
    if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
    return Text(column);
  }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  int64_t Int(int column) const { return sqlite3_column_int64(stmt_, column); }
  Status Error(std::string_view context, int rc) const {
    return SqliteStatus(rc, context, sqlite3_errmsg(db_));
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

Status Exec(sqlite3* db, const char* sql, std::string_view context) {
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &error);
  std::string detail = error != nullptr ? error : "";
  sqlite3_free(error);
  return SqliteStatus(rc, context, detail);
}

StatusOr<sqlite3*> OpenConnection(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Status status = SqliteStatus(rc, "opening " + path, db ? sqlite3_errmsg(db) : "");
    sqlite3_close(db);
    return status;
  }
  sqlite3_busy_timeout(db, 5000);
  // WAL lets readers (the administration commands, the API's reads) work while the writer
  // commits; synchronous=FULL syncs the WAL at every commit, so a committed transaction
  // survives power loss, not only a crash of the process.
  Status status = Exec(db,
                       "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                       "PRAGMA foreign_keys=ON;",
                       "configuring " + path);
  if (!status.ok()) {
    sqlite3_close(db);
    return status;
  }
  return db;
}

std::string ReferenceFor(int64_t seq, std::chrono::system_clock::time_point at) {
  std::string year = Rfc3339(at).substr(0, 4);
  char text[40];
  std::snprintf(text, sizeof(text), "GU-%s-%06lld", year.c_str(), static_cast<long long>(seq));
  return text;
}

constexpr const char* kSubmissionColumns =
    "id, reference, received_at, kiosk_id, procedure_id, procedure_version, body_sha256";

SubmissionRecord ReadSubmission(const Statement& row, bool with_body) {
  SubmissionRecord record;
  record.id = row.Text(0);
  record.reference = row.Text(1);
  record.received_at = row.Text(2);
  record.kiosk_id = row.Text(3);
  record.procedure_id = row.Text(4);
  record.procedure_version = row.Int(5);
  record.body_sha256 = row.Text(6);
  if (with_body) record.body = row.Blob(7);
  return record;
}

KioskRecord ReadKiosk(const Statement& row) {
  KioskRecord kiosk;
  kiosk.kiosk_id = row.Text(0);
  kiosk.enrolled_at = row.Text(1);
  kiosk.certificate_serial = row.Text(2);
  kiosk.revoked_at = row.OptionalText(3);
  kiosk.last_heartbeat_at = row.OptionalText(4);
  kiosk.last_state = row.Text(5);
  return kiosk;
}

constexpr const char* kKioskColumns =
    "kiosk_id, enrolled_at, certificate_serial, revoked_at, last_heartbeat_at, last_state";

}  // namespace

StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path) {
  KIOSK_ASSIGN_OR_RETURN(sqlite3 * writer, OpenConnection(path));
  Status schema = Exec(writer, kSchema, "creating the schema");
  if (!schema.ok()) {
    sqlite3_close(writer);
    return schema;
  }
  auto reader = OpenConnection(path);
  if (!reader.ok()) {
    sqlite3_close(writer);
    return reader.status();
  }
  return std::unique_ptr<SqliteStore>(new SqliteStore(writer, *reader));
}

SqliteStore::SqliteStore(sqlite3* writer, sqlite3* reader) : writer_(writer), reader_(reader) {
  writer_thread_ = std::thread([this] { WriterLoop(); });
}

SqliteStore::~SqliteStore() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  queue_ready_.notify_all();
  writer_thread_.join();
  sqlite3_close(writer_);
  sqlite3_close(reader_);
}

size_t SqliteStore::LargestBatch() const {
  std::lock_guard lock(queue_mutex_);
  return largest_batch_;
}

StatusOr<InsertResult> SqliteStore::InsertSubmission(NewSubmission submission) {
  auto pending = std::make_unique<PendingInsert>();
  pending->submission = std::move(submission);
  std::future<StatusOr<InsertResult>> result = pending->done.get_future();
  {
    std::lock_guard lock(queue_mutex_);
    if (stopping_) return UnavailableError("the store is closing");
    queue_.push_back(std::move(pending));
  }
  queue_ready_.notify_one();
  return result.get();
}

void SqliteStore::WriterLoop() {
  // Batches form by themselves: while one commit syncs, the next requests queue up, and the
  // next loop takes all of them. No timer is needed, so a lone kiosk pays no extra latency.
  while (true) {
    std::deque<std::unique_ptr<PendingInsert>> batch;
    {
      std::unique_lock lock(queue_mutex_);
      queue_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is done
      batch.swap(queue_);
      largest_batch_ = std::max(largest_batch_, batch.size());
    }
    CommitBatch(batch);
  }
}

void SqliteStore::CommitBatch(std::deque<std::unique_ptr<PendingInsert>>& batch) {
  auto fail_all = [&batch](const Status& status) {
    for (auto& pending : batch) pending->done.set_value(status);
  };

  Status begin = Exec(writer_, "BEGIN IMMEDIATE", "starting a submission batch");
  if (!begin.ok()) {
    Log(Subsystem::kCentral).error("submission batch not started: {}", begin.ToString());
    fail_all(begin);
    return;
  }

  std::vector<StatusOr<InsertResult>> results;
  results.reserve(batch.size());
  Statement last(writer_, "SELECT COALESCE(MAX(seq), 0) FROM submissions");
  int64_t next_seq = last.Step() == SQLITE_ROW ? last.Int(0) + 1 : 1;
  Statement find(writer_,
                 "SELECT id, reference, received_at, kiosk_id, procedure_id, procedure_version, "
                 "body_sha256 FROM submissions WHERE id = ?");
  Statement insert(writer_,
                   "INSERT INTO submissions(seq, id, reference, kiosk_id, procedure_id, "
                   "procedure_version, received_at, body_sha256, body) "
                   "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
  Status prepared = find.prepared().ok() ? insert.prepared() : find.prepared();
  if (!prepared.ok()) {
    Exec(writer_, "ROLLBACK", "rollback").ok();
    fail_all(prepared);
    return;
  }

  // Inside the transaction, an id inserted earlier in this batch is visible to the later
  // lookups, so two copies of one submission in the same batch are a store and a replay.
  for (auto& pending : batch) {
    const NewSubmission& s = pending->submission;
    find.Bind(1, s.id);
    int rc = find.Step();
    if (rc == SQLITE_ROW) {
      InsertResult result;
      result.record = ReadSubmission(find, false);
      result.outcome = result.record.body_sha256 == s.body_sha256 ? InsertOutcome::kReplay
                                                                  : InsertOutcome::kConflict;
      results.emplace_back(std::move(result));
    } else if (rc != SQLITE_DONE) {
      results.emplace_back(find.Error("looking up a submission", rc));
    } else {
      InsertResult result;
      result.outcome = InsertOutcome::kStored;
      result.record.id = s.id;
      result.record.reference = ReferenceFor(next_seq, s.received_at);
      result.record.received_at = Rfc3339(s.received_at);
      result.record.kiosk_id = s.kiosk_id;
      result.record.procedure_id = s.procedure_id;
      result.record.procedure_version = s.procedure_version;
      result.record.body_sha256 = s.body_sha256;
      insert.Bind(1, next_seq)
          .Bind(2, s.id)
          .Bind(3, result.record.reference)
          .Bind(4, s.kiosk_id)
          .Bind(5, s.procedure_id)
          .Bind(6, s.procedure_version)
          .Bind(7, result.record.received_at)
          .Bind(8, s.body_sha256)
          .BindBlob(9, s.body);
      int inserted = insert.Step();
      if (inserted == SQLITE_DONE) {
        ++next_seq;
        results.emplace_back(std::move(result));
      } else {
        results.emplace_back(insert.Error("storing a submission", inserted));
      }
      insert.Reset();
    }
    find.Reset();
  }

  // The answers leave only after COMMIT returned: with synchronous=FULL the WAL is synced by
  // then, so every 201 the server sends is backed by the disk.
  Status commit = Exec(writer_, "COMMIT", "committing a submission batch");
  if (!commit.ok()) {
    Log(Subsystem::kCentral).error("submission batch not committed: {}", commit.ToString());
    Exec(writer_, "ROLLBACK", "rollback").ok();
    fail_all(commit);
    return;
  }
  for (size_t i = 0; i < batch.size(); ++i) batch[i]->done.set_value(std::move(results[i]));
}

StatusOr<SubmissionRecord> SqliteStore::FindSubmission(const std::string& id, bool with_body) {
  std::lock_guard lock(reader_mutex_);
  std::string sql = std::string("SELECT ") + kSubmissionColumns + (with_body ? ", body" : "") +
                    " FROM submissions WHERE id = ?";
  Statement find(reader_, sql.c_str());
  KIOSK_RETURN_IF_ERROR(find.prepared());
  find.Bind(1, id);
  int rc = find.Step();
  if (rc == SQLITE_DONE) return NotFoundError("no submission " + id);
  if (rc != SQLITE_ROW) return find.Error("looking up a submission", rc);
  return ReadSubmission(find, with_body);
}

Status SqliteStore::ForEachSubmission(const SubmissionFilter& filter,
                                      const std::function<bool(const SubmissionRecord&)>& visit) {
  std::lock_guard lock(reader_mutex_);
  std::string sql = std::string("SELECT ") + kSubmissionColumns +
                    (filter.with_body ? ", body" : "") +
                    " FROM submissions WHERE (?1 IS NULL OR procedure_id = ?1)"
                    " AND (?2 IS NULL OR received_at >= ?2) AND (?3 IS NULL OR received_at < ?3)"
                    " ORDER BY seq";
  if (filter.limit > 0) sql += " LIMIT " + std::to_string(filter.limit);
  Statement list(reader_, sql.c_str());
  KIOSK_RETURN_IF_ERROR(list.prepared());
  if (filter.procedure_id) list.Bind(1, *filter.procedure_id);
  if (filter.received_from) list.Bind(2, *filter.received_from);
  if (filter.received_until) list.Bind(3, *filter.received_until);
  int rc;
  while ((rc = list.Step()) == SQLITE_ROW) {
    if (!visit(ReadSubmission(list, filter.with_body))) return OkStatus();
  }
  if (rc != SQLITE_DONE) return list.Error("listing submissions", rc);
  return OkStatus();
}

Status SqliteStore::CreateToken(const std::string& token_sha256, const std::string& kiosk_id,
                                std::chrono::system_clock::time_point created_at,
                                std::chrono::system_clock::time_point expires_at) {
  std::lock_guard lock(reader_mutex_);
  Statement insert(reader_,
                   "INSERT INTO tokens(token_sha256, kiosk_id, created_at, expires_at) "
                   "VALUES(?, ?, ?, ?)");
  KIOSK_RETURN_IF_ERROR(insert.prepared());
  insert.Bind(1, token_sha256).Bind(2, kiosk_id).Bind(3, Rfc3339(created_at));
  insert.Bind(4, Rfc3339(expires_at));
  int rc = insert.Step();
  if (rc != SQLITE_DONE) return insert.Error("storing an enrolment token", rc);
  return OkStatus();
}

StatusOr<TokenRedemption> SqliteStore::RedeemToken(const std::string& token_sha256,
                                                   std::chrono::system_clock::time_point now,
                                                   std::string* kiosk_id) {
  std::lock_guard lock(reader_mutex_);
  std::string now_text = Rfc3339(now);
  // One UPDATE decides: two kiosks racing with the same token cannot both win.
  Statement redeem(reader_,
                   "UPDATE tokens SET used_at = ?2 WHERE token_sha256 = ?1 AND used_at IS NULL "
                   "AND expires_at > ?2 RETURNING kiosk_id");
  KIOSK_RETURN_IF_ERROR(redeem.prepared());
  redeem.Bind(1, token_sha256).Bind(2, now_text);
  int rc = redeem.Step();
  if (rc == SQLITE_ROW) {
    *kiosk_id = redeem.Text(0);
    while (rc == SQLITE_ROW) rc = redeem.Step();
    if (rc != SQLITE_DONE) return redeem.Error("redeeming a token", rc);
    return TokenRedemption::kRedeemed;
  }
  if (rc != SQLITE_DONE) return redeem.Error("redeeming a token", rc);

  Statement why(reader_, "SELECT used_at FROM tokens WHERE token_sha256 = ?");
  KIOSK_RETURN_IF_ERROR(why.prepared());
  why.Bind(1, token_sha256);
  rc = why.Step();
  if (rc == SQLITE_DONE) return TokenRedemption::kUnknown;
  if (rc != SQLITE_ROW) return why.Error("looking up a token", rc);
  return why.OptionalText(0) ? TokenRedemption::kUsed : TokenRedemption::kExpired;
}

Status SqliteStore::RecordEnrolment(const std::string& kiosk_id, const std::string& serial,
                                    std::chrono::system_clock::time_point at) {
  std::lock_guard lock(reader_mutex_);
  Statement upsert(reader_,
                   "INSERT INTO kiosks(kiosk_id, enrolled_at, certificate_serial) VALUES(?1, ?2, "
                   "?3) ON CONFLICT(kiosk_id) DO UPDATE SET enrolled_at = ?2, "
                   "certificate_serial = ?3, revoked_at = NULL");
  KIOSK_RETURN_IF_ERROR(upsert.prepared());
  upsert.Bind(1, kiosk_id).Bind(2, Rfc3339(at)).Bind(3, serial);
  int rc = upsert.Step();
  if (rc != SQLITE_DONE) return upsert.Error("recording an enrolment", rc);
  return OkStatus();
}

StatusOr<bool> SqliteStore::RecordRenewal(const std::string& kiosk_id,
                                          const std::string& old_serial,
                                          const std::string& new_serial) {
  std::lock_guard lock(reader_mutex_);
  // One UPDATE decides: of two renewals made with the same certificate only one wins, and a
  // revocation recorded after the request was authenticated is not undone.
  Statement update(reader_,
                   "UPDATE kiosks SET certificate_serial = ?3 WHERE kiosk_id = ?1 AND "
                   "certificate_serial = ?2 AND revoked_at IS NULL");
  KIOSK_RETURN_IF_ERROR(update.prepared());
  update.Bind(1, kiosk_id).Bind(2, old_serial).Bind(3, new_serial);
  int rc = update.Step();
  if (rc != SQLITE_DONE) return update.Error("recording a renewal", rc);
  return sqlite3_changes(reader_) > 0;
}

StatusOr<std::vector<KioskRecord>> SqliteStore::ListKiosks() {
  std::lock_guard lock(reader_mutex_);
  std::string sql = std::string("SELECT ") + kKioskColumns + " FROM kiosks ORDER BY kiosk_id";
  Statement list(reader_, sql.c_str());
  KIOSK_RETURN_IF_ERROR(list.prepared());
  std::vector<KioskRecord> kiosks;
  int rc;
  while ((rc = list.Step()) == SQLITE_ROW) kiosks.push_back(ReadKiosk(list));
  if (rc != SQLITE_DONE) return list.Error("listing kiosks", rc);
  return kiosks;
}

Status SqliteStore::RevokeKiosk(const std::string& kiosk_id,
                                std::chrono::system_clock::time_point at) {
  std::lock_guard lock(reader_mutex_);
  Statement revoke(reader_,
                   "UPDATE kiosks SET revoked_at = COALESCE(revoked_at, ?2) WHERE kiosk_id = ?1");
  KIOSK_RETURN_IF_ERROR(revoke.prepared());
  revoke.Bind(1, kiosk_id).Bind(2, Rfc3339(at));
  int rc = revoke.Step();
  if (rc != SQLITE_DONE) return revoke.Error("revoking a kiosk", rc);
  if (sqlite3_changes(reader_) == 0) return NotFoundError("no kiosk " + kiosk_id);
  return OkStatus();
}

StatusOr<KioskRecord> SqliteStore::FindKiosk(const std::string& kiosk_id) {
  std::lock_guard lock(reader_mutex_);
  std::string sql = std::string("SELECT ") + kKioskColumns + " FROM kiosks WHERE kiosk_id = ?";
  Statement find(reader_, sql.c_str());
  KIOSK_RETURN_IF_ERROR(find.prepared());
  find.Bind(1, kiosk_id);
  int rc = find.Step();
  if (rc == SQLITE_DONE) return NotFoundError("no kiosk " + kiosk_id);
  if (rc != SQLITE_ROW) return find.Error("looking up a kiosk", rc);
  return ReadKiosk(find);
}

Status SqliteStore::RecordHeartbeat(const std::string& kiosk_id, const std::string& state_json,
                                    std::chrono::system_clock::time_point at) {
  std::lock_guard lock(reader_mutex_);
  Statement update(reader_,
                   "UPDATE kiosks SET last_heartbeat_at = ?2, last_state = ?3 WHERE kiosk_id = ?1");
  KIOSK_RETURN_IF_ERROR(update.prepared());
  update.Bind(1, kiosk_id).Bind(2, Rfc3339(at)).Bind(3, state_json);
  int rc = update.Step();
  if (rc != SQLITE_DONE) return update.Error("recording a heartbeat", rc);
  return OkStatus();
}

}  // namespace kiosk::central
