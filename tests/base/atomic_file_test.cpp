#include "base/atomic_file.h"

#include <sys/stat.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

namespace kiosk {
namespace {

using kiosk::testing::ReadFile;
using kiosk::testing::TempDir;

mode_t ModeOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(stat(path.c_str(), &st), 0);
  return st.st_mode & 07777;
}

size_t EntriesIn(const std::filesystem::path& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

TEST(WriteFileAtomically, CreatesAFileWithTheGivenMode) {
  TempDir dir;
  std::string path = dir.Join("key.pem");
  ASSERT_TRUE(WriteFileAtomically(path, "secret", 0600).ok());
  EXPECT_EQ(ReadFile(path), "secret");
  EXPECT_EQ(ModeOf(path), 0600u);
  EXPECT_EQ(EntriesIn(dir.path()), 1u) << "no temporary file left behind";
}

TEST(WriteFileAtomically, ReplacesAnExistingFileAndItsMode) {
  TempDir dir;
  std::string path = dir.WriteFile("kiosk.toml", "old content that is longer");
  ASSERT_TRUE(WriteFileAtomically(path, "new", 0644).ok());
  EXPECT_EQ(ReadFile(path), "new");
  EXPECT_EQ(ModeOf(path), 0644u);
}

TEST(WriteFileAtomically, WritesAnEmptyFile) {
  TempDir dir;
  std::string path = dir.Join("empty");
  ASSERT_TRUE(WriteFileAtomically(path, "", 0600).ok());
  EXPECT_EQ(ReadFile(path), "");
}

TEST(WriteFileAtomically, MissingFolderIsNotFound) {
  TempDir dir;
  Status status = WriteFileAtomically(dir.Join("no/such/folder/file"), "x", 0600);
  EXPECT_EQ(status.code(), StatusCode::kNotFound) << status.ToString();
}

TEST(WriteFileAtomically, RemovesLeftoversOfAnInterruptedWrite) {
  TempDir dir;
  dir.WriteFile(".kiosk.toml.tmp-abc123", "half");
  ASSERT_TRUE(WriteFileAtomically(dir.Join("kiosk.toml"), "whole", 0600).ok());
  EXPECT_EQ(EntriesIn(dir.path()), 1u);
}

TEST(WriteTemporaryBeside, LeavesTheTargetUntouchedUntilCommitted) {
  TempDir dir;
  std::string path = dir.WriteFile("cert.pem", "old");
  auto temporary = WriteTemporaryBeside(path, "new", 0600);
  ASSERT_TRUE(temporary.ok()) << temporary.status().ToString();
  EXPECT_EQ(ReadFile(path), "old");
  EXPECT_EQ(ReadFile(*temporary), "new");
  ASSERT_TRUE(CommitTemporary(*temporary, path).ok());
  EXPECT_EQ(ReadFile(path), "new");
  EXPECT_FALSE(std::filesystem::exists(*temporary));
}

struct ErrnoCase {
  int error_number;
  StatusCode code;
};

class FileErrorStatusTest : public ::testing::TestWithParam<ErrnoCase> {};

TEST_P(FileErrorStatusTest, MapsErrnoToTheCodeThatSaysHowToReact) {
  EXPECT_EQ(FileErrorStatus(GetParam().error_number, "f").code(), GetParam().code);
}

INSTANTIATE_TEST_SUITE_P(Table, FileErrorStatusTest,
                         ::testing::Values(ErrnoCase{EACCES, StatusCode::kPermissionDenied},
                                           ErrnoCase{EROFS, StatusCode::kPermissionDenied},
                                           ErrnoCase{ENOSPC, StatusCode::kResourceExhausted},
                                           ErrnoCase{EDQUOT, StatusCode::kResourceExhausted},
                                           ErrnoCase{ENOENT, StatusCode::kNotFound},
                                           ErrnoCase{EIO, StatusCode::kDataLoss},
                                           ErrnoCase{EBUSY, StatusCode::kFailedPrecondition}));

}  // namespace
}  // namespace kiosk
