// The kiosk's submission port (session::SubmissionSink) on the encrypted offline queue
// (offline/queue) and the sync worker (offline/sync).
//
// Submit() freezes the submission into the queue (one durable commit; payload and receipt
// data sealed under the device data key) with, as its receipt data, the receipt as
// printer::ReceiptToJson() writes it, so that staff can reprint it later without the
// procedure. It then wakes the sync worker. AwaitDelivery() wakes it again and watches the
// queue record until the centre's acknowledgement is stored (state `sent`) or the time is up.
//
// Without a sync worker (the kiosk is not enrolled with a centre), submissions are stored all
// the same and AwaitDelivery() answers nullopt at once: they are delivered once enrolled.
//
// Thread: Submit() and AwaitDelivery() from worker threads; LocalReference() from any
// thread, at once. Shutdown() from the owner's thread wakes every AwaitDelivery() in progress.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>

#include "base/status.h"
#include "kiosk/session/ports.h"
#include "offline/queue/submission_queue.h"
#include "offline/sync/sync_worker.h"

namespace kiosk::devices {

class QueueSubmissionSink : public session::SubmissionSink {
 public:
  // `queue` must outlive the sink; `worker` too when not null. `poll_interval`: how often
  // AwaitDelivery() reads the record (one indexed SQLite read).
  QueueSubmissionSink(offline::SubmissionQueue& queue, offline::SyncWorker* worker,
                      std::chrono::milliseconds poll_interval = std::chrono::milliseconds(50));
  ~QueueSubmissionSink() override;
  QueueSubmissionSink(const QueueSubmissionSink&) = delete;
  QueueSubmissionSink& operator=(const QueueSubmissionSink&) = delete;

  // Errors (nothing stored): kInvalidInput for an id that is not a UUID, an empty procedure
  // or payload, a version out of range; the queue's errors (kResourceExhausted for a full
  // disk...). The same id stored twice is accepted once: the second call returns the local
  // reference without storing anything.
  StatusOr<std::string> Submit(const session::ConfirmedSubmission& submission) override;

  // The central reference once the record is `sent`, nullopt after `timeout`, without a
  // sync worker, for an unknown id, or after Shutdown().
  std::optional<std::string> AwaitDelivery(const std::string& submission_id,
                                           std::chrono::milliseconds timeout) override;

  // base/local_reference.h's reference; "" for an id that is not a UUID.
  std::string LocalReference(const std::string& submission_id) const override;

  // Makes every AwaitDelivery() return nullopt now and later ones at once. Irreversible.
  void Shutdown();

 private:
  offline::SubmissionQueue& queue_;
  offline::SyncWorker* worker_;
  const std::chrono::milliseconds poll_interval_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool shut_down_ = false;  // guarded by mutex_
};

}  // namespace kiosk::devices
