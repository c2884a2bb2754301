#include "drivers/emrtd/data_groups.h"

#include <gtest/gtest.h>

#include "drivers/emrtd/tlv.h"

namespace kiosk::emrtd {
namespace {

Bytes Text(std::string_view text) { return Bytes(text.begin(), text.end()); }

TEST(DataGroups, ParsesDg1Td3) {
  Bytes dg1 =
      EncodeTlv(0x61, EncodeTlv(0x5F1F, Text("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
                                             "L898902C36UTO7408122F1204159ZE184226B<<<<<10")));
  auto mrz = ParseDg1(dg1, MrzDate{2026, 12, 3});
  ASSERT_TRUE(mrz.ok());
  EXPECT_EQ(mrz->surname, "ERIKSSON");
  EXPECT_TRUE(mrz->valid());
}

TEST(DataGroups, RejectsDg1WithAnOddMrzLength) {
  Bytes dg1 = EncodeTlv(0x61, EncodeTlv(0x5F1F, Text("P<UTO")));
  EXPECT_EQ(ParseDg1(dg1, MrzDate{2026, 12, 3}).status().code(), StatusCode::kInvalidInput);
}

TEST(DataGroups, ParsesDg11WithAccentsKept) {
  Bytes fields = Concat(
      {EncodeTlv(0x5C, FromHex("5F0E5F11")), EncodeTlv(0x5F0E, Text("LEFÈVRE<<HÉLÈNE<MARIE")),
       EncodeTlv(0x5F2B, Text("19900514")), EncodeTlv(0x5F11, Text("SAINT-ÉTIENNE<FRANCE"))});
  auto dg11 = ParseDg11(EncodeTlv(0x6B, fields));
  ASSERT_TRUE(dg11.ok());
  EXPECT_EQ(dg11->full_name, "LEFÈVRE HÉLÈNE MARIE");
  EXPECT_EQ(dg11->place_of_birth, "SAINT-ÉTIENNE, FRANCE");
  EXPECT_EQ(dg11->full_birth_date->ToIso(), "1990-05-14");
}

TEST(DataGroups, ParsesDg12) {
  Bytes fields =
      Concat({EncodeTlv(0x5F19, Text("Préfecture")), EncodeTlv(0x5F26, FromHex("20210630"))});
  auto dg12 = ParseDg12(EncodeTlv(0x6C, fields));
  ASSERT_TRUE(dg12.ok());
  EXPECT_EQ(dg12->issuing_authority, "Préfecture");
  EXPECT_EQ(dg12->date_of_issue->ToIso(), "2021-06-30");  // BCD form
}

TEST(DataGroups, ListsDataGroupsOfEfCom) {
  Bytes com = EncodeTlv(
      0x60, Concat({EncodeTlv(0x5F01, Text("0107")), EncodeTlv(0x5C, FromHex("61756B6C"))}));
  auto groups = ParseCom(com);
  ASSERT_TRUE(groups.ok());
  EXPECT_EQ(*groups, (std::vector<int>{1, 2, 11, 12}));
}

TEST(DataGroups, RejectsTruncatedFacialRecords) {
  Bytes record = Text("FAC");
  record.resize(40, 0);
  record[17] = 0xFF;  // face block length far beyond the record
  Bytes dg2 = EncodeTlv(0x75, EncodeTlv(0x7F61, EncodeTlv(0x7F60, EncodeTlv(0x5F2E, record))));
  EXPECT_EQ(ParseDg2(dg2).status().code(), StatusCode::kInvalidInput);
  EXPECT_FALSE(ParseDg2(FromHex("750100")).ok());
}

TEST(DataGroups, MapsNumbersToFileIdsAndTags) {
  EXPECT_EQ(DataGroupFileId(11), 0x010B);
  EXPECT_EQ(DataGroupTag(2), 0x75);
  EXPECT_EQ(DataGroupTag(11), 0x6B);
  EXPECT_EQ(DataGroupTag(14), 0x6E);
}

}  // namespace
}  // namespace kiosk::emrtd
