// The thread that drains the submission queue to the centre, sends heartbeats and keeps the
// catalog fresh. Never runs on the drawing thread: the UI only calls Trigger() and State().
//
// A pass sends submissions in confirmation order over the one kept connection. The first
// transient failure ends the pass: the head of the queue waits (capped exponential backoff
// with full jitter, or the centre's Retry-After) and nothing behind it overtakes it. A
// quarantined submission is set aside and the pass goes on with the next one. 401/403 pause
// the whole queue until staff ask for a sync (`kioskctl sync now` or the staff screen).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "base/clock.h"
#include "base/status.h"
#include "offline/queue/submission_queue.h"
#include "offline/sync/catalog_fetcher.h"
#include "offline/sync/retry_policy.h"
#include "offline/sync/sync_client.h"

namespace kiosk::offline {

enum class SyncTrigger {
  kNewSubmission,
  kTimer,
  kConnectivityRegained,
  kStaffSyncNow,  // also ignores backoff and lifts a pause
};

enum class AlertKind {
  kStaffQuarantine,  // a submission needs a human (409/422)
  kDeviceRejected,   // 401/403: the centre refuses this kiosk; the queue is paused
};

struct SyncAlert {
  AlertKind kind;
  std::string submission_id;  // for kStaffQuarantine
  std::string reason;         // no personal data
};

// What the UI status bar and the heartbeat show.
struct SyncState {
  int64_t queue_depth = 0;  // pending + sending + waiting
  int64_t quarantined = 0;
  std::optional<std::chrono::seconds> oldest_unsent_age;
  bool paused = false;
  std::string paused_reason;
  std::string last_error;  // empty after a clean pass
  std::optional<std::chrono::system_clock::time_point> last_success_at;
  std::optional<std::chrono::seconds> clock_skew;  // centre minus kiosk, from heartbeats
  bool running = false;
};

struct PassResult {
  int sent = 0;
  int quarantined = 0;
  int retried = 0;
  bool paused = false;
  std::optional<std::chrono::system_clock::time_point> next_attempt_at;  // when retrying
};

struct SyncWorkerOptions {
  std::string kiosk_id;
  std::string software_version = "unknown";  // reported in heartbeats
  std::chrono::milliseconds sync_interval{std::chrono::seconds(30)};
  std::chrono::milliseconds heartbeat_interval{std::chrono::minutes(5)};
  std::chrono::milliseconds catalog_interval{std::chrono::hours(1)};
  std::chrono::milliseconds purge_interval{std::chrono::hours(6)};
};

class SyncWorker {
 public:
  using AlertSink = std::function<void(const SyncAlert&)>;

  // `queue`, `client`, `policy`, `clock` and `catalog` (may be null) must outlive the worker.
  // `alerts` is called on the worker thread.
  SyncWorker(SubmissionQueue& queue, SyncClient& client, const RetryPolicy& policy,
             const Clock& clock, SyncWorkerOptions options, CatalogFetcher* catalog = nullptr,
             AlertSink alerts = {});
  ~SyncWorker();  // stops the thread
  SyncWorker(const SyncWorker&) = delete;
  SyncWorker& operator=(const SyncWorker&) = delete;

  // Starts / stops the background thread. Stop() waits for the request in flight (bounded
  // by the client's timeout).
  void Start();
  void Stop();

  // Wakes the thread for a pass. Cheap; safe from any thread (the UI's included).
  void Trigger(SyncTrigger trigger);

  // One pass on the calling thread (tests, `kioskctl sync now`). Must not run concurrently
  // with the thread.
  StatusOr<PassResult> RunPass(SyncTrigger trigger);
  // One heartbeat on the calling thread.
  Status SendHeartbeat();

  SyncState State() const;

 private:
  void Loop();
  void RefreshState(std::optional<std::string> error);

  SubmissionQueue& queue_;
  SyncClient& client_;
  const RetryPolicy& policy_;
  const Clock& clock_;
  SyncWorkerOptions options_;
  CatalogFetcher* catalog_;
  AlertSink alerts_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::optional<SyncTrigger> pending_trigger_;  // guarded by mutex_
  SyncState state_;                             // guarded by mutex_
  std::thread thread_;
};

}  // namespace kiosk::offline
