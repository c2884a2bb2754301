// The one place where SQLite result codes become kiosk::Status.
#pragma once

#include <string_view>

#include "base/status.h"

namespace kiosk::central {

// The status code for an SQLite result code (primary or extended). SQLITE_OK, SQLITE_ROW and
// SQLITE_DONE are success.
StatusCode SqliteCodeToStatusCode(int sqlite_code);

// A Status for `sqlite_code`, its message naming `context` and SQLite's own text.
Status SqliteStatus(int sqlite_code, std::string_view context, std::string_view detail = {});

}  // namespace kiosk::central
