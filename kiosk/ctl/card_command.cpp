// kioskctl card readers | watch: the PC/SC readers and the cards on them, for technicians.
//
// `readers` lists what pcscd sees now (and, for a reader holding a card, what the reader says
// about extended length). `watch` prints reader and card events as they happen, one line each
// (one JSON object per line with --json), until --timeout, --count or Ctrl-C; the last line
// is a summary.
#include <signal.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <thread>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "drivers/pcsc/card_monitor.h"
#include "drivers/pcsc/pcsc_channel.h"
#include "drivers/pcsc/pcsc_context.h"
#include "kiosk/ctl/cli.h"

namespace kiosk::ctl {
namespace {

std::string Hex(const std::vector<uint8_t>& bytes) {
  std::string out;
  for (uint8_t b : bytes) out += fmt::format("{:02X}", b);
  return out;
}

std::string NowText() {
  auto now = std::chrono::system_clock::now();
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z",
                     std::chrono::time_point_cast<std::chrono::seconds>(now));
}

CommandOutput CardReaders(const std::string& preferred) {
  auto context = pcsc::PcscContext::Establish();
  if (!context.ok()) {
    CommandOutput out = ErrorOutput(context.status());
    out.json["state"] =
        std::string(pcsc::CardLinkStateKey(pcsc::CardLinkState::kServiceUnavailable));
    out.human = "error: the PC/SC service (pcscd) is not running\n";
    return out;
  }
  auto names = (*context)->ListReaders();
  if (!names.ok()) return ErrorOutput(names.status());
  auto readers = (*context)->ReadStates(*names);
  if (!readers.ok()) return ErrorOutput(readers.status());
  context->reset();

  pcsc::CardLinkState state = pcsc::Summarise(true, *readers, preferred);
  const pcsc::ReaderInfo* chosen = pcsc::ChooseReader(*readers, preferred);
  CommandOutput out;
  out.json = {{"ok", true},
              {"state", std::string(pcsc::CardLinkStateKey(state))},
              {"readers", nlohmann::json::array()}};
  out.human = fmt::format("state: {}\n", pcsc::CardLinkStateKey(state));
  if (readers->empty()) out.human += "no reader\n";
  for (const pcsc::ReaderInfo& reader : *readers) {
    nlohmann::json entry = {
        {"name", reader.name},
        {"slot", std::string(pcsc::SlotStateKey(reader.slot))},
        {"chosen", chosen == &reader},
        {"atr", reader.atr.empty() ? nlohmann::json(nullptr) : nlohmann::json(Hex(reader.atr))}};
    std::string extended;
    if (reader.slot == pcsc::SlotState::kCardPresent) {
      // Asking the reader needs a connection to the card in it.
      auto channel = pcsc::PcscChannel::Open(reader.name);
      if (channel.ok()) {
        entry["extended_length"] = (*channel)->SupportsExtendedLength();
        entry["extended_length_source"] =
            std::string(pcsc::ExtendedLengthSourceKey((*channel)->extended_length_source()));
        entry["max_apdu_data"] = (*channel)->max_apdu_data_size();
        extended = fmt::format(", extended length {} ({})",
                               (*channel)->SupportsExtendedLength() ? "yes" : "no",
                               pcsc::ExtendedLengthSourceKey((*channel)->extended_length_source()));
      }
    }
    out.human += fmt::format("{} {}: {}{}{}\n", chosen == &reader ? "*" : " ", reader.name,
                             pcsc::SlotStateKey(reader.slot),
                             reader.atr.empty() ? "" : ", ATR " + Hex(reader.atr), extended);
    out.json["readers"].push_back(std::move(entry));
  }
  return out;
}

std::atomic<bool> g_interrupted{false};

void OnInterrupt(int) { g_interrupted = true; }

CommandOutput CardWatch(bool json, const std::string& preferred, double timeout_s, int count) {
  std::mutex mutex;
  std::condition_variable changed;
  int seen = 0;
  pcsc::CardMonitorOptions options;
  options.preferred_reader = preferred;
  pcsc::CardMonitor monitor(options, [&](const pcsc::CardEvent& event) {
    std::string line;
    if (json) {
      nlohmann::json j = {
          {"event", std::string(pcsc::CardEventKindKey(event.kind))},
          {"reader", event.reader.empty() ? nlohmann::json(nullptr) : nlohmann::json(event.reader)},
          {"state", std::string(pcsc::CardLinkStateKey(event.state))},
          {"time", NowText()}};
      if (!event.atr.empty()) j["atr"] = Hex(event.atr);
      line = j.dump();
    } else {
      line = fmt::format("{} {:<14} {} (state {})", NowText(), pcsc::CardEventKindKey(event.kind),
                         event.reader, pcsc::CardLinkStateKey(event.state));
    }
    std::lock_guard lock(mutex);
    std::cout << line << std::endl;
    ++seen;
    changed.notify_all();
  });

  g_interrupted = false;
  struct sigaction action {};
  action.sa_handler = OnInterrupt;
  struct sigaction old_int {
  }, old_term{};
  sigaction(SIGINT, &action, &old_int);
  sigaction(SIGTERM, &action, &old_term);

  monitor.Start();
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::milliseconds(static_cast<int64_t>(timeout_s * 1000));
  {
    std::unique_lock lock(mutex);
    while (!g_interrupted && (count <= 0 || seen < count) &&
           (timeout_s <= 0 || std::chrono::steady_clock::now() < deadline)) {
      changed.wait_for(lock, std::chrono::milliseconds(100));
    }
  }
  monitor.Stop();
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);

  CommandOutput out;
  out.json = {{"ok", true},
              {"events", seen},
              {"state", std::string(pcsc::CardLinkStateKey(monitor.state()))}};
  out.human = fmt::format("{} events, state {}\n", seen, pcsc::CardLinkStateKey(monitor.state()));
  return out;
}

}  // namespace

void RegisterCardCommands(Cli& cli) {
  auto* card = cli.app->add_subcommand("card", "identity card readers and cards (PC/SC)");
  card->require_subcommand(1);

  auto* readers = card->add_subcommand("readers", "list the PC/SC readers and their cards");
  auto reader_choice = std::make_shared<std::string>();
  readers->add_option("--reader", *reader_choice, "part of the name of the reader to use");
  readers->callback(
      [&cli, reader_choice] { cli.run = [reader_choice] { return CardReaders(*reader_choice); }; });

  auto* watch = card->add_subcommand("watch", "print reader and card events as they happen");
  struct WatchOptions {
    std::string reader;
    double timeout_s = 0;
    int count = 0;
  };
  auto watch_options = std::make_shared<WatchOptions>();
  watch->add_option("--reader", watch_options->reader, "part of the name of the reader to use");
  watch->add_option("--timeout", watch_options->timeout_s,
                    "stop after this many seconds (0 = never)");
  watch->add_option("--count", watch_options->count, "stop after this many events (0 = never)");
  watch->callback([&cli, watch_options] {
    cli.run = [&cli, watch_options] {
      return CardWatch(cli.json, watch_options->reader, watch_options->timeout_s,
                       watch_options->count);
    };
  });
}

}  // namespace kiosk::ctl
