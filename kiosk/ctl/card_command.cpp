// kioskctl card readers | watch: the PC/SC readers and the cards on them, for technicians.
//
// `readers` lists what pcscd sees now (and, for a reader holding a card, what the reader says
// about extended length). `watch` prints reader and card events as they happen, one line each
// (one JSON object per line with --json), until --timeout, --count or Ctrl-C; the last line
// is a summary. `read` opens the identity document on a reader with its CAN or its MRZ and
// prints the identity, the access protocol, the data groups read, the passive authentication
// result, the APDU count and the time taken (never the photo). Ctrl-C cancels a read.
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

#include "base/config.h"
#include "drivers/emrtd/document_reader.h"
#include "drivers/emrtd/mrz.h"
#include "drivers/pcsc/card_monitor.h"
#include "drivers/pcsc/pcsc_channel.h"
#include "drivers/pcsc/pcsc_context.h"
#include "drivers/pcsc/pcsc_error.h"
#include "kiosk/ctl/cli.h"
#include "kiosk/devices/pcsc_document_read.h"

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

struct ReadRequest {
  std::string reader;
  std::string can;
  std::vector<std::string> mrz;
  std::string csca_dir;
  bool no_face = false;
};

nlohmann::json DateJson(const std::optional<emrtd::MrzDate>& date) {
  return date ? nlohmann::json(date->ToIso()) : nlohmann::json(nullptr);
}

nlohmann::json OrNull(const std::string& text) {
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

std::atomic<bool> g_cancel_read{false};
void OnReadInterrupt(int) { g_cancel_read = true; }

CommandOutput CardRead(const Cli& cli, const ReadRequest& request) {
  // The access key first: a malformed CAN or MRZ is a usage error, whatever the reader says.
  std::optional<emrtd::AccessKey> key;
  if (!request.can.empty()) {
    bool digits =
        request.can.size() == 6 && request.can.find_first_not_of("0123456789") == std::string::npos;
    if (!digits) return ErrorOutput(InvalidInputError("the CAN is 6 digits"));
    key = emrtd::AccessKey::Can(request.can);
  } else {
    auto mrz = emrtd::ParseMrz(request.mrz, emrtd::TodayUtc());
    if (!mrz.ok()) return ErrorOutput(mrz.status());
    if (!mrz->valid()) return ErrorOutput(InvalidInputError("a check digit of the MRZ fails"));
    key = emrtd::AccessKey::Mrz(mrz->document_number, mrz->birth_yymmdd, mrz->expiry_yymmdd);
  }

  // Trust store: --csca, else the configuration's card.csca_dir when the file loads.
  std::string csca_dir = request.csca_dir;
  std::string wanted = request.reader;
  if (auto config = LoadConfig(cli.config_path); config.ok()) {
    if (csca_dir.empty()) csca_dir = config->card.csca_dir;
    if (wanted.empty()) wanted = config->card.preferred_reader;
  }

  emrtd::ReadOptions options;
  options.trust_store_dir = csca_dir;
  options.read_face = !request.no_face;
  options.cancel = &g_cancel_read;
  g_cancel_read = false;
  struct sigaction action {};
  action.sa_handler = OnReadInterrupt;
  struct sigaction old_int {};
  auto start = std::chrono::steady_clock::now();
  sigaction(SIGINT, &action, &old_int);
  devices::PcscDocumentRead read = devices::ReadDocumentOnReader(wanted, *key, std::move(options));
  sigaction(SIGINT, &old_int, nullptr);
  auto total_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  // No reader, no card, or a card that would not open: nothing of the document was read.
  if (!read.opened) return ErrorOutput(read.result.status());
  if (!read.result.ok()) {
    CommandOutput out = ErrorOutput(read.result.status());
    std::string reason(emrtd::ReadFailureName(emrtd::FailureOf(read.result.status())));
    out.json["reason"] = reason;
    out.json["reader"] = read.reader;
    out.human = fmt::format("error: {} ({})\n", read.result.status().message(), reason);
    return out;
  }

  const emrtd::ReadResult& r = *read.result;
  const emrtd::Identity& id = r.identity;
  nlohmann::json checks = nlohmann::json::object();
  for (const auto& [name, ok] : r.mrz.checks) checks[name] = ok;
  std::string pa(emrtd::PassiveAuthenticationStatusName(r.passive_authentication.status));
  CommandOutput out;
  out.json = {
      {"ok", true},
      {"reader", read.reader},
      {"valid", r.mrz.valid()},
      {"format", std::string(emrtd::MrzFormatName(r.mrz.format))},
      {"document_code", id.document_code},
      {"document_number", id.document_number},
      {"issuing_state", id.issuing_state},
      {"surname", id.surname},
      {"given_names", id.given_names},
      {"nationality", id.nationality},
      {"birth_date", DateJson(id.birth_date)},
      {"expiry_date", DateJson(id.expiry_date)},
      {"sex", id.sex},
      {"checks", checks},
      {"expired", id.expired},
      {"full_name", OrNull(id.full_name)},
      {"place_of_birth", OrNull(id.place_of_birth)},
      {"issuing_authority", OrNull(id.issuing_authority)},
      {"date_of_issue", DateJson(id.date_of_issue)},
      {"photo",
       r.face ? nlohmann::json{{"mime_type", r.face->mime_type}, {"bytes", r.face->data.size()}}
              : nlohmann::json(nullptr)},
      {"access", std::string(emrtd::AccessProtocolName(r.access))},
      {"data_groups", r.data_groups},
      {"passive_authentication",
       {{"status", pa}, {"reason", OrNull(r.passive_authentication.reason)}}},
      {"apdu_count", r.apdu_count},
      {"transmit_count", read.transmit_count},
      {"read_fallbacks", r.read_fallbacks},
      {"extended_length", read.extended_length},
      {"milliseconds", r.milliseconds},
      {"total_milliseconds", total_ms},
  };
  std::string groups;
  for (int dg : r.data_groups) groups += fmt::format("{}DG{}", groups.empty() ? "" : " ", dg);
  out.human = fmt::format(
      "{} {} {}\n  surname: {}\n  given names: {}\n  born: {}{}\n  sex: {}, nationality: {}\n"
      "  expires: {}{}\n  access: {}, read: {}\n  passive authentication: {}{}\n"
      "  {} APDUs in {} ms ({} ms with the connection)\n",
      emrtd::MrzFormatName(r.mrz.format), id.issuing_state, id.document_number, id.surname,
      id.given_names, id.birth_date ? id.birth_date->ToIso() : "?",
      id.place_of_birth.empty() ? "" : " in " + id.place_of_birth, id.sex, id.nationality,
      id.expiry_date ? id.expiry_date->ToIso() : "none", id.expired ? " (EXPIRED)" : "",
      emrtd::AccessProtocolName(r.access), groups, pa,
      r.passive_authentication.reason.empty() ? "" : " (" + r.passive_authentication.reason + ")",
      r.apdu_count, r.milliseconds, total_ms);
  return out;
}

}  // namespace

