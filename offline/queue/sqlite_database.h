// A thin RAII layer over one SQLite connection and its prepared statements, returning Status.
// Internal to offline_queue.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace kiosk::offline {

class SqliteStatement;

enum class SqliteOpenMode { kReadWrite, kReadOnly };

// Thread: one connection per thread (SQLite's serialized mode is not relied upon).
class SqliteDatabase {
 public:
  // kReadWrite: opens (creating when absent) the file at `path`; WAL journal, synchronous=FULL,
  // foreign keys on, secure_delete on, a busy timeout of `busy_timeout_ms`.
  // kReadOnly: opens an existing file for reading only (SQLite refuses every write with
  // SQLITE_READONLY) and changes none of its settings; it reads a WAL database that another
  // connection is writing, and sees each of its commits.
  static StatusOr<SqliteDatabase> Open(const std::string& path, int busy_timeout_ms,
                                       SqliteOpenMode mode = SqliteOpenMode::kReadWrite);

  SqliteDatabase(SqliteDatabase&& other) noexcept;
  SqliteDatabase& operator=(SqliteDatabase&& other) noexcept;
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;
  ~SqliteDatabase();

  // Runs one or more statements without results.
  Status Execute(std::string_view sql);
  StatusOr<SqliteStatement> Prepare(std::string_view sql);
  int64_t Changes() const;
  sqlite3* handle() const { return db_; }

 private:
  explicit SqliteDatabase(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

class SqliteStatement {
 public:
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement();

  // Parameters are numbered from 1, as in SQLite.
  SqliteStatement& Bind(int index, std::string_view text);
  SqliteStatement& BindBlob(int index, std::string_view bytes);
  SqliteStatement& Bind(int index, int64_t value);
  SqliteStatement& BindNull(int index);

  // Steps once: true when a row is available, false when done.
  StatusOr<bool> Step();
  // Steps until done (statements without results).
  Status Run();

  // Columns are numbered from 0.
  bool IsNull(int column) const;
  int64_t Integer(int column) const;
  std::string Text(int column) const;
  std::optional<std::string> OptionalText(int column) const;

 private:
  friend class SqliteDatabase;
  SqliteStatement(sqlite3_stmt* statement, sqlite3* db) : statement_(statement), db_(db) {}
  sqlite3_stmt* statement_ = nullptr;
  sqlite3* db_ = nullptr;
  int bind_error_ = 0;
};

// Begins an IMMEDIATE transaction (the write lock is taken now, so a commit cannot fail on a
// lock upgrade); rolls back at destruction unless Commit() succeeded.
class SqliteTransaction {
 public:
  static StatusOr<SqliteTransaction> Begin(SqliteDatabase& db);
  SqliteTransaction(SqliteTransaction&& other) noexcept;
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(SqliteTransaction&&) = delete;
  ~SqliteTransaction();
  Status Commit();

 private:
  explicit SqliteTransaction(SqliteDatabase* db) : db_(db) {}
  SqliteDatabase* db_;
};

}  // namespace kiosk::offline
