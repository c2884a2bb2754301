#include "drivers/emrtd/secure_messaging.h"

#include <gtest/gtest.h>

namespace kiosk::emrtd {
namespace {

struct CounterCase {
  const char* before;
  const char* after;
};

class CounterTest : public ::testing::TestWithParam<CounterCase> {};

TEST_P(CounterTest, IncrementsAsAnUnsignedBigEndianNumber) {
  Bytes counter = FromHex(GetParam().before);
  SecureMessaging::IncrementCounter(counter);
  EXPECT_EQ(ToHex(counter), GetParam().after);
}

INSTANTIATE_TEST_SUITE_P(Carries, CounterTest,
                         ::testing::Values(CounterCase{"0000000000000000", "0000000000000001"},
                                           CounterCase{"00000000000000FF", "0000000000000100"},
                                           CounterCase{"887022120C06C2FF", "887022120C06C300"},
                                           CounterCase{"00000000FFFFFFFF", "0000000100000000"},
                                           CounterCase{"000000000000007F", "0000000000000080"},
                                           CounterCase{"FFFFFFFFFFFFFFFF", "0000000000000000"},
                                           CounterCase{"000000000000000000000000000000FF",
                                                       "00000000000000000000000000000100"}));

SecureMessaging WorkedExample() {
  return SecureMessaging(Cipher::k3Des, FromHex("979EC13B1CBFE9DCD01AB0FED307EAE5"),
                         FromHex("F1CB1F1FB5ADF208806B89DC579DC1F8"), FromHex("887022120C06C226"));
}

TEST(SecureMessaging, ProtectsSelectEfComAsInTheWorkedExample) {
  SecureMessaging sm = WorkedExample();
  CommandApdu select{.cla = 0x00, .ins = 0xA4, .p1 = 0x02, .p2 = 0x0C, .data = {0x01, 0x1E}};
  auto wrapped = sm.ProtectCommand(select);
  ASSERT_TRUE(wrapped.ok());
  EXPECT_EQ(ToHex(wrapped->Encode()), "0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800");
  EXPECT_EQ(ToHex(sm.ssc()), "887022120C06C227");
}

TEST(SecureMessaging, VerifiesTheWorkedExampleResponse) {
  SecureMessaging sm = WorkedExample();
  CommandApdu select{.cla = 0x00, .ins = 0xA4, .p1 = 0x02, .p2 = 0x0C, .data = {0x01, 0x1E}};
  ASSERT_TRUE(sm.ProtectCommand(select).ok());
  auto response = sm.UnprotectResponse(FromHex("990290008E08FA855A5D4C50A8ED9000"));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->sw, 0x9000);
  EXPECT_EQ(ToHex(sm.ssc()), "887022120C06C228");
}

TEST(SecureMessaging, RejectsAResponseWithAWrongMac) {
  SecureMessaging sm = WorkedExample();
  CommandApdu select{.cla = 0x00, .ins = 0xA4, .p1 = 0x02, .p2 = 0x0C, .data = {0x01, 0x1E}};
  ASSERT_TRUE(sm.ProtectCommand(select).ok());
  auto response = sm.UnprotectResponse(FromHex("990290008E08FA855A5D4C50A8EE9000"));
  EXPECT_EQ(response.status().code(), StatusCode::kDataLoss);
}

TEST(SecureMessaging, RejectsABareSuccessWithoutMac) {
  SecureMessaging sm = WorkedExample();
  EXPECT_EQ(sm.UnprotectResponse(FromHex("9000")).status().code(), StatusCode::kDataLoss);
}

TEST(SecureMessaging, PassesABareErrorWithoutAdvancingTheCounter) {
  for (const char* sw : {"6700", "6982", "6A82"}) {
    SecureMessaging sm = WorkedExample();
    auto response = sm.UnprotectResponse(FromHex(sw));
    ASSERT_TRUE(response.ok()) << sw;
    EXPECT_EQ(
        ToHex(Bytes{static_cast<uint8_t>(response->sw >> 8), static_cast<uint8_t>(response->sw)}),
        sw);
    EXPECT_EQ(ToHex(sm.ssc()), "887022120C06C226");
  }
}

struct RoundTripCase {
  Cipher cipher;
  size_t data_size;
  size_t ne;
};

class RoundTripTest : public ::testing::TestWithParam<RoundTripCase> {};

TEST_P(RoundTripTest, ChipAndReaderAgree) {
  const RoundTripCase& c = GetParam();
  Bytes k_enc(KeySize(c.cipher), 0x11);
  Bytes k_mac(KeySize(c.cipher), 0x22);
  Bytes ssc(BlockSize(c.cipher), 0xFF);  // the first increment carries through every byte
  SecureMessaging reader(c.cipher, k_enc, k_mac, ssc);
  SecureMessaging chip(c.cipher, k_enc, k_mac, ssc);

  CommandApdu command{.cla = 0x00, .ins = 0xB0, .p1 = 0x01, .p2 = 0x02};
  command.data = Bytes(c.data_size, 0x5A);
  command.ne = c.ne;
  auto wire = reader.ProtectCommand(command);
  ASSERT_TRUE(wire.ok());
  auto parsed = CommandApdu::Parse(wire->Encode());
  ASSERT_TRUE(parsed.ok());
  auto plain = chip.UnprotectCommand(*parsed);
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_EQ(plain->data, command.data);
  EXPECT_EQ(plain->ne, command.ne);

  ResponseApdu answer{Bytes(c.ne, 0xA5), 0x9000};
  auto protected_answer = chip.ProtectResponse(answer);
  ASSERT_TRUE(protected_answer.ok());
  auto unwrapped = reader.UnprotectResponse(protected_answer->Encode());
  ASSERT_TRUE(unwrapped.ok()) << unwrapped.status().ToString();
  EXPECT_EQ(unwrapped->data, answer.data);
  EXPECT_EQ(reader.ssc(), chip.ssc());
}

INSTANTIATE_TEST_SUITE_P(Ciphers, RoundTripTest,
                         ::testing::Values(RoundTripCase{Cipher::k3Des, 0, 223},
                                           RoundTripCase{Cipher::kAes128, 7, 16},
                                           RoundTripCase{Cipher::kAes192, 300, 0},
                                           RoundTripCase{Cipher::kAes256, 2, 4000}));

}  // namespace
}  // namespace kiosk::emrtd
