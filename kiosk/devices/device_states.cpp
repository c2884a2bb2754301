#include "kiosk/devices/device_states.h"

#include <fmt/format.h>

namespace kiosk::devices {

std::string AgeText(std::chrono::seconds age) {
  int64_t seconds = std::max<int64_t>(0, age.count());
  if (seconds < 60) return fmt::format("{} s", seconds);
  if (seconds < 3600) return fmt::format("{} min", seconds / 60);
  if (seconds < 2 * 86400) return fmt::format("{} h", seconds / 3600);
  return fmt::format("{} days", seconds / 86400);
}

session::DeviceState ReaderDeviceState(const ReaderSnapshot& reader) {
  session::DeviceState state{"reader", false, ""};
  if (!reader.watching) {
    state.detail = "not watched";
    return state;
  }
  switch (reader.link) {
    case pcsc::CardLinkState::kServiceUnavailable:
      state.detail = "card service (pcscd) not running";
      break;
    case pcsc::CardLinkState::kNoReader:
      state.detail = "no reader connected";
      break;
    case pcsc::CardLinkState::kReaderWithoutCard:
      state.ok = true;
      state.detail = reader.reader + ": no card";
      break;
    case pcsc::CardLinkState::kCardPresent:
      state.ok = true;
      state.detail = reader.reader + (reader.reading ? ": reading a card" : ": card present");
      break;
    case pcsc::CardLinkState::kUnsupportedCard:
      state.ok = true;
      state.detail = reader.reader + ": a card that does not answer";
      break;
  }
  if (!reader.last_failure.empty()) state.detail += ", last read: " + reader.last_failure;
  return state;
}

session::DeviceState PrinterDeviceState(const PrinterSnapshot& printer,
                                        const std::string& destination) {
  session::DeviceState state{"printer", printer.ok, ""};
  if (!printer.checked) {
    state.detail = destination + ": not checked yet";
  } else if (printer.ok) {
    state.detail = destination + ": ready";
  } else {
    state.detail = fmt::format("{}: {} ({})", destination, printer.problem, printer.detail);
  }
  return state;
}

session::DeviceState NetworkDeviceState(const std::optional<offline::SyncState>& sync,
                                        std::chrono::system_clock::time_point now) {
  session::DeviceState state{"network", false, ""};
  if (!sync) {
    state.detail = "not enrolled with a centre: submissions stay on this kiosk";
    return state;
  }
  if (!sync->running) {
    state.detail = "sync stopped";
  } else if (sync->paused) {
    state.detail = "refused by the centre, sending paused: " + sync->paused_reason;
  } else if (!sync->last_error.empty()) {
    state.detail = "centre not reached: " + sync->last_error;
  } else {
    state.ok = true;
    state.detail = sync->last_success_at
                       ? "last delivery " +
                             AgeText(std::chrono::duration_cast<std::chrono::seconds>(
                                 now - *sync->last_success_at)) +
                             " ago"
                       : "no delivery error";
  }
  return state;
}

session::DeviceState QueueDeviceState(const std::optional<offline::QueueSummary>& summary,
                                      const std::string& error,
                                      std::chrono::system_clock::time_point now) {
  session::DeviceState state{"queue", false, ""};
  if (!error.empty()) {
    state.detail = "queue unreadable: " + error;
    return state;
  }
  if (!summary) {
    state.detail = "not checked yet";
    return state;
  }
  state.ok = summary->quarantined == 0 && !summary->paused_reason;
  state.detail = fmt::format("{} waiting", summary->unsent());
  if (summary->oldest_unsent_confirmed_at) {
    state.detail += ", oldest " + AgeText(std::chrono::duration_cast<std::chrono::seconds>(
                                      now - *summary->oldest_unsent_confirmed_at));
  }
  if (summary->quarantined > 0) {
    state.detail += fmt::format(", {} set aside for staff", summary->quarantined);
  }
  if (summary->paused_reason) state.detail += ", paused";
  return state;
}

}  // namespace kiosk::devices