void RegisterCardCommands(Cli& cli) {
  // `card` may already hold other subcommands (card mrz, registered elsewhere).
  CLI::App* card = nullptr;
  auto existing = cli.app->get_subcommands([](CLI::App* sub) { return sub->get_name() == "card"; });
  if (!existing.empty()) card = existing.front();
  if (card == nullptr) {
    card = cli.app->add_subcommand("card", "identity cards: readers, MRZ, chip reading");
    card->require_subcommand(1);
  }

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

  auto* read = card->add_subcommand("read", "read the identity document on a reader");
  auto request = std::make_shared<ReadRequest>();
  read->add_option("--reader", request->reader, "part of the name of the reader to use");
  auto* can = read->add_option("--can", request->can, "the 6-digit CAN printed on the card");
  auto* mrz =
      read->add_option("--mrz", request->mrz, "the 2 or 3 lines of the MRZ")->expected(2, 3);
  can->excludes(mrz);
  read->add_option("--csca", request->csca_dir,
                   "folder of CSCA certificates (default: card.csca_dir of the configuration)");
  read->add_flag("--no-face", request->no_face, "do not read DG2 (the photo)");
  read->callback([&cli, request, can, mrz] {
    if (can->count() == 0 && mrz->count() == 0) {
      throw CLI::ValidationError("read", "give --can DIGITS or --mrz LINES...");
    }
    cli.run = [&cli, request] { return CardRead(cli, *request); };
  });
}

}  // namespace kiosk::ctl
