// Canonical JSON: key order by byte value, NFC, escapes, refused values.
#include "kiosk/procedure/canonical_json.h"

#include <gtest/gtest.h>

namespace kiosk::procedure {
namespace {

using nlohmann::json;

struct CanonicalCase {
  std::string name;
  json value;
  std::string expected;
};

class CanonicalJsonTable : public ::testing::TestWithParam<CanonicalCase> {};

TEST_P(CanonicalJsonTable, WritesTheContractedBytes) {
  auto text = CanonicalJson(GetParam().value);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(*text, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, CanonicalJsonTable,
    ::testing::Values(
        CanonicalCase{"KeysByByteValue", json{{"b", 1}, {"B", 2}, {"a", 3}, {"\u00e9", 4}},
                      "{\"B\":2,\"a\":3,\"b\":1,\"\u00e9\":4}"},
        CanonicalCase{"Nested", json{{"x", {{"z", json::array({1, true, nullptr})}, {"y", "s"}}}},
                      "{\"x\":{\"y\":\"s\",\"z\":[1,true,null]}}"},
        CanonicalCase{"NegativeAndLargeIntegers", json::array({-5, 9007199254740993LL}),
                      "[-5,9007199254740993]"},
        CanonicalCase{"Escapes", json("q\" b\\ \n\t\x01 / \u00e9"),
                      "\"q\\\" b\\\\ \\n\\t\\u0001 / \u00e9\""},
        CanonicalCase{"DecomposedBecomesComposed", json("e\u0301"), "\"\u00e9\""},
        CanonicalCase{"DecomposedKey", json{{"cle\u0301", 1}}, "{\"cl\u00e9\":1}"}),
    [](const auto& test_info) { return test_info.param.name; });

TEST(CanonicalJson, RefusesFloatsInvalidUtf8AndKeysEqualAfterNfc) {
  EXPECT_FALSE(CanonicalJson(json(1.5)).ok());
  EXPECT_FALSE(CanonicalJson(json(std::string("\xc3\x28"))).ok());
  EXPECT_FALSE(CanonicalJson(json{{"e\u0301", 1}, {"\u00e9", 2}}).ok());
}

TEST(Nfc, ComposesAndValidates) {
  EXPECT_EQ(*ToNfc("Ele\u0301onore"), "El\u00e9onore");
  EXPECT_EQ(*ToNfc("plain"), "plain");
  EXPECT_FALSE(ToNfc("\xed\xa0\x80").ok());  // a UTF-16 surrogate encoded in UTF-8
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));     // overlong '/'
  EXPECT_TRUE(IsValidUtf8("\xc5\x93"));      // œ
}

TEST(ParseJson, ReportsErrorsWithoutThrowing) {
  EXPECT_FALSE(ParseJson("{\"a\":").ok());
  EXPECT_TRUE(ParseJson("{\"a\":1}").ok());
}

}  // namespace
}  // namespace kiosk::procedure
