#include "offline/crypto/data_key.h"

#include <sys/stat.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

namespace kiosk::offline {
namespace {

using kiosk::testing::TempDir;

TEST(DataKey, IsCreatedWithModeSixHundredOnFirstUse) {
  TempDir dir;
  std::string path = dir.Join("data.key");
  auto key = DataKey::LoadOrCreate(path);
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  struct stat info {};
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(info.st_size, 32);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST(DataKey, IsTheSameKeyWhenLoadedAgain) {
  TempDir dir;
  auto first = DataKey::LoadOrCreate(dir.Join("data.key"));
  auto second = DataKey::LoadOrCreate(dir.Join("data.key"));
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->bytes(), second->bytes());
}

TEST(DataKey, TwoDevicesGetDifferentKeys) {
  TempDir dir;
  auto a = DataKey::LoadOrCreate(dir.Join("a.key"));
  auto b = DataKey::LoadOrCreate(dir.Join("b.key"));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->bytes(), b->bytes());
}

TEST(DataKey, RefusesAKeyFileOthersCanRead) {
  TempDir dir;
  std::string path = dir.Join("data.key");
  ASSERT_TRUE(DataKey::LoadOrCreate(path).ok());
  chmod(path.c_str(), 0644);
  EXPECT_EQ(DataKey::LoadOrCreate(path).status().code(), StatusCode::kPermissionDenied);
}

TEST(DataKey, RefusesATruncatedKeyFile) {
  TempDir dir;
  std::string path = dir.WriteFile("data.key", "short");
  chmod(path.c_str(), 0600);
  EXPECT_EQ(DataKey::LoadOrCreate(path).status().code(), StatusCode::kDataLoss);
}

TEST(DataKey, ReportsAMissingFolder) {
  TempDir dir;
  EXPECT_EQ(DataKey::LoadOrCreate(dir.Join("missing/data.key")).status().code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace kiosk::offline
