#include "drivers/emrtd/apdu.h"

#include <gtest/gtest.h>

#include "drivers/emrtd/crypto.h"

namespace kiosk::emrtd {
namespace {

struct ApduCase {
  const char* name;
  size_t data_size;
  size_t ne;
  const char* prefix_after_header;
};

class ApduEncodingTest : public ::testing::TestWithParam<ApduCase> {};

TEST_P(ApduEncodingTest, EncodesAndParsesBack) {
  const ApduCase& c = GetParam();
  CommandApdu apdu{.cla = 0x0C, .ins = 0xB0, .p1 = 0x01, .p2 = 0x02};
  apdu.data = Bytes(c.data_size, 0x33);
  apdu.ne = c.ne;
  Bytes raw = apdu.Encode();
  EXPECT_EQ(ToHex(std::span(raw).subspan(4, std::min<size_t>(raw.size() - 4, 3)))
                .substr(0, std::string(c.prefix_after_header).size()),
            c.prefix_after_header);
  auto parsed = CommandApdu::Parse(raw);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->data, apdu.data);
  EXPECT_EQ(parsed->ne, apdu.ne);
}

INSTANTIATE_TEST_SUITE_P(Cases, ApduEncodingTest,
                         ::testing::Values(ApduCase{"Case1", 0, 0, ""},
                                           ApduCase{"Case2Short", 0, 256, "00"},
                                           ApduCase{"Case3Short", 2, 0, "02"},
                                           ApduCase{"Case4Short", 2, 223, "02"},
                                           ApduCase{"Case2Extended", 0, 65536, "000000"},
                                           ApduCase{"Case4Extended", 300, 4000, "00012C"},
                                           ApduCase{"Case4ExtendedByNe", 2, 1000, "000002"}),
                         [](const auto& p) { return std::string(p.param.name); });

TEST(Apdu, RejectsInconsistentLengths) {
  EXPECT_FALSE(CommandApdu::Parse(FromHex("00A4")).ok());
  EXPECT_FALSE(CommandApdu::Parse(FromHex("00A4020C05011E")).ok());
  EXPECT_FALSE(CommandApdu::Parse(FromHex("00B0000000FF")).ok());
  EXPECT_FALSE(CommandApdu::Parse(FromHex("00B000000001")).ok());
  EXPECT_EQ(CommandApdu::Parse(FromHex("00B0000000")).value().ne, 256u);
  EXPECT_EQ(CommandApdu::Parse(FromHex("00B00000000000")).value().ne, 65536u);
  EXPECT_FALSE(ResponseApdu::Parse(FromHex("90")).ok());
}

}  // namespace
}  // namespace kiosk::emrtd
