#include "central/sqlite_status.h"

#include <string>

#include <sqlite3.h>

namespace kiosk::central {

StatusCode SqliteCodeToStatusCode(int sqlite_code) {
  switch (sqlite_code & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
      return StatusCode::kOk;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_PROTOCOL:
      // Another connection holds the lock: the same request may succeed a moment later.
      return StatusCode::kUnavailable;
    case SQLITE_IOERR:
      // The disk refused a read or a write (or an fsync): nothing was acknowledged, the
      // client retries and an operator looks at the disk.
      return StatusCode::kUnavailable;
    case SQLITE_FULL:
    case SQLITE_NOMEM:
      return StatusCode::kResourceExhausted;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return StatusCode::kDataLoss;
    case SQLITE_CONSTRAINT:
      return StatusCode::kAlreadyExists;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_AUTH:
      return StatusCode::kFailedPrecondition;
    case SQLITE_TOOBIG:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
      return StatusCode::kInvalidInput;
    case SQLITE_INTERRUPT:
    case SQLITE_ABORT:
      return StatusCode::kCancelled;
    case SQLITE_NOTFOUND:
      return StatusCode::kNotFound;
    default:
      // SQLITE_ERROR, SQLITE_MISUSE, SQLITE_SCHEMA...: a bug in our SQL or in its use.
      return StatusCode::kInternal;
  }
}

Status SqliteStatus(int sqlite_code, std::string_view context, std::string_view detail) {
  StatusCode code = SqliteCodeToStatusCode(sqlite_code);
  if (code == StatusCode::kOk) return OkStatus();
  std::string message(context);
  message += ": ";
  message += detail.empty() ? sqlite3_errstr(sqlite_code) : detail;
  return Status(code, std::move(message));
}

}  // namespace kiosk::central
