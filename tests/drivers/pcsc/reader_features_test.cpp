#include "drivers/pcsc/reader_features.h"

#include <PCSC/reader.h>
#include <gtest/gtest.h>

namespace kiosk::pcsc {
namespace {

using Bytes = std::vector<uint8_t>;

TEST(ParseFeatureList, ReadsTagsAndBigEndianControlCodes) {
  Bytes bytes = {FEATURE_VERIFY_PIN_DIRECT,  4, 0x42, 0x33, 0x00, 0x06,
                 FEATURE_GET_TLV_PROPERTIES, 4, 0x42, 0x33, 0x00, 0x12};
  auto features = ParseFeatureList(bytes);
  ASSERT_TRUE(features.ok()) << features.status().ToString();
  EXPECT_EQ(features->at(FEATURE_GET_TLV_PROPERTIES), 0x42330012u);
  EXPECT_EQ(features->size(), 2u);
}

TEST(ParseFeatureList, AcceptsAnEmptyList) { EXPECT_TRUE(ParseFeatureList({}).ok()); }

struct BadCase {
  const char* description;
  Bytes bytes;
};

class BadFeatureList : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadFeatureList, IsRejectedWithAnError) {
  auto features = ParseFeatureList(GetParam().bytes);
  EXPECT_EQ(features.status().code(), StatusCode::kInvalidInput) << GetParam().description;
}

INSTANTIATE_TEST_SUITE_P(Hostile, BadFeatureList,
                         ::testing::Values(BadCase{"lone tag", {0x12}},
                                           BadCase{"length 2", {0x12, 2, 0, 0}},
                                           BadCase{"length 255", {0x12, 0xFF, 0, 0, 0, 0}},
                                           BadCase{"truncated value", {0x12, 4, 0x42, 0x33}}));

TEST(ParseTlvProperties, ReadsLittleEndianValuesAndSkipsStrings) {
  Bytes bytes = {PCSCv2_PART10_PROPERTY_sFirmwareID,
                 5,
                 'v',
                 '1',
                 '.',
                 '0',
                 '0',
                 PCSCv2_PART10_PROPERTY_dwMaxAPDUDataSize,
                 4,
                 0x00,
                 0x00,
                 0x01,
                 0x00,
                 PCSCv2_PART10_PROPERTY_wIdVendor,
                 2,
                 0x2F,
                 0x07};
  auto properties = ParseTlvProperties(bytes);
  ASSERT_TRUE(properties.ok()) << properties.status().ToString();
  EXPECT_EQ(properties->at(PCSCv2_PART10_PROPERTY_dwMaxAPDUDataSize), 0x10000u);
  EXPECT_EQ(properties->at(PCSCv2_PART10_PROPERTY_wIdVendor), 0x072Fu);
  EXPECT_EQ(properties->count(PCSCv2_PART10_PROPERTY_sFirmwareID), 0u);
}

TEST(ParseTlvProperties, RejectsALengthPastTheEnd) {
  Bytes bytes = {PCSCv2_PART10_PROPERTY_dwMaxAPDUDataSize, 4, 0x00, 0x01};
  EXPECT_EQ(ParseTlvProperties(bytes).status().code(), StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace kiosk::pcsc
