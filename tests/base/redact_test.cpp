#include "base/redact.h"

#include <gtest/gtest.h>

namespace kiosk::redact {
namespace {

// ICAO's fictional specimen (state UTO), never a real person's.
constexpr std::string_view kDocumentNumber = "L898902C3";
constexpr std::string_view kMrzLine1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
constexpr std::string_view kMrzLine2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
constexpr std::string_view kTd1Line1 = "I<UTOD231458907<<<<<<<<<<<<<<<";
constexpr std::string_view kCan = "123456";

TEST(Redact, MasksADocumentNumber) {
  std::string masked = DocumentNumber(kDocumentNumber);
  EXPECT_EQ(masked.find("L898902C3"), std::string::npos);
  EXPECT_EQ(masked, "[document number, 9 chars]");
}

TEST(Redact, MasksAnMrzLine) {
  std::string masked = MrzLine(kMrzLine2);
  EXPECT_EQ(masked.find("L898902C3"), std::string::npos);
  EXPECT_EQ(masked.find("740812"), std::string::npos);
  EXPECT_EQ(masked, "[MRZ line, 44 chars]");
}

TEST(Redact, MasksACanWithoutRevealingItsLength) {
  EXPECT_EQ(Can(kCan), "[CAN]");
  EXPECT_EQ(Can("12345678"), "[CAN]");
}

TEST(Redact, MasksPinNameAndToken) {
  EXPECT_EQ(Pin("0000"), "[PIN]");
  EXPECT_EQ(Name("ERIKSSON"), "[name]");
  EXPECT_EQ(Token("tok_abcdef"), "[token]");
}

TEST(Redact, CommandApduShowsTheHeaderAndSizesOnly) {
  // SELECT eMRTD application: 00 A4 04 0C 07 A0000002471001
  const uint8_t select[] = {0x00, 0xA4, 0x04, 0x0C, 0x07, 0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01};
  std::string text = CommandApdu(select);
  EXPECT_EQ(text, "00 A4 04 0C Lc=7 Le=none");
  EXPECT_EQ(text.find("A0"), std::string::npos);
}

TEST(Redact, CommandApduReportsShortAndExtendedLe) {
  const uint8_t read_binary[] = {0x00, 0xB0, 0x00, 0x00, 0x00};
  EXPECT_EQ(CommandApdu(read_binary), "00 B0 00 00 Lc=0 Le=256");
  const uint8_t with_le[] = {0x00, 0x82, 0x00, 0x00, 0x02, 0xAA, 0xBB, 0x28};
  EXPECT_EQ(CommandApdu(with_le), "00 82 00 00 Lc=2 Le=40");
  const uint8_t extended_le[] = {0x00, 0xB0, 0x00, 0x00, 0x00, 0x10, 0x00};
  EXPECT_EQ(CommandApdu(extended_le), "00 B0 00 00 Lc=0 Le=4096");
  const uint8_t too_short[] = {0x00, 0xB0};
  EXPECT_EQ(CommandApdu(too_short), "[malformed APDU, 2 bytes]");
}

TEST(Redact, ResponseApduShowsTheStatusWordAndSize) {
  const uint8_t response[] = {0x61, 0x15, 0x5F, 0x1F, 0x90, 0x00};
  EXPECT_EQ(ResponseApdu(response), "SW=9000 data=4");
}

struct ScrubCase {
  std::string input;
  std::string secret;  // must be gone from the output
};

class Scrub : public ::testing::TestWithParam<ScrubCase> {};

TEST_P(Scrub, RemovesPersonalDataThatSlippedIntoALine) {
  std::string out = ScrubPersonalData(GetParam().input);
  EXPECT_EQ(out.find(GetParam().secret), std::string::npos) << out;
  EXPECT_NE(out.find("[redacted]"), std::string::npos) << out;
}

INSTANTIATE_TEST_SUITE_P(
    Secrets, Scrub,
    ::testing::Values(ScrubCase{"read MRZ " + std::string(kMrzLine1), "ERIKSSON"},
                      ScrubCase{"line2=" + std::string(kMrzLine2), "L898902C3"},
                      ScrubCase{"TD1 " + std::string(kTd1Line1), "D23145890"},
                      ScrubCase{"PACE with CAN 123456 failed", "123456"},
                      ScrubCase{"document L898902C3 expired", "L898902C3"},
                      ScrubCase{"document X4RTBPFW4 expired", "X4RTBPFW4"},
                      ScrubCase{"payload 7F6182010A5F2E0102A0000002", "7F6182010A5F2E"},
                      ScrubCase{"birth 19740812", "19740812"}));

TEST(Scrub, LeavesOrdinaryTextAlone) {
  std::string line = "reader 'ACS ACR122U 00 00' card present, 12 APDUs in 230 ms, SW=6982";
  EXPECT_EQ(ScrubPersonalData(line), line);
  std::string uuid = "submission 3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f sent";
  EXPECT_EQ(ScrubPersonalData(uuid), uuid);
}

}  // namespace
}  // namespace kiosk::redact
