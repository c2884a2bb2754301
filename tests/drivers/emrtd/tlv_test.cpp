#include "drivers/emrtd/tlv.h"

#include <gtest/gtest.h>

#include "drivers/emrtd/crypto.h"

namespace kiosk::emrtd {
namespace {

TEST(Tlv, ParsesMultiByteTagsAndLongLengths) {
  Bytes value(300, 0x41);
  Bytes encoded = EncodeTlv(0x5F1F, value);
  EXPECT_EQ(ToHex(std::span(encoded).subspan(0, 5)), "5F1F82012C");
  auto tlv = ParseTlv(encoded);
  ASSERT_TRUE(tlv.ok());
  EXPECT_EQ(tlv->tag, 0x5F1Fu);
  EXPECT_EQ(tlv->value.size(), 300u);
  EXPECT_FALSE(tlv->constructed());
  auto outer = ParseTlv(EncodeTlv(0x7F61, encoded));
  ASSERT_TRUE(outer.ok());
  EXPECT_TRUE(outer->constructed());
}

struct HostileCase {
  const char* name;
  const char* hex;
};

class HostileTlvTest : public ::testing::TestWithParam<HostileCase> {};

TEST_P(HostileTlvTest, IsRejectedWithoutAllocatingOrReadingPastTheEnd) {
  Bytes input = FromHex(GetParam().hex);
  auto tlv = ParseTlv(input);
  EXPECT_EQ(tlv.status().code(), StatusCode::kInvalidInput) << GetParam().name;
  auto list = ParseTlvList(input);
  EXPECT_FALSE(list.ok());
}

INSTANTIATE_TEST_SUITE_P(
    Inputs, HostileTlvTest,
    ::testing::Values(HostileCase{"GigabyteLength", "7784400000000102"},
                      HostileCase{"FourGigabyteLength", "7784FFFFFFFF"},
                      HostileCase{"FiveByteLength", "778501000000000000"},
                      HostileCase{"LengthAboveCap", "7783200000"},
                      HostileCase{"IndefiniteLength", "7780000000"},
                      HostileCase{"ZeroTag", "000100"}, HostileCase{"FFTag", "FF0100"},
                      HostileCase{"TruncatedTag", "5F"}, HostileCase{"EndlessTag", "5F8181818101"},
                      HostileCase{"TruncatedLength", "6182"},
                      HostileCase{"TruncatedValue", "6105414243"},
                      HostileCase{"LengthWithoutValue", "61820100"}),
    [](const ::testing::TestParamInfo<HostileCase>& p) { return std::string(p.param.name); });

TEST(Tlv, HeaderGivesTheSizeBeforeTheValueIsThere) {
  auto header = ParseTlvHeader(FromHex("75822710"));
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->length, 0x2710u);
  EXPECT_EQ(header->header_size, 4u);
}

TEST(Tlv, FindsAChildByTag) {
  Bytes children = Concat({EncodeTlv(0x80, Bytes{1}), EncodeTlv(0x83, Bytes{2})});
  auto found = FindTlv(children, 0x83);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->value[0], 2);
  EXPECT_EQ(FindTlv(children, 0x84).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace kiosk::emrtd
