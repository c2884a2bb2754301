#include "kiosk/staff_pin.h"

#include <gtest/gtest.h>

namespace kiosk {
namespace {

TEST(StaffPin, HashVerifiesTheSamePinOnly) {
  auto hash = HashStaffPin("482913");
  ASSERT_TRUE(hash.ok()) << hash.status().ToString();
  EXPECT_EQ(hash->rfind("$argon2id$v=19$", 0), 0u) << *hash;
  EXPECT_TRUE(LooksLikeStaffPinHash(*hash));
  EXPECT_TRUE(VerifyStaffPin("482913", *hash));
  EXPECT_FALSE(VerifyStaffPin("482914", *hash));
  EXPECT_FALSE(VerifyStaffPin("", *hash));
}

TEST(StaffPin, TwoHashesOfOnePinDifferByTheirSalt) {
  auto a = HashStaffPin("123456");
  auto b = HashStaffPin("123456");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(VerifyStaffPin("123456", *b));
}

TEST(StaffPin, EmptyOrMalformedHashNeverVerifies) {
  EXPECT_FALSE(VerifyStaffPin("123456", ""));
  EXPECT_FALSE(VerifyStaffPin("123456", "123456"));
  EXPECT_FALSE(VerifyStaffPin("123456", "$argon2id$v=19$m=19456,t=2,p=1$$"));
  EXPECT_FALSE(VerifyStaffPin("123456", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"));
}

class InvalidStaffPinTest : public ::testing::TestWithParam<const char*> {};

TEST_P(InvalidStaffPinTest, IsRefusedWithoutEchoingThePin) {
  Status status = ValidateStaffPin(GetParam());
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  if (std::string(GetParam()).size() >= 3) {
    EXPECT_EQ(status.message().find(GetParam()), std::string::npos) << status.message();
  }
  EXPECT_FALSE(HashStaffPin(GetParam()).ok());
}

INSTANTIATE_TEST_SUITE_P(Table, InvalidStaffPinTest,
                         ::testing::Values("", "12345", "1234567890123", "12345a", "123 456",
                                           "١٢٣٤٥٦"));

}  // namespace
}  // namespace kiosk
