#include "offline/queue/sqlite_status.h"

#include <fmt/format.h>
#include <sqlite3.h>

namespace kiosk::offline {

StatusCode SqliteResultToStatusCode(int result_code) {
  switch (result_code & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
      return StatusCode::kOk;
    // Another connection holds the lock (kioskctl while the worker commits): try again.
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_SCHEMA:
      return StatusCode::kUnavailable;
    // The disk or memory is full: staff must free space, retrying alone will not help.
    case SQLITE_FULL:
    case SQLITE_NOMEM:
      return StatusCode::kResourceExhausted;
    // The data directory is missing, read-only or not ours: a deployment problem.
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return StatusCode::kPermissionDenied;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_PROTOCOL:
    case SQLITE_NOLFS:
      return StatusCode::kFailedPrecondition;
    // The file is damaged or is not a database: what it held cannot be trusted.
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_FORMAT:
      return StatusCode::kDataLoss;
    case SQLITE_CONSTRAINT:
      return StatusCode::kAlreadyExists;
    case SQLITE_TOOBIG:
      return StatusCode::kInvalidInput;
    case SQLITE_INTERRUPT:
    case SQLITE_ABORT:
      return StatusCode::kCancelled;
    case SQLITE_NOTFOUND:
    case SQLITE_EMPTY:
      return StatusCode::kNotFound;
    default:  // SQLITE_ERROR (bad SQL), SQLITE_MISUSE, SQLITE_MISMATCH, SQLITE_RANGE...
      return StatusCode::kInternal;
  }
}

Status SqliteStatus(int result_code, std::string_view context) {
  StatusCode code = SqliteResultToStatusCode(result_code);
  if (code == StatusCode::kOk) return OkStatus();
  return Status(
      code, fmt::format("{}: {} (SQLite {})", context, sqlite3_errstr(result_code), result_code));
}

}  // namespace kiosk::offline
