#include "drivers/emrtd/mrz.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace kiosk::emrtd {
namespace {

const MrzDate kToday{2026, 12, 3};

struct MrzCase {
  const char* name;
  std::vector<std::string> lines;
  MrzFormat format;
  bool valid;
  const char* document_number;
  const char* surname;
  const char* given_names;
  const char* birth;                        // ISO or ""
  const char* expiry;                       // ISO or ""
  std::vector<std::string> failing_checks;  // empty when valid
};

void PrintTo(const MrzCase& c, std::ostream* os) { *os << c.name; }

class MrzTableTest : public ::testing::TestWithParam<MrzCase> {};

TEST_P(MrzTableTest, ParsesFieldsAndChecks) {
  const MrzCase& c = GetParam();
  auto mrz = ParseMrz(c.lines, kToday);
  ASSERT_TRUE(mrz.ok()) << mrz.status().ToString();
  EXPECT_EQ(mrz->format, c.format);
  EXPECT_EQ(mrz->valid(), c.valid);
  EXPECT_EQ(mrz->document_number, c.document_number);
  EXPECT_EQ(mrz->surname, c.surname);
  EXPECT_EQ(mrz->given_names, c.given_names);
  EXPECT_EQ(mrz->birth_date ? mrz->birth_date->ToIso() : "", c.birth);
  EXPECT_EQ(mrz->expiry_date ? mrz->expiry_date->ToIso() : "", c.expiry);
  for (const auto& [check, ok] : mrz->checks) {
    bool should_fail = std::find(c.failing_checks.begin(), c.failing_checks.end(), check) !=
                       c.failing_checks.end();
    EXPECT_EQ(ok, !should_fail) << check;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Specimens, MrzTableTest,
    ::testing::Values(
        MrzCase{"Td3Specimen",
                {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                 "L898902C36UTO7408122F1204159ZE184226B<<<<<10"},
                MrzFormat::kTd3,
                true,
                "L898902C3",
                "ERIKSSON",
                "ANNA MARIA",
                "1974-08-12",
                "2012-04-15",
                {}},
        MrzCase{"Td1Specimen",
                {"I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6",
                 "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"},
                MrzFormat::kTd1,
                true,
                "D23145890",
                "ERIKSSON",
                "ANNA MARIA",
                "1974-08-12",
                "2012-04-15",
                {}},
        MrzCase{"Td2Specimen",
                {"I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"},
                MrzFormat::kTd2,
                true,
                "D23145890",
                "ERIKSSON",
                "ANNA MARIA",
                "1974-08-12",
                "2012-04-15",
                {}},
        MrzCase{"CnieLike",
                {"IDFRAX4RTBPFW46<<<<<<<<<<<<<<<", "9005145F3106305FRA<<<<<<<<<<<6",
                 "LEFEVRE<<HELENE<MARIE<<<<<<<<<"},
                MrzFormat::kTd1,
                true,
                "X4RTBPFW4",
                "LEFEVRE",
                "HELENE MARIE",
                "1990-05-14",
                "2031-06-30",
                {}},
        MrzCase{"Td1LongDocumentNumber",
                {"I<UTOD23145890<1233<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<2",
                 "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"},
                MrzFormat::kTd1,
                true,
                "D23145890123",
                "ERIKSSON",
                "ANNA MARIA",
                "1974-08-12",
                "2012-04-15",
                {}},
        MrzCase{"French1995Card",
                {"IDFRABERTHIER<<<<<<<<<<<<<<<<<920025", "8806923102858CORINNE<<CLAIR6507039F2"},
                MrzFormat::kFr1995,
                true,
                "880692310285",
                "BERTHIER",
                "CORINNE CLAIR",
                "1965-07-03",
                "",
                {}},
        MrzCase{"Td3WrongDocumentCheck",
                {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                 "L898902C37UTO7408122F1204159ZE184226B<<<<<10"},
                MrzFormat::kTd3,
                false,
                "L898902C3",
                "ERIKSSON",
                "ANNA MARIA",
                "1974-08-12",
                "2012-04-15",
                {"document_number", "composite"}},
        MrzCase{"Td3WrongComposite",
                {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                 "L898902C36UTO7408122F1204159ZE184226B<<<<<11"},
                MrzFormat::kTd3,
                false,
                "L898902C3",
                "ERIKSSON",
                "ANNA MARIA",
                "1974-08-12",
                "2012-04-15",
                {"composite"}},
        MrzCase{"Td1WrongExpiryCheck",
                {"I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204158UTO<<<<<<<<<<<6",
                 "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"},
                MrzFormat::kTd1,
                false,
                "D23145890",
                "ERIKSSON",
                "ANNA MARIA",
                "1974-08-12",
                "2012-04-15",
                {"expiry_date", "composite"}},
        MrzCase{"Td3WrongPersonalNumberCheck",
                {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                 "L898902C36UTO7408122F1204159ZE184226B<<<<<20"},
                MrzFormat::kTd3,
                false,
                "L898902C3",
                "ERIKSSON",
                "ANNA MARIA",
                "1974-08-12",
                "2012-04-15",
                {"personal_number", "composite"}},
        MrzCase{"French1995WrongFinalCheck",
                {"IDFRABERTHIER<<<<<<<<<<<<<<<<<920025", "8806923102858CORINNE<<CLAIR6507039F3"},
                MrzFormat::kFr1995,
                false,
                "880692310285",
                "BERTHIER",
                "CORINNE CLAIR",
                "1965-07-03",
                "",
                {"composite"}}),
    [](const ::testing::TestParamInfo<MrzCase>& p) { return std::string(p.param.name); });

struct NotMrzCase {
  const char* name;
  std::vector<std::string> lines;
};

class NotMrzTest : public ::testing::TestWithParam<NotMrzCase> {};

TEST_P(NotMrzTest, IsRejectedAsNotAnMrz) {
  auto mrz = ParseMrz(GetParam().lines, kToday);
  EXPECT_EQ(mrz.status().code(), StatusCode::kInvalidInput);
}

INSTANTIATE_TEST_SUITE_P(
    Garbage, NotMrzTest,
    ::testing::Values(NotMrzCase{"Empty", {}}, NotMrzCase{"OneLine", {"P<UTO"}},
                      NotMrzCase{"WrongLength", {std::string(43, '<'), std::string(44, '<')}},
                      NotMrzCase{"LowerCase",
                                 {"p<utoeriksson<<anna<maria<<<<<<<<<<<<<<<<<<<",
                                  "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}},
                      NotMrzCase{"FourLines", {"A", "B", "C", "D"}}),
    [](const ::testing::TestParamInfo<NotMrzCase>& p) { return std::string(p.param.name); });

struct YearCase {
  const char* yymmdd;
  bool birth;
  const char* iso;
};

class YearWindowTest : public ::testing::TestWithParam<YearCase> {};

TEST_P(YearWindowTest, PlacesTwoDigitYears) {
  const YearCase& c = GetParam();
  // A TD3 line built around the date under test.
  std::string birth = c.birth ? c.yymmdd : "740812";
  std::string expiry = c.birth ? "301231" : c.yymmdd;
  std::string line2 = "L898902C3" + std::string(1, CheckDigit("L898902C3")) + "UTO" + birth +
                      CheckDigit(birth) + "F" + expiry + CheckDigit(expiry) + "<<<<<<<<<<<<<<0";
  line2 += CheckDigit(line2.substr(0, 10) + line2.substr(13, 7) + line2.substr(21, 22));
  auto mrz = ParseMrz({"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", line2}, kToday);
  ASSERT_TRUE(mrz.ok());
  EXPECT_TRUE(mrz->valid());
  const auto& date = c.birth ? mrz->birth_date : mrz->expiry_date;
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(date->ToIso(), c.iso);
}

INSTANTIATE_TEST_SUITE_P(
    Windows, YearWindowTest,
    ::testing::Values(
        YearCase{"261203", true, "2026-12-03"},  // born today
        YearCase{"261204", true, "1926-12-04"},  // tomorrow is in the past century
        YearCase{"000101", true, "2000-01-01"}, YearCase{"991231", true, "1999-12-31"},
        YearCase{"950101", false, "1995-01-01"},  // expired long ago, not 2095
        YearCase{"120415", false, "2012-04-15"}, YearCase{"360101", false, "2036-01-01"},
        YearCase{"461231", false, "2046-12-31"}, YearCase{"470101", false, "1947-01-01"}));

TEST(Mrz, ComputesIcaoCheckDigits) {
  EXPECT_EQ(CheckDigit("L898902C3"), '6');
  EXPECT_EQ(CheckDigit("740812"), '2');
  EXPECT_EQ(CheckDigit("120415"), '9');
  EXPECT_EQ(CheckDigit("<<<<<<"), '0');
}

TEST(Mrz, ExpiredSpecimenReadsAsExpired) {
  auto mrz = ParseMrz({"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                       "L898902C36UTO7408122F1204159ZE184226B<<<<<10"},
                      kToday);
  ASSERT_TRUE(mrz.ok());
  EXPECT_TRUE(mrz->expired(kToday));
  EXPECT_FALSE(mrz->expired(MrzDate{2010, 1, 1}));
}

TEST(Mrz, FrenchCardHasNoExpiry) {
  auto mrz = ParseMrz(
      {"IDFRABERTHIER<<<<<<<<<<<<<<<<<920025", "8806923102858CORINNE<<CLAIR6507039F2"}, kToday);
  ASSERT_TRUE(mrz.ok());
  EXPECT_FALSE(mrz->expiry_date.has_value());
  EXPECT_FALSE(mrz->expired(kToday));
  EXPECT_EQ(mrz->issuing_state, "FRA");
  EXPECT_EQ(mrz->sex, "F");
}

TEST(Mrz, ToleratesSurroundingWhiteSpace) {
  auto mrz = ParseMrz({" P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n",
                       "L898902C36UTO7408122F1204159ZE184226B<<<<<10 "},
                      kToday);
  ASSERT_TRUE(mrz.ok());
  EXPECT_TRUE(mrz->valid());
}

}  // namespace
}  // namespace kiosk::emrtd
