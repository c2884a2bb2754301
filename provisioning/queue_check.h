// The offline queue as the technician sees it: how many submissions are waiting, since when,
// how many are set aside for a human. Reports "queue".
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/status.h"
#include "provisioning/self_test.h"

namespace kiosk::provisioning {

struct QueueHealth {
  int64_t unsent = 0;  // pending, sending or waiting
  int64_t quarantined = 0;
  std::optional<std::chrono::system_clock::time_point> oldest_unsent_confirmed_at;
  std::optional<std::string> paused_reason;
};

// What provisioning needs from the offline queue (offline/queue implements it).
class QueueInspector {
 public:
  virtual ~QueueInspector() = default;
  // kUnsupported when this build cannot read the queue.
  virtual StatusOr<QueueHealth> Health() = 0;
  // Writes every unsent and quarantined submission to `path` in the queue's own export
  // format, so that they can be delivered by other means before a wipe.
  virtual Status Export(const std::string& path) = 0;
};

// Where the offline queue keeps its files under storage.data_dir (offline/queue/queue_files.h,
// the same paths the kiosk opens).
struct QueueFiles {
  std::string database;  // <data_dir>/queue.sqlite
  std::string data_key;  // <data_dir>/data.key
};
QueueFiles QueueFilesFor(const std::string& data_dir);

// The queue inspector for the queue under `data_dir` (offline/queue). It never creates the
// queue: no database file means nothing queued.
std::unique_ptr<QueueInspector> MakeQueueInspector(const std::string& data_dir, const Clock& clock);

class QueueCheck : public Check {
 public:
  // Fails when a submission has waited longer than `max_unsent_age` or any is quarantined.
  QueueCheck(std::unique_ptr<QueueInspector> inspector, const Clock& clock,
             std::chrono::seconds max_unsent_age = std::chrono::hours(24));
  std::vector<CheckResult> Run() override;

 private:
  std::unique_ptr<QueueInspector> inspector_;
  const Clock& clock_;
  std::chrono::seconds max_unsent_age_;
};

}  // namespace kiosk::provisioning
