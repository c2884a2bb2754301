// kioskctl card mrz: the JSON fields of the issue, exit 0 valid, 1 a check digit fails,
// 2 not an MRZ.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/process.h"

namespace kiosk {
namespace {

using kiosk::testing::BinaryPath;
using kiosk::testing::RunCommand;

nlohmann::json RunJson(const std::vector<std::string>& lines, int expected_exit) {
  std::vector<std::string> argv = {BinaryPath("kioskctl"), "--json", "card", "mrz"};
  argv.insert(argv.end(), lines.begin(), lines.end());
  auto result = RunCommand(argv);
  EXPECT_EQ(result.exit_code, expected_exit) << result.err;
  return nlohmann::json::parse(result.out);
}

TEST(CardMrzCommand, ValidPassportSpecimenExitsZeroWithEveryField) {
  auto json = RunJson({"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                       "L898902C36UTO7408122F1204159ZE184226B<<<<<10"},
                      0);
  EXPECT_EQ(json["valid"], true);
  EXPECT_EQ(json["format"], "TD3");
  EXPECT_EQ(json["document_number"], "L898902C3");
  EXPECT_EQ(json["issuing_state"], "UTO");
  EXPECT_EQ(json["surname"], "ERIKSSON");
  EXPECT_EQ(json["given_names"], "ANNA MARIA");
  EXPECT_EQ(json["nationality"], "UTO");
  EXPECT_EQ(json["birth_date"], "1974-08-12");
  EXPECT_EQ(json["expiry_date"], "2012-04-15");
  EXPECT_EQ(json["sex"], "F");
  EXPECT_EQ(json["checks"]["document_number"], true);
  EXPECT_EQ(json["checks"]["composite"], true);
}

TEST(CardMrzCommand, WrongCheckDigitExitsOne) {
  auto json = RunJson({"I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204158UTO<<<<<<<<<<<6",
                       "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"},
                      1);
  EXPECT_EQ(json["valid"], false);
  EXPECT_EQ(json["format"], "TD1");
  EXPECT_EQ(json["checks"]["expiry_date"], false);
}

TEST(CardMrzCommand, FrenchCardHasNullExpiry) {
  auto json =
      RunJson({"IDFRABERTHIER<<<<<<<<<<<<<<<<<920025", "8806923102858CORINNE<<CLAIR6507039F2"}, 0);
  EXPECT_EQ(json["format"], "FR1995");
  EXPECT_TRUE(json["expiry_date"].is_null());
  EXPECT_EQ(json["document_number"], "880692310285");
}

TEST(CardMrzCommand, NotAnMrzExitsTwo) {
  auto json = RunJson({"hello", "world"}, 2);
  EXPECT_EQ(json["ok"], false);
  EXPECT_EQ(json["error"]["code"], "InvalidInput");
}

}  // namespace
}  // namespace kiosk
