#include "base/local_reference.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace kiosk {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

TEST(LocalReference, IsEightSymbolsAndACheckGroupedFourFourOne) {
  auto ref = LocalReferenceFromUuid("3f2a9c1e-7b4d-4e8a-9f10-2c3d4e5f6a7b");
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  // 0x3f2a9c1e7b in 5-bit groups: 7 28 21 9 24 7 19 27.
  EXPECT_EQ(ref->substr(0, 9), "7WN9-R7KV");
  EXPECT_EQ(ref->size(), 11u);
  EXPECT_TRUE(ParseLocalReference(*ref).ok());
}

TEST(LocalReference, IgnoresCaseAndDashesOfTheUuid) {
  EXPECT_EQ(*LocalReferenceFromUuid("3F2A9C1E7B4D4E8A9F102C3D4E5F6A7B"),
            *LocalReferenceFromUuid("3f2a9c1e-7b4d-4e8a-9f10-2c3d4e5f6a7b"));
}

TEST(LocalReference, RejectsSomethingThatIsNotAUuid) {
  EXPECT_FALSE(LocalReferenceFromUuid("").ok());
  EXPECT_FALSE(LocalReferenceFromUuid("3f2a9c1e").ok());
  EXPECT_FALSE(LocalReferenceFromUuid("zz2a9c1e-7b4d").ok());
}

TEST(LocalReference, CheckSymbolCatchesEverySingleWrongSymbol) {
  std::string data = "7WN9R7KV";
  char check = LocalReferenceCheckSymbol(data);
  for (size_t pos = 0; pos < data.size(); ++pos) {
    for (char c : kAlphabet) {
      if (c == data[pos]) continue;
      std::string typo = data;
      typo[pos] = c;
      EXPECT_NE(LocalReferenceCheckSymbol(typo), check) << typo;
    }
  }
}

TEST(LocalReference, CheckSymbolCatchesEverySwapOfNeighbours) {
  for (char a : kAlphabet) {
    for (char b : kAlphabet) {
      if (a == b) continue;
      std::string ab = std::string("K7") + a + b + "2QX9";
      std::string ba = std::string("K7") + b + a + "2QX9";
      EXPECT_NE(LocalReferenceCheckSymbol(ab), LocalReferenceCheckSymbol(ba)) << ab;
    }
  }
}

TEST(LocalReference, ParsingForgivesHowPeopleTypeIt) {
  std::string ref = *LocalReferenceFromUuid("00000000-0000-4000-8000-000000000000");
  EXPECT_EQ(ref, "0000-0000-0");
  EXPECT_EQ(*ParseLocalReference("oooo oooo o"), ref);
  std::string canonical = *LocalReferenceFromUuid("3f2a9c1e-7b4d-4e8a-9f10-2c3d4e5f6a7b");
  std::string lower;
  for (char c : canonical) lower.push_back(static_cast<char>(std::tolower(c)));
  EXPECT_EQ(*ParseLocalReference(lower), canonical);
}

class BadReference : public ::testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(BadReference, IsRejectedWithAClearError) {
  auto parsed = ParseLocalReference(GetParam().first);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(parsed.status().message().find(GetParam().second), std::string::npos)
      << parsed.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadReference,
    ::testing::Values(std::pair{"", "9 symbols"}, std::pair{"7WN9-R7KV", "9 symbols"},
                      std::pair{"7WN9-R7KV-77", "9 symbols"}, std::pair{"7WN9-R7KV-U", "alphabet"},
                      std::pair{"7WN9-R7KV-*", "alphabet"}, std::pair{"7WN7-0YFC-0", "check"}));

}  // namespace
}  // namespace kiosk
