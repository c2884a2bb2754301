#include "drivers/cardsim/test_pki.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/temp_dir.h"

namespace kiosk::cardsim {
namespace {

TEST(TestPki, GeneratesCscaAndDocumentSignerOnce) {
  testing::TempDir dir;
  auto pki = GenerateTestPki(dir.Join("pki"));
  ASSERT_TRUE(pki.ok()) << pki.status().ToString();
  EXPECT_TRUE(std::filesystem::exists(pki->trust_store_dir + "/csca.pem"));
  EXPECT_TRUE(std::filesystem::exists(pki->ds_cert));
  auto before = std::filesystem::last_write_time(pki->ds_key);
  auto again = GenerateTestPki(dir.Join("pki"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(std::filesystem::last_write_time(again->ds_key), before);
}

TEST(TestPki, SignsASecurityObjectAsEfSod) {
  testing::TempDir dir;
  auto pki = GenerateTestPki(dir.path().string());
  ASSERT_TRUE(pki.ok());
  auto sod = SignSecurityObject(*pki, emrtd::Bytes{0x30, 0x00});
  ASSERT_TRUE(sod.ok()) << sod.status().ToString();
  EXPECT_EQ((*sod)[0], 0x77);
}

}  // namespace
}  // namespace kiosk::cardsim
