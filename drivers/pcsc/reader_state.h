// What the kiosk knows about its readers and cards, and the pure rules that turn PC/SC
// reader states into kiosk states and events. Kept free of PC/SC calls so that the state
// machine is tested without a daemon (tests/drivers/pcsc/reader_state_test.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <PCSC/wintypes.h>

namespace kiosk::pcsc {

// The state of the card link as the session flow sees it. Each has its own message on screen.
enum class CardLinkState {
  kServiceUnavailable,  // pcscd is not running (or restarting): "reader service unavailable"
  kNoReader,            // pcscd runs but no reader is plugged in
  kReaderWithoutCard,   // a reader, no card on it
  kCardPresent,         // a card answers on the chosen reader
  kUnsupportedCard,     // a card is there but mute, or not an identity document
};

std::string_view CardLinkStateKey(CardLinkState state);

// The state of one reader's slot.
enum class SlotState {
  kEmpty,        // no card
  kCardPresent,  // a card answered the reset (ATR known)
  kCardMute,     // something is on the reader but does not answer (SCARD_STATE_MUTE)
  kUnavailable,  // the reader exists but its state cannot be read (driver trouble)
};

std::string_view SlotStateKey(SlotState state);

// Reads a slot state from the dwEventState bits SCardGetStatusChange returns.
SlotState SlotStateFromFlags(DWORD event_state);

struct ReaderInfo {
  std::string name;
  SlotState slot = SlotState::kEmpty;
  std::vector<uint8_t> atr;  // empty without a card
  // pcsc-lite counts card insertions and removals in the upper 16 bits of dwEventState: a card
  // pulled and put back between two looks changes the count even though the ATR is the same.
  uint32_t card_event_count = 0;

  friend bool operator==(const ReaderInfo&, const ReaderInfo&) = default;
};

// The reader the kiosk reads from: the first whose name contains `preferred` (when not
// empty and one matches), else the first holding a card, else the first. nullptr when none.
const ReaderInfo* ChooseReader(const std::vector<ReaderInfo>& readers, std::string_view preferred);

// The kiosk state for the chosen reader (ChooseReader). A card that answers but turns out not
// to be an identity document is reported by the reading layer, not here.
CardLinkState Summarise(bool service_up, const std::vector<ReaderInfo>& readers,
                        std::string_view preferred);

struct CardEvent {
  enum class Kind {
    kServiceUp,    // a context was (re-)established
    kServiceDown,  // pcscd went away: every reader is gone until it comes back
    kReaderAdded,
    kReaderRemoved,
    kCardInserted,  // a card answered on `reader` (atr set)
    kCardRemoved,
    kCardMute,  // something on `reader` that does not answer
  };
  Kind kind;
  std::string reader;                                        // empty for service events
  std::vector<uint8_t> atr;                                  // for kCardInserted
  CardLinkState state = CardLinkState::kServiceUnavailable;  // the overall state afterwards

  friend bool operator==(const CardEvent&, const CardEvent&) = default;
};

std::string_view CardEventKindKey(CardEvent::Kind kind);

// The events that lead from `before` to `after` (reader lists as listed, any order), in a
// stable order: removals first, then additions, then card changes. `state` is left to the
// caller.
std::vector<CardEvent> DiffReaders(const std::vector<ReaderInfo>& before,
                                   const std::vector<ReaderInfo>& after);

}  // namespace kiosk::pcsc
