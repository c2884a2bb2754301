// The queue inspector backed by the offline queue (offline/queue): counts from its summary,
// and an export of every unsent or quarantined submission, decrypted with the device data
// key, as JSON Lines.
#include <filesystem>
#include <limits>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/atomic_file.h"
#include "offline/crypto/data_key.h"
#include "offline/queue/queue_files.h"
#include "offline/queue/submission_queue.h"
#include "provisioning/queue_check.h"

namespace kiosk::provisioning {
namespace {

namespace fs = std::filesystem;

std::string Rfc3339(std::chrono::system_clock::time_point t) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(t));
}

class OfflineQueueInspector : public QueueInspector {
 public:
  OfflineQueueInspector(const std::string& data_dir, const Clock& clock)
      : paths_(QueueFilesFor(data_dir)), clock_(clock) {}

  StatusOr<QueueHealth> Health() override {
    std::error_code ec;
    if (!fs::exists(paths_.database, ec)) return QueueHealth{};  // never used: nothing queued
    // The summary reads no payload: a zero key is enough, and the real one may be gone.
    KIOSK_ASSIGN_OR_RETURN(auto queue, Open(offline::DataKey::FromBytes({})));
    KIOSK_ASSIGN_OR_RETURN(offline::QueueSummary summary, queue->Summary());
    QueueHealth health;
    health.unsent = summary.unsent();
    health.quarantined = summary.quarantined;
    health.oldest_unsent_confirmed_at = summary.oldest_unsent_confirmed_at;
    health.paused_reason = summary.paused_reason;
    return health;
  }

  Status Export(const std::string& path) override {
    std::error_code ec;
    if (!fs::exists(paths_.database, ec)) return WriteFileAtomically(path, "", 0600);
    if (!fs::exists(paths_.data_key, ec)) {
      return DataLossError(
          fmt::format("the data key {} is missing: the queued submissions cannot be decrypted",
                      paths_.data_key));
    }
    KIOSK_ASSIGN_OR_RETURN(offline::DataKey key, offline::DataKey::LoadOrCreate(paths_.data_key));
    KIOSK_ASSIGN_OR_RETURN(auto queue, Open(key));
    KIOSK_ASSIGN_OR_RETURN(std::vector<offline::SubmissionRecord> records,
                           queue->List(std::numeric_limits<int>::max()));
    std::string lines;
    for (auto it = records.rbegin(); it != records.rend(); ++it) {  // oldest first
      const auto& r = *it;
      if (r.state == offline::SubmissionState::kSent) continue;
      KIOSK_ASSIGN_OR_RETURN(offline::FrozenSubmission frozen, queue->Reveal(r.id));
      nlohmann::json line = {
          {"format", "guichet-queue-export/1"},
          {"id", r.id},
          {"procedure", {{"id", r.procedure_id}, {"version", r.procedure_version}}},
          {"state", std::string(offline::SubmissionStateName(r.state))},
          {"confirmed_at", Rfc3339(r.confirmed_at)},
          {"quarantine_reason", r.quarantine_reason},
          {"submission", frozen.payload},
          {"receipt_data", frozen.receipt_data}};
      lines += line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    }
    // Personal data: readable by the owner only, like the queue it comes from.
    return WriteFileAtomically(path, lines, 0600);
  }

 private:
  StatusOr<std::unique_ptr<offline::SubmissionQueue>> Open(const offline::DataKey& key) {
    offline::QueueOptions options;
    options.database_path = paths_.database;
    // Only looks (health, export): must not turn a running kiosk's `sending` rows to waiting.
    options.read_only = true;
    return offline::SubmissionQueue::Open(options, key, clock_);
  }

  QueueFiles paths_;
  const Clock& clock_;
};

}  // namespace

QueueFiles QueueFilesFor(const std::string& data_dir) {
  return {offline::QueueDatabaseIn(data_dir), offline::DataKeyIn(data_dir)};
}

std::unique_ptr<QueueInspector> MakeQueueInspector(const std::string& data_dir,
                                                   const Clock& clock) {
  return std::make_unique<OfflineQueueInspector>(data_dir, clock);
}

}  // namespace kiosk::provisioning
