#include "drivers/pcsc/reader_state.h"

#include <algorithm>

#include <PCSC/pcsclite.h>

namespace kiosk::pcsc {
namespace {

const ReaderInfo* FindByName(const std::vector<ReaderInfo>& readers, std::string_view name) {
  auto it = std::find_if(readers.begin(), readers.end(),
                         [&](const ReaderInfo& r) { return r.name == name; });
  return it == readers.end() ? nullptr : &*it;
}

bool HoldsCard(SlotState slot) {
  return slot == SlotState::kCardPresent || slot == SlotState::kCardMute;
}

}  // namespace

std::string_view CardLinkStateKey(CardLinkState state) {
  switch (state) {
    case CardLinkState::kServiceUnavailable:
      return "service_unavailable";
    case CardLinkState::kNoReader:
      return "no_reader";
    case CardLinkState::kReaderWithoutCard:
      return "reader_without_card";
    case CardLinkState::kCardPresent:
      return "card_present";
    case CardLinkState::kUnsupportedCard:
      return "unsupported_card";
  }
  return "service_unavailable";
}

std::string_view SlotStateKey(SlotState state) {
  switch (state) {
    case SlotState::kEmpty:
      return "empty";
    case SlotState::kCardPresent:
      return "card_present";
    case SlotState::kCardMute:
      return "card_mute";
    case SlotState::kUnavailable:
      return "unavailable";
  }
  return "unavailable";
}

std::string_view CardEventKindKey(CardEvent::Kind kind) {
  switch (kind) {
    case CardEvent::Kind::kServiceUp:
      return "service_up";
    case CardEvent::Kind::kServiceDown:
      return "service_down";
    case CardEvent::Kind::kReaderAdded:
      return "reader_added";
    case CardEvent::Kind::kReaderRemoved:
      return "reader_removed";
    case CardEvent::Kind::kCardInserted:
      return "card_inserted";
    case CardEvent::Kind::kCardRemoved:
      return "card_removed";
    case CardEvent::Kind::kCardMute:
      return "card_mute";
  }
  return "unknown";
}

SlotState SlotStateFromFlags(DWORD event_state) {
  // MUTE comes with PRESENT: test it first. UNKNOWN/UNAVAILABLE win over everything, the
  // other bits are then meaningless.
  if (event_state & (SCARD_STATE_UNKNOWN | SCARD_STATE_UNAVAILABLE)) return SlotState::kUnavailable;
  if (event_state & SCARD_STATE_MUTE) return SlotState::kCardMute;
  if (event_state & SCARD_STATE_PRESENT) return SlotState::kCardPresent;
  return SlotState::kEmpty;
}

const ReaderInfo* ChooseReader(const std::vector<ReaderInfo>& readers, std::string_view preferred) {
  if (readers.empty()) return nullptr;
  if (!preferred.empty()) {
    for (const ReaderInfo& r : readers) {
      if (r.name.find(preferred) != std::string::npos) return &r;
    }
  }
  for (const ReaderInfo& r : readers) {
    if (HoldsCard(r.slot)) return &r;
  }
  return &readers.front();
}

CardLinkState Summarise(bool service_up, const std::vector<ReaderInfo>& readers,
                        std::string_view preferred) {
  if (!service_up) return CardLinkState::kServiceUnavailable;
  const ReaderInfo* chosen = ChooseReader(readers, preferred);
  if (chosen == nullptr) return CardLinkState::kNoReader;
  switch (chosen->slot) {
    case SlotState::kCardPresent:
      return CardLinkState::kCardPresent;
    case SlotState::kCardMute:
      return CardLinkState::kUnsupportedCard;
    case SlotState::kEmpty:
    case SlotState::kUnavailable:
      return CardLinkState::kReaderWithoutCard;
  }
  return CardLinkState::kReaderWithoutCard;
}

std::vector<CardEvent> DiffReaders(const std::vector<ReaderInfo>& before,
                                   const std::vector<ReaderInfo>& after) {
  std::vector<CardEvent> events;
  auto add = [&](CardEvent::Kind kind, const ReaderInfo& r) {
    CardEvent e{kind, r.name, {}, CardLinkState::kServiceUnavailable};
    if (kind == CardEvent::Kind::kCardInserted) e.atr = r.atr;
    events.push_back(std::move(e));
  };

  // A reader that goes away takes its card with it: say so, so that a session bound to the
  // card ends even if the caller only listens to card events.
  for (const ReaderInfo& old : before) {
    if (FindByName(after, old.name) != nullptr) continue;
    if (HoldsCard(old.slot)) add(CardEvent::Kind::kCardRemoved, old);
    add(CardEvent::Kind::kReaderRemoved, old);
  }
  for (const ReaderInfo& now : after) {
    if (FindByName(before, now.name) == nullptr) add(CardEvent::Kind::kReaderAdded, now);
  }
  for (const ReaderInfo& now : after) {
    const ReaderInfo* old = FindByName(before, now.name);
    SlotState was = old ? old->slot : SlotState::kEmpty;
    bool same_card = old != nullptr && old->atr == now.atr && was == now.slot &&
                     old->card_event_count == now.card_event_count;
    if (same_card) continue;
    if (HoldsCard(was) && old != nullptr) add(CardEvent::Kind::kCardRemoved, *old);
    if (now.slot == SlotState::kCardPresent) add(CardEvent::Kind::kCardInserted, now);
    if (now.slot == SlotState::kCardMute) add(CardEvent::Kind::kCardMute, now);
  }
  return events;
}

}  // namespace kiosk::pcsc
