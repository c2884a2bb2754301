#include "offline/queue/sqlite_database.h"

#include <utility>

#include <fmt/format.h>
#include <sqlite3.h>

#include "offline/queue/sqlite_status.h"

namespace kiosk::offline {
namespace {

Status StatusFromDb(sqlite3* db, int result_code, std::string_view context) {
  Status status = SqliteStatus(result_code, context);
  if (status.ok() || db == nullptr) return status;
  return Status(status.code(), fmt::format("{} [{}]", status.message(), sqlite3_errmsg(db)));
}

}  // namespace

StatusOr<SqliteDatabase> SqliteDatabase::Open(const std::string& path, int busy_timeout_ms,
                                              SqliteOpenMode open_mode) {
  const bool read_only = open_mode == SqliteOpenMode::kReadOnly;
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &raw,
      (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
          SQLITE_OPEN_NOMUTEX,
      nullptr);
  SqliteDatabase db(raw);  // closes `raw` even when opening failed
  if (rc != SQLITE_OK) return StatusFromDb(raw, rc, "cannot open queue database " + path);
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  // A reader takes the file as its writer left it: the journal mode is the writer's choice.
  if (read_only) return db;

  // WAL + FULL: every committed transaction survives a power cut (NORMAL may lose the last
  // ones). secure_delete overwrites freed pages, so deleted (already encrypted) payloads do
  // not linger in free pages either.
  KIOSK_RETURN_IF_ERROR(db.Execute("PRAGMA journal_mode=WAL"));
  KIOSK_RETURN_IF_ERROR(
      db.Execute("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON"));
  auto mode = db.Prepare("PRAGMA journal_mode");
  if (!mode.ok()) return mode.status();
  auto row = mode->Step();
  if (!row.ok()) return row.status();
  if (!*row || mode->Text(0) != "wal") {
    return FailedPreconditionError("queue database " + path + " cannot use WAL journaling");
  }
  return db;
}

SqliteDatabase::SqliteDatabase(SqliteDatabase&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)) {}

SqliteDatabase& SqliteDatabase::operator=(SqliteDatabase&& other) noexcept {
  if (this != &other) {
    if (db_ != nullptr) sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

SqliteDatabase::~SqliteDatabase() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

Status SqliteDatabase::Execute(std::string_view sql) {
  std::string text(sql);
  char* error = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  std::string detail = error != nullptr ? error : "";
  sqlite3_free(error);
  if (rc == SQLITE_OK) return OkStatus();
  Status status = SqliteStatus(rc, "SQL failed");
  return Status(status.code(), fmt::format("{} [{}]", status.message(), detail));
}

StatusOr<SqliteStatement> SqliteDatabase::Prepare(std::string_view sql) {
  sqlite3_stmt* statement = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &statement, nullptr);
  if (rc != SQLITE_OK) return StatusFromDb(db_, rc, "cannot prepare SQL");
  return SqliteStatement(statement, db_);
}

int64_t SqliteDatabase::Changes() const { return sqlite3_changes64(db_); }

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : statement_(std::exchange(other.statement_, nullptr)),
      db_(other.db_),
      bind_error_(other.bind_error_) {}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    if (statement_ != nullptr) sqlite3_finalize(statement_);
    statement_ = std::exchange(other.statement_, nullptr);
    db_ = other.db_;
    bind_error_ = other.bind_error_;
  }
  return *this;
}

SqliteStatement::~SqliteStatement() {
  if (statement_ != nullptr) sqlite3_finalize(statement_);
}

SqliteStatement& SqliteStatement::Bind(int index, std::string_view text) {
  int rc = sqlite3_bind_text64(statement_, index, text.data(), text.size(), SQLITE_TRANSIENT,
                               SQLITE_UTF8);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  return *this;
}

SqliteStatement& SqliteStatement::BindBlob(int index, std::string_view bytes) {
  int rc = sqlite3_bind_blob64(statement_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  return *this;
}

SqliteStatement& SqliteStatement::Bind(int index, int64_t value) {
  int rc = sqlite3_bind_int64(statement_, index, value);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  return *this;
}

SqliteStatement& SqliteStatement::BindNull(int index) {
  int rc = sqlite3_bind_null(statement_, index);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  return *this;
}

StatusOr<bool> SqliteStatement::Step() {
  if (bind_error_ != 0) return StatusFromDb(db_, bind_error_, "cannot bind SQL parameter");
  int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return StatusFromDb(db_, rc, "SQL step failed");
}

Status SqliteStatement::Run() {
  while (true) {
    auto row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return OkStatus();
  }
}

bool SqliteStatement::IsNull(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

int64_t SqliteStatement::Integer(int column) const {
  return sqlite3_column_int64(statement_, column);
}

std::string SqliteStatement::Text(int column) const {
  const void* data = sqlite3_column_blob(statement_, column);
  int size = sqlite3_column_bytes(statement_, column);
  if (data == nullptr || size <= 0) return {};
  return std::string(static_cast<const char*>(data), static_cast<size_t>(size));
}

std::optional<std::string> SqliteStatement::OptionalText(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

StatusOr<SqliteTransaction> SqliteTransaction::Begin(SqliteDatabase& db) {
  KIOSK_RETURN_IF_ERROR(db.Execute("BEGIN IMMEDIATE"));
  return SqliteTransaction(&db);
}

SqliteTransaction::SqliteTransaction(SqliteTransaction&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)) {}

SqliteTransaction::~SqliteTransaction() {
  if (db_ != nullptr) (void)db_->Execute("ROLLBACK");
}

Status SqliteTransaction::Commit() {
  Status status = db_->Execute("COMMIT");
  if (status.ok()) db_ = nullptr;
  return status;
}

}  // namespace kiosk::offline
