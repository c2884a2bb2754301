// kioskctl queue status|list|show ID|retry ID|export, and kioskctl sync now.
//
// Nothing here prints personal data unless staff pass --reveal (show, export): records hold
// ids, procedures, states, times, error codes and central references only.
#include <filesystem>
#include <limits>
#include <memory>

#include <fmt/format.h>

#include "base/config.h"
#include "base/log.h"
#include "kiosk/ctl/cli.h"
#include "kiosk/version.h"
#include "offline/queue/submission_queue.h"
#include "offline/sync/offline_config.h"
#include "offline/sync/sync_worker.h"

namespace kiosk::ctl {
namespace {

using offline::SubmissionQueue;
using offline::SubmissionRecord;

std::string Rfc3339(std::chrono::system_clock::time_point time) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

nlohmann::json OptionalTime(const std::optional<std::chrono::system_clock::time_point>& time) {
  return time ? nlohmann::json(Rfc3339(*time)) : nlohmann::json(nullptr);
}

nlohmann::json RecordJson(const SubmissionRecord& record) {
  return {{"id", record.id},
          {"procedure", {{"id", record.procedure_id}, {"version", record.procedure_version}}},
          {"state", std::string(offline::SubmissionStateName(record.state))},
          {"confirmed_at", Rfc3339(record.confirmed_at)},
          {"attempts", record.attempt_count},
          {"next_attempt_at", OptionalTime(record.next_attempt_at)},
          {"last_attempt_at", OptionalTime(record.last_attempt_at)},
          {"last_error", record.last_error},
          {"quarantine_reason", record.quarantine_reason},
          {"central_reference", record.central_reference},
          {"received_at", record.received_at},
          {"sent_at", OptionalTime(record.sent_at)},
          {"payload_bytes", record.has_payload ? record.payload_size : 0}};
}

struct OpenedQueue {
  KioskConfig config;
  std::unique_ptr<SubmissionQueue> queue;
};

// Opens the existing queue named by the configuration. Never creates a key or a database:
// a tool must not mint a key the queue was not sealed with. `read_only` for the commands that
// only look: a read-write open recovers rows left in `sending`, which would disturb a kiosk
// sending at that moment.
StatusOr<OpenedQueue> OpenQueue(const std::string& config_path, bool read_only) {
  KIOSK_ASSIGN_OR_RETURN(KioskConfig config, LoadConfig(config_path));
  std::string database = offline::QueueDatabasePath(config);
  std::error_code error;
  if (!std::filesystem::exists(database, error)) {
    return NotFoundError("no submission queue at " + database);
  }
  KIOSK_ASSIGN_OR_RETURN(offline::DataKey key,
                         offline::DataKey::Load(offline::DataKeyPath(config)));
  offline::QueueOptions options = offline::QueueOptionsFrom(config);
  options.read_only = read_only;
  KIOSK_ASSIGN_OR_RETURN(auto queue, SubmissionQueue::Open(options, key, SystemClock()));
  return OpenedQueue{std::move(config), std::move(queue)};
}

CommandOutput QueueStatus(const std::string& config_path) {
  auto opened = OpenQueue(config_path, /*read_only=*/true);
  if (!opened.ok()) return ErrorOutput(opened.status());
  auto summary = opened->queue->Summary();
  if (!summary.ok()) return ErrorOutput(summary.status());
  nlohmann::json oldest_age = nullptr;
  std::string oldest_text = "none";
  if (summary->oldest_unsent_confirmed_at) {
    auto age = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::system_clock::now() - *summary->oldest_unsent_confirmed_at);
    oldest_age = age.count();
    oldest_text = fmt::format("{} s", age.count());
  }
  CommandOutput out;
  out.json = {{"ok", true},
              {"pending", summary->pending},
              {"sending", summary->sending},
              {"waiting", summary->waiting},
              {"sent", summary->sent},
              {"quarantined", summary->quarantined},
              {"unsent", summary->unsent()},
              {"oldest_unsent_age_s", oldest_age},
              {"paused", summary->paused_reason.has_value()},
              {"paused_reason", summary->paused_reason.value_or("")}};
  out.human = fmt::format(
      "unsent: {} (pending {}, waiting {}, sending {}), sent: {}, quarantined: {}\n"
      "oldest unsent: {}\n{}",
      summary->unsent(), summary->pending, summary->waiting, summary->sending, summary->sent,
      summary->quarantined, oldest_text,
      summary->paused_reason ? "PAUSED: " + *summary->paused_reason + "\n" : std::string());
  return out;
}

CommandOutput QueueList(const std::string& config_path, int limit) {
  auto opened = OpenQueue(config_path, /*read_only=*/true);
  if (!opened.ok()) return ErrorOutput(opened.status());
  auto records = opened->queue->List(limit);
  if (!records.ok()) return ErrorOutput(records.status());
  CommandOutput out;
  nlohmann::json list = nlohmann::json::array();
  for (const SubmissionRecord& record : *records) {
    list.push_back(RecordJson(record));
    out.human += fmt::format(
        "{}  {:<12} {:<20} attempts {}  {}\n", record.id,
        offline::SubmissionStateName(record.state), record.procedure_id, record.attempt_count,
        record.central_reference.empty() ? record.last_error : record.central_reference);
  }
  if (records->empty()) out.human = "the queue is empty\n";
  out.json = {{"ok", true}, {"submissions", list}};
  return out;
}

// Adds the decrypted data to `json` (staff asked for it with --reveal).
Status AddRevealed(SubmissionQueue& queue, const SubmissionRecord& record, nlohmann::json& json) {
  if (!record.has_payload) {
    json["payload"] = nullptr;
    return OkStatus();
  }
  KIOSK_ASSIGN_OR_RETURN(offline::FrozenSubmission revealed, queue.Reveal(record.id));
  nlohmann::json payload = nlohmann::json::parse(revealed.payload, nullptr, false);
  json["payload"] = payload.is_discarded() ? nlohmann::json(revealed.payload) : payload;
  json["receipt_data"] = revealed.receipt_data;
  Log(Subsystem::kQueue).warn("staff revealed the data of submission {}", record.id);
  return OkStatus();
}

CommandOutput QueueShow(const std::string& config_path, const std::string& id, bool reveal) {
  auto opened = OpenQueue(config_path, /*read_only=*/true);
  if (!opened.ok()) return ErrorOutput(opened.status());
  auto record = opened->queue->Find(id);
  if (!record.ok()) return ErrorOutput(record.status());
  nlohmann::json json = RecordJson(*record);
  if (reveal) {
    Status revealed = AddRevealed(*opened->queue, *record, json);
    if (!revealed.ok()) return ErrorOutput(revealed);
  }
  CommandOutput out;
  out.json = {{"ok", true}, {"submission", json}};
  out.human = json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  return out;
}

CommandOutput QueueRetry(const std::string& config_path, const std::string& id) {
  auto opened = OpenQueue(config_path, /*read_only=*/false);
  if (!opened.ok()) return ErrorOutput(opened.status());
  Status status = opened->queue->Retry(id);
  if (!status.ok()) return ErrorOutput(status);
  CommandOutput out;
  out.json = {{"ok", true}, {"id", id}, {"state", "pending"}};
  out.human = fmt::format("{} is pending again; it goes with the next sync\n", id);
  return out;
}

CommandOutput QueueExport(const std::string& config_path, bool reveal) {
  auto opened = OpenQueue(config_path, /*read_only=*/true);
  if (!opened.ok()) return ErrorOutput(opened.status());
  auto records = opened->queue->List(std::numeric_limits<int>::max());
  if (!records.ok()) return ErrorOutput(records.status());
  nlohmann::json list = nlohmann::json::array();
  for (auto it = records->rbegin(); it != records->rend(); ++it) {
    nlohmann::json json = RecordJson(*it);
    if (reveal) {
      Status revealed = AddRevealed(*opened->queue, *it, json);
      if (!revealed.ok()) return ErrorOutput(revealed);
    }
    list.push_back(std::move(json));
  }
  CommandOutput out;
  out.json = {{"ok", true}, {"revealed", reveal}, {"submissions", list}};
  // The export is JSON either way: it is meant for a file or another tool.
  out.human = out.json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  return out;
}

CommandOutput SyncNow(const std::string& config_path) {
  auto opened = OpenQueue(config_path, /*read_only=*/false);
  if (!opened.ok()) return ErrorOutput(opened.status());
  auto client = offline::SyncClient::Create(offline::SyncClientOptionsFrom(opened->config));
  if (!client.ok()) return ErrorOutput(client.status());
  offline::RetryPolicy policy;
  offline::SyncWorkerOptions options;
  options.kiosk_id = opened->config.identity.id;
  options.software_version = std::string(SoftwareVersion());
  std::vector<std::string> alerts;
  offline::SyncWorker worker(*opened->queue, **client, policy, SystemClock(), options, nullptr,
                             [&alerts](const offline::SyncAlert& alert) {
                               alerts.push_back(alert.submission_id.empty()
                                                    ? alert.reason
                                                    : alert.submission_id + ": " + alert.reason);
                             });
  auto pass = worker.RunPass(offline::SyncTrigger::kStaffSyncNow);
  if (!pass.ok()) return ErrorOutput(pass.status());
  Status heartbeat = worker.SendHeartbeat();
  offline::SyncState state = worker.State();

  CommandOutput out;
  bool drained = state.queue_depth == 0 && !pass->paused;
  out.exit_code = drained ? kExitOk : kExitCheckFailed;
  out.json = {{"ok", drained},
              {"sent", pass->sent},
              {"quarantined", pass->quarantined},
              {"retried", pass->retried},
              {"paused", pass->paused},
              {"unsent", state.queue_depth},
              {"last_error", state.last_error},
              {"alerts", alerts},
              {"heartbeat", heartbeat.ok() ? "ok" : heartbeat.ToString()}};
  out.human =
      fmt::format("sent {}, quarantined {}, still unsent {}{}{}\n", pass->sent, pass->quarantined,
                  state.queue_depth, pass->paused ? " — PAUSED by the centre" : "",
                  state.last_error.empty() ? "" : " — last error: " + state.last_error);
  for (const std::string& alert : alerts) out.human += "alert: " + alert + "\n";
  return out;
}

}  // namespace

