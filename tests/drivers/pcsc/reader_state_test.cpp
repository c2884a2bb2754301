#include "drivers/pcsc/reader_state.h"

#include <PCSC/pcsclite.h>
#include <gtest/gtest.h>

namespace kiosk::pcsc {
namespace {

using Kind = CardEvent::Kind;

ReaderInfo Empty(std::string name) { return {std::move(name), SlotState::kEmpty, {}, 0}; }
ReaderInfo WithCard(std::string name, std::vector<uint8_t> atr = {0x3B, 0x80}, uint32_t n = 1) {
  return {std::move(name), SlotState::kCardPresent, std::move(atr), n};
}
ReaderInfo Mute(std::string name) { return {std::move(name), SlotState::kCardMute, {}, 1}; }

std::vector<std::pair<Kind, std::string>> Kinds(const std::vector<CardEvent>& events) {
  std::vector<std::pair<Kind, std::string>> out;
  for (const auto& e : events) out.emplace_back(e.kind, e.reader);
  return out;
}

struct FlagsCase {
  DWORD flags;
  SlotState slot;
};

class SlotStateFlags : public ::testing::TestWithParam<FlagsCase> {};

TEST_P(SlotStateFlags, ReadsTheSlotFromTheEventBits) {
  EXPECT_EQ(SlotStateFromFlags(GetParam().flags), GetParam().slot);
}

INSTANTIATE_TEST_SUITE_P(
    PcscLiteBits, SlotStateFlags,
    ::testing::Values(
        FlagsCase{SCARD_STATE_EMPTY, SlotState::kEmpty},
        FlagsCase{SCARD_STATE_EMPTY | SCARD_STATE_CHANGED, SlotState::kEmpty},
        FlagsCase{SCARD_STATE_PRESENT, SlotState::kCardPresent},
        FlagsCase{SCARD_STATE_PRESENT | SCARD_STATE_INUSE | (3u << 16), SlotState::kCardPresent},
        FlagsCase{SCARD_STATE_PRESENT | SCARD_STATE_MUTE, SlotState::kCardMute},
        FlagsCase{SCARD_STATE_UNKNOWN, SlotState::kUnavailable},
        FlagsCase{SCARD_STATE_UNAVAILABLE | SCARD_STATE_PRESENT, SlotState::kUnavailable}));

struct SummaryCase {
  const char* description;
  bool service_up;
  std::vector<ReaderInfo> readers;
  std::string preferred;
  CardLinkState expected;
};

class Summary : public ::testing::TestWithParam<SummaryCase> {};

TEST_P(Summary, GivesOneDistinctStatePerSituation) {
  const SummaryCase& c = GetParam();
  EXPECT_EQ(Summarise(c.service_up, c.readers, c.preferred), c.expected) << c.description;
}

INSTANTIATE_TEST_SUITE_P(
    States, Summary,
    ::testing::Values(
        SummaryCase{"service down", false, {WithCard("A")}, "", CardLinkState::kServiceUnavailable},
        SummaryCase{"no reader", true, {}, "", CardLinkState::kNoReader},
        SummaryCase{"empty reader", true, {Empty("A")}, "", CardLinkState::kReaderWithoutCard},
        SummaryCase{"card", true, {Empty("A"), WithCard("B")}, "", CardLinkState::kCardPresent},
        SummaryCase{"mute card", true, {Mute("A")}, "", CardLinkState::kUnsupportedCard},
        SummaryCase{"preferred reader empty, card elsewhere",
                    true,
                    {WithCard("Contact"), Empty("Contactless PICC")},
                    "PICC",
                    CardLinkState::kReaderWithoutCard},
        SummaryCase{"preferred reader absent falls back to a card",
                    true,
                    {Empty("A"), WithCard("B")},
                    "Nope",
                    CardLinkState::kCardPresent},
        SummaryCase{"unavailable slot counts as empty",
                    true,
                    {{"A", SlotState::kUnavailable, {}, 0}},
                    "",
                    CardLinkState::kReaderWithoutCard}));

TEST(ChooseReader, PrefersTheConfiguredNameThenACardThenTheFirst) {
  std::vector<ReaderInfo> readers = {Empty("Alpha"), WithCard("Beta"), Empty("Gamma PICC")};
  EXPECT_EQ(ChooseReader(readers, "PICC")->name, "Gamma PICC");
  EXPECT_EQ(ChooseReader(readers, "")->name, "Beta");
  EXPECT_EQ(ChooseReader({Empty("Alpha"), Empty("Beta")}, "")->name, "Alpha");
  EXPECT_EQ(ChooseReader({}, ""), nullptr);
}

TEST(DiffReaders, ReportsAReaderPluggedInWithItsCard) {
  auto events = DiffReaders({}, {WithCard("A")});
  EXPECT_EQ(Kinds(events), (std::vector<std::pair<Kind, std::string>>{{Kind::kReaderAdded, "A"},
                                                                      {Kind::kCardInserted, "A"}}));
  EXPECT_EQ(events[1].atr, (std::vector<uint8_t>{0x3B, 0x80}));
}

TEST(DiffReaders, ReportsTheCardGoneWhenItsReaderIsUnplugged) {
  auto events = DiffReaders({WithCard("A"), Empty("B")}, {Empty("B")});
  EXPECT_EQ(Kinds(events), (std::vector<std::pair<Kind, std::string>>{
                               {Kind::kCardRemoved, "A"}, {Kind::kReaderRemoved, "A"}}));
}

TEST(DiffReaders, ReportsInsertionAndRemoval) {
  EXPECT_EQ(Kinds(DiffReaders({Empty("A")}, {WithCard("A")})),
            (std::vector<std::pair<Kind, std::string>>{{Kind::kCardInserted, "A"}}));
  EXPECT_EQ(Kinds(DiffReaders({WithCard("A")}, {Empty("A")})),
            (std::vector<std::pair<Kind, std::string>>{{Kind::kCardRemoved, "A"}}));
}

TEST(DiffReaders, SeesACardSwappedBetweenTwoLooks) {
  auto events = DiffReaders({WithCard("A", {0x3B, 1}, 1)}, {WithCard("A", {0x3B, 1}, 3)});
  EXPECT_EQ(Kinds(events), (std::vector<std::pair<Kind, std::string>>{{Kind::kCardRemoved, "A"},
                                                                      {Kind::kCardInserted, "A"}}));
}

TEST(DiffReaders, SaysNothingWhenNothingChanged) {
  EXPECT_TRUE(DiffReaders({WithCard("A"), Empty("B")}, {WithCard("A"), Empty("B")}).empty());
}

TEST(DiffReaders, ReportsAMuteCard) {
  EXPECT_EQ(Kinds(DiffReaders({Empty("A")}, {Mute("A")})),
            (std::vector<std::pair<Kind, std::string>>{{Kind::kCardMute, "A"}}));
}

TEST(Keys, AreStableForJsonAndLogs) {
  EXPECT_EQ(CardLinkStateKey(CardLinkState::kServiceUnavailable), "service_unavailable");
  EXPECT_EQ(CardLinkStateKey(CardLinkState::kUnsupportedCard), "unsupported_card");
  EXPECT_EQ(CardEventKindKey(Kind::kCardInserted), "card_inserted");
  EXPECT_EQ(SlotStateKey(SlotState::kCardMute), "card_mute");
}

}  // namespace
}  // namespace kiosk::pcsc
