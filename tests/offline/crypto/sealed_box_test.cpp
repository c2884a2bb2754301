#include "offline/crypto/sealed_box.h"

#include <gtest/gtest.h>

namespace kiosk::offline {
namespace {

DataKey KeyOf(uint8_t fill) {
  std::array<uint8_t, DataKey::kSize> bytes{};
  bytes.fill(fill);
  return DataKey::FromBytes(bytes);
}

TEST(SealedBox, OpensWhatItSealed) {
  auto sealed = Seal(KeyOf(1), R"({"name":"ERIKSSON"})", "id-1");
  ASSERT_TRUE(sealed.ok());
  auto opened = Open(KeyOf(1), *sealed, "id-1");
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, R"({"name":"ERIKSSON"})");
}

TEST(SealedBox, HidesThePlaintext) {
  auto sealed = Seal(KeyOf(1), "ERIKSSON L898902C3", "id-1");
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->find("ERIKSSON"), std::string::npos);
  EXPECT_EQ(sealed->find("L898902C3"), std::string::npos);
}

TEST(SealedBox, SealingTwiceGivesDifferentBytes) {
  auto a = Seal(KeyOf(1), "same", "id-1");
  auto b = Seal(KeyOf(1), "same", "id-1");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
}

TEST(SealedBox, RefusesAnotherSubmissionId) {
  auto sealed = Seal(KeyOf(1), "payload", "id-1");
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(Open(KeyOf(1), *sealed, "id-2").status().code(), StatusCode::kDataLoss);
}

TEST(SealedBox, RefusesAnotherKey) {
  auto sealed = Seal(KeyOf(1), "payload", "id-1");
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(Open(KeyOf(2), *sealed, "id-1").status().code(), StatusCode::kDataLoss);
}

TEST(SealedBox, RefusesAnyFlippedBit) {
  auto sealed = Seal(KeyOf(1), "payload", "id-1");
  ASSERT_TRUE(sealed.ok());
  for (size_t i = 0; i < sealed->size(); ++i) {
    std::string altered = *sealed;
    altered[i] = static_cast<char>(altered[i] ^ 0x01);
    EXPECT_EQ(Open(KeyOf(1), altered, "id-1").status().code(), StatusCode::kDataLoss) << i;
  }
}

TEST(SealedBox, RefusesTruncatedBytes) {
  EXPECT_EQ(Open(KeyOf(1), "", "id").status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(Open(KeyOf(1), std::string(28, '\x01'), "id").status().code(), StatusCode::kDataLoss);
}

TEST(SealedBox, SealsAnEmptyValue) {
  auto sealed = Seal(KeyOf(1), "", "id-1");
  ASSERT_TRUE(sealed.ok());
  auto opened = Open(KeyOf(1), *sealed, "id-1");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, "");
}

}  // namespace
}  // namespace kiosk::offline
