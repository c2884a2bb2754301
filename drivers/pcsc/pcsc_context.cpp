#include "drivers/pcsc/pcsc_context.h"

#include <PCSC/pcsclite.h>

#include "base/log.h"
#include "drivers/pcsc/pcsc_error.h"

namespace kiosk::pcsc {

Status CheckedCall(LONG rc, std::string_view call, std::string_view reader) {
  auto& log = Log(Subsystem::kCard);
  if (log.should_log(spdlog::level::debug)) {
    PcscResult result = DecodePcscResult(rc);
    if (reader.empty()) {
      log.debug("{}: {}", call, result.name);
    } else {
      log.debug("{} on '{}': {}", call, reader, result.name);
    }
  }
  return PcscStatus(rc, call, reader);
}

StatusOr<std::unique_ptr<PcscContext>> PcscContext::Establish() {
  SCARDCONTEXT context = 0;
  LONG rc = SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context);
  KIOSK_RETURN_IF_ERROR(CheckedCall(rc, "SCardEstablishContext"));
  return std::unique_ptr<PcscContext>(new PcscContext(context));
}

PcscContext::~PcscContext() {
  // Releasing a context of a dead daemon fails; there is nothing to do about it.
  (void)CheckedCall(SCardReleaseContext(context_), "SCardReleaseContext");
}

StatusOr<std::vector<std::string>> PcscContext::ListReaders() {
  DWORD size = 0;
  LONG rc = SCardListReaders(context_, nullptr, nullptr, &size);
  if (rc == SCARD_E_NO_READERS_AVAILABLE) {
    (void)CheckedCall(rc, "SCardListReaders");
    return std::vector<std::string>{};
  }
  KIOSK_RETURN_IF_ERROR(CheckedCall(rc, "SCardListReaders"));

  // A reader may be plugged in between the two calls: the second one then reports a too
  // small buffer, and the caller simply looks again at its next turn.
  std::string buffer(size, '\0');
  rc = SCardListReaders(context_, nullptr, buffer.data(), &size);
  if (rc == SCARD_E_NO_READERS_AVAILABLE) return std::vector<std::string>{};
  KIOSK_RETURN_IF_ERROR(CheckedCall(rc, "SCardListReaders"));

  // A multi-string: names separated by NUL, ended by an empty name.
  std::vector<std::string> names;
  size_t start = 0;
  while (start < buffer.size() && buffer[start] != '\0') {
    size_t end = buffer.find('\0', start);
    if (end == std::string::npos) end = buffer.size();
    names.emplace_back(buffer, start, end - start);
    start = end + 1;
  }
  return names;
}

StatusOr<std::vector<ReaderInfo>> PcscContext::ReadStates(const std::vector<std::string>& readers) {
  std::vector<SCARD_READERSTATE> states(readers.size());
  for (size_t i = 0; i < readers.size(); ++i) {
    states[i] = {};
    states[i].szReader = readers[i].c_str();
    states[i].dwCurrentState = SCARD_STATE_UNAWARE;
  }
  std::vector<ReaderInfo> infos;
  if (readers.empty()) return infos;
  LONG rc = SCardGetStatusChange(context_, 0, states.data(), static_cast<DWORD>(states.size()));
  // SCARD_E_TIMEOUT with a zero timeout still fills the states in.
  if (rc != SCARD_E_TIMEOUT) KIOSK_RETURN_IF_ERROR(CheckedCall(rc, "SCardGetStatusChange"));
  for (const SCARD_READERSTATE& s : states) {
    ReaderInfo info;
    info.name = s.szReader;
    info.slot = SlotStateFromFlags(s.dwEventState);
    info.card_event_count = static_cast<uint32_t>(s.dwEventState >> 16);
    if (info.slot == SlotState::kCardPresent || info.slot == SlotState::kCardMute) {
      info.atr.assign(s.rgbAtr, s.rgbAtr + std::min<DWORD>(s.cbAtr, sizeof s.rgbAtr));
    }
    infos.push_back(std::move(info));
  }
  return infos;
}

StatusOr<bool> PcscContext::WaitForChange(const std::vector<ReaderInfo>& known, bool watch_plug,
                                          std::chrono::milliseconds timeout) {
  std::vector<SCARD_READERSTATE> states;
  states.reserve(known.size() + 1);
  std::string pnp(kPnpNotificationReader);
  for (const ReaderInfo& r : known) {
    SCARD_READERSTATE s{};
    s.szReader = r.name.c_str();
    // What we believe now, with pcsc-lite's event counter so a quick pull-and-reinsert wakes
    // us too.
    DWORD flags = 0;
    switch (r.slot) {
      case SlotState::kEmpty:
        flags = SCARD_STATE_EMPTY;
        break;
      case SlotState::kCardPresent:
        flags = SCARD_STATE_PRESENT;
        break;
      case SlotState::kCardMute:
        flags = SCARD_STATE_PRESENT | SCARD_STATE_MUTE;
        break;
      case SlotState::kUnavailable:
        flags = SCARD_STATE_UNAVAILABLE;
        break;
    }
    s.dwCurrentState = flags | (static_cast<DWORD>(r.card_event_count) << 16);
    states.push_back(s);
  }
  if (watch_plug) {
    SCARD_READERSTATE s{};
    s.szReader = pnp.c_str();
    // pcsc-lite keeps the reader count in the upper bits; start from "unaware" and it answers
    // at once the first time, which is harmless (the caller re-lists).
    s.dwCurrentState = static_cast<DWORD>(known.size()) << 16;
    states.push_back(s);
  }
  if (states.empty()) return false;

  LONG rc = SCardGetStatusChange(context_, static_cast<DWORD>(timeout.count()), states.data(),
                                 static_cast<DWORD>(states.size()));
  if (rc == SCARD_E_TIMEOUT) return false;
  // A reader that vanished while we waited: the caller re-lists.
  if (rc == SCARD_E_UNKNOWN_READER || rc == SCARD_E_READER_UNAVAILABLE) {
    (void)CheckedCall(rc, "SCardGetStatusChange");
    return true;
  }
  KIOSK_RETURN_IF_ERROR(CheckedCall(rc, "SCardGetStatusChange"));
  return true;
}

void PcscContext::Cancel() { (void)CheckedCall(SCardCancel(context_), "SCardCancel"); }

}  // namespace kiosk::pcsc
