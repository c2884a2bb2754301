#include "central/sqlite_status.h"

#include <sqlite3.h>

#include <gtest/gtest.h>

namespace kiosk::central {
namespace {

struct SqliteCase {
  int sqlite_code;
  StatusCode expected;
};

class SqliteStatusTest : public ::testing::TestWithParam<SqliteCase> {};

TEST_P(SqliteStatusTest, MapsTheResultCodeToTheReactionItNeeds) {
  EXPECT_EQ(SqliteCodeToStatusCode(GetParam().sqlite_code), GetParam().expected)
      << sqlite3_errstr(GetParam().sqlite_code);
}

INSTANTIATE_TEST_SUITE_P(
    AllCodes, SqliteStatusTest,
    ::testing::Values(SqliteCase{SQLITE_OK, StatusCode::kOk},
                      SqliteCase{SQLITE_ROW, StatusCode::kOk},
                      SqliteCase{SQLITE_DONE, StatusCode::kOk},
                      SqliteCase{SQLITE_BUSY, StatusCode::kUnavailable},
                      SqliteCase{SQLITE_BUSY_SNAPSHOT, StatusCode::kUnavailable},
                      SqliteCase{SQLITE_LOCKED, StatusCode::kUnavailable},
                      SqliteCase{SQLITE_IOERR, StatusCode::kUnavailable},
                      SqliteCase{SQLITE_IOERR_FSYNC, StatusCode::kUnavailable},
                      SqliteCase{SQLITE_FULL, StatusCode::kResourceExhausted},
                      SqliteCase{SQLITE_NOMEM, StatusCode::kResourceExhausted},
                      SqliteCase{SQLITE_CORRUPT, StatusCode::kDataLoss},
                      SqliteCase{SQLITE_NOTADB, StatusCode::kDataLoss},
                      SqliteCase{SQLITE_CONSTRAINT, StatusCode::kAlreadyExists},
                      SqliteCase{SQLITE_CONSTRAINT_UNIQUE, StatusCode::kAlreadyExists},
                      SqliteCase{SQLITE_CANTOPEN, StatusCode::kFailedPrecondition},
                      SqliteCase{SQLITE_READONLY, StatusCode::kFailedPrecondition},
                      SqliteCase{SQLITE_PERM, StatusCode::kFailedPrecondition},
                      SqliteCase{SQLITE_TOOBIG, StatusCode::kInvalidInput},
                      SqliteCase{SQLITE_INTERRUPT, StatusCode::kCancelled},
                      SqliteCase{SQLITE_ERROR, StatusCode::kInternal},
                      SqliteCase{SQLITE_MISUSE, StatusCode::kInternal}));

TEST(SqliteStatus, OkCodeGivesOkStatus) { EXPECT_TRUE(SqliteStatus(SQLITE_DONE, "step").ok()); }

TEST(SqliteStatus, MessageNamesTheContextAndSqlitesText) {
  Status status = SqliteStatus(SQLITE_FULL, "committing");
  EXPECT_EQ(status.code(), StatusCode::kResourceExhausted);
  EXPECT_NE(status.message().find("committing"), std::string::npos);
  EXPECT_NE(status.message().find("full"), std::string::npos);
}

}  // namespace
}  // namespace kiosk::central
