// The one place where SQLite result codes become a kiosk::Status.
#pragma once

#include <string_view>

#include "base/status.h"

namespace kiosk::offline {

// The status code for an SQLite result code (primary or extended). SQLITE_OK, SQLITE_ROW
// and SQLITE_DONE are kOk.
StatusCode SqliteResultToStatusCode(int result_code);

// A status for `result_code` whose message names `context` and SQLite's explanation.
// OK for SQLITE_OK/ROW/DONE.
Status SqliteStatus(int result_code, std::string_view context);

}  // namespace kiosk::offline