void RegisterQueueCommands(Cli& cli) {
  auto* queue = cli.app->add_subcommand("queue", "inspect and steer the submission queue");
  queue->require_subcommand(1);
  // The parsed arguments live as long as the callbacks that read them.
  struct Arguments {
    int limit = 50;
    std::string id;
    bool reveal = false;
  };
  auto args = std::make_shared<Arguments>();

  queue->add_subcommand("status", "counts per state, oldest unsent, pause")->callback([&cli] {
    cli.run = [&cli] { return QueueStatus(cli.config_path); };
  });

  auto* list = queue->add_subcommand("list", "the most recent submissions (no personal data)");
  list->add_option("--limit", args->limit, "how many")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  list->callback(
      [&cli, args] { cli.run = [&cli, args] { return QueueList(cli.config_path, args->limit); }; });

  auto* show = queue->add_subcommand("show", "one submission (its data only with --reveal)");
  show->add_option("id", args->id, "submission id")->required();
  show->add_flag("--reveal", args->reveal, "staff: also print the citizen's data");
  show->callback([&cli, args] {
    cli.run = [&cli, args] { return QueueShow(cli.config_path, args->id, args->reveal); };
  });

  auto* retry = queue->add_subcommand("retry", "put a quarantined or waiting submission back");
  retry->add_option("id", args->id, "submission id")->required();
  retry->callback(
      [&cli, args] { cli.run = [&cli, args] { return QueueRetry(cli.config_path, args->id); }; });

  auto* exported = queue->add_subcommand("export", "every record as JSON");
  exported->add_flag("--reveal", args->reveal, "staff: include the citizens' data");
  exported->callback([&cli, args] {
    cli.run = [&cli, args] { return QueueExport(cli.config_path, args->reveal); };
  });
}

void RegisterSyncCommands(Cli& cli) {
  auto* sync = cli.app->add_subcommand("sync", "talk to the central guichet");
  sync->require_subcommand(1);
  sync->add_subcommand("now", "send what is waiting now (lifts a pause, ignores backoff)")
      ->callback([&cli] { cli.run = [&cli] { return SyncNow(cli.config_path); }; });
}

}  // namespace kiosk::ctl
