#include "offline/queue/sqlite_status.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

namespace kiosk::offline {
namespace {

struct SqliteCase {
  const char* name;
  int result;
  StatusCode expected;
};

class SqliteErrorMapping : public ::testing::TestWithParam<SqliteCase> {};

TEST_P(SqliteErrorMapping, MapsToTheCodeThatSaysHowToReact) {
  EXPECT_EQ(SqliteResultToStatusCode(GetParam().result), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, SqliteErrorMapping,
    ::testing::Values(
        SqliteCase{"Ok", SQLITE_OK, StatusCode::kOk},
        SqliteCase{"Row", SQLITE_ROW, StatusCode::kOk},
        SqliteCase{"Done", SQLITE_DONE, StatusCode::kOk},
        SqliteCase{"DiskFull", SQLITE_FULL, StatusCode::kResourceExhausted},
        SqliteCase{"OutOfMemory", SQLITE_NOMEM, StatusCode::kResourceExhausted},
        SqliteCase{"Busy", SQLITE_BUSY, StatusCode::kUnavailable},
        SqliteCase{"BusySnapshot", SQLITE_BUSY_SNAPSHOT, StatusCode::kUnavailable},
        SqliteCase{"Locked", SQLITE_LOCKED, StatusCode::kUnavailable},
        SqliteCase{"ReadOnly", SQLITE_READONLY, StatusCode::kPermissionDenied},
        SqliteCase{"Permission", SQLITE_PERM, StatusCode::kPermissionDenied},
        SqliteCase{"CannotOpen", SQLITE_CANTOPEN, StatusCode::kFailedPrecondition},
        SqliteCase{"IoErrorFsync", SQLITE_IOERR_FSYNC, StatusCode::kFailedPrecondition},
        SqliteCase{"Corrupt", SQLITE_CORRUPT, StatusCode::kDataLoss},
        SqliteCase{"NotADatabase", SQLITE_NOTADB, StatusCode::kDataLoss},
        SqliteCase{"UniqueConstraint", SQLITE_CONSTRAINT_UNIQUE, StatusCode::kAlreadyExists},
        SqliteCase{"TooBig", SQLITE_TOOBIG, StatusCode::kInvalidInput},
        SqliteCase{"Interrupted", SQLITE_INTERRUPT, StatusCode::kCancelled},
        SqliteCase{"SqlError", SQLITE_ERROR, StatusCode::kInternal},
        SqliteCase{"Misuse", SQLITE_MISUSE, StatusCode::kInternal},
        SqliteCase{"Range", SQLITE_RANGE, StatusCode::kInternal}),
    [](const auto& test_case) { return std::string(test_case.param.name); });

TEST(SqliteStatus, NamesTheContextAndSqlitesExplanation) {
  Status status = SqliteStatus(SQLITE_FULL, "cannot queue submission");
  EXPECT_EQ(status.code(), StatusCode::kResourceExhausted);
  EXPECT_NE(status.message().find("cannot queue submission"), std::string::npos);
  EXPECT_NE(status.message().find("full"), std::string::npos);
}

TEST(SqliteStatus, IsOkForDone) { EXPECT_TRUE(SqliteStatus(SQLITE_DONE, "x").ok()); }

}  // namespace
}  // namespace kiosk::offline
