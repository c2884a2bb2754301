#include "kiosk/devices/queue_submission_sink.h"

#include <algorithm>
#include <limits>

#include "base/local_reference.h"
#include "base/log.h"
#include "base/wipe.h"
#include "drivers/printer/receipt_data.h"
#include "kiosk/devices/receipt_conversion.h"

namespace kiosk::devices {

QueueSubmissionSink::QueueSubmissionSink(offline::SubmissionQueue& queue,
                                         offline::SyncWorker* worker,
                                         std::chrono::milliseconds poll_interval)
    : queue_(queue), worker_(worker), poll_interval_(poll_interval) {}

QueueSubmissionSink::~QueueSubmissionSink() { Shutdown(); }

void QueueSubmissionSink::Shutdown() {
  {
    std::lock_guard lock(mutex_);
    shut_down_ = true;
  }
  wake_.notify_all();
}

StatusOr<std::string> QueueSubmissionSink::Submit(const session::ConfirmedSubmission& submission) {
  auto& log = Log(Subsystem::kQueue);
  auto reference = LocalReferenceFromUuid(submission.id);
  if (!reference.ok()) return InvalidInputError("the submission id is not a UUID");
  if (submission.procedure_version < 0 ||
      submission.procedure_version > std::numeric_limits<int>::max()) {
    return InvalidInputError("procedure version out of range");
  }

  offline::FrozenSubmission frozen;
  frozen.id = submission.id;
  frozen.procedure_id = submission.procedure_id;
  frozen.procedure_version = static_cast<int>(submission.procedure_version);
  frozen.payload = submission.bytes;
  printer::ReceiptData receipt = ToReceiptData(submission.receipt);
  frozen.receipt_data = printer::ReceiptToJson(receipt);
  WipeReceiptData(receipt);
  Status stored = queue_.Confirm(frozen);
  WipeString(frozen.payload);
  WipeString(frozen.receipt_data);

  // The flow's ids are fresh UUIDs: the same id again is the same submission handed over
  // twice (a retry after a lost answer), already safe in the queue.
  if (stored.code() == StatusCode::kAlreadyExists) {
    log.warn("submission {} was already stored", submission.id);
  } else if (!stored.ok()) {
    log.error("submission {} not stored: {}", submission.id, stored.ToString());
    return stored;
  }

  if (worker_ != nullptr) worker_->Trigger(offline::SyncTrigger::kNewSubmission);
  return *reference;
}

std::optional<std::string> QueueSubmissionSink::AwaitDelivery(const std::string& submission_id,
                                                              std::chrono::milliseconds timeout) {
  if (worker_ == nullptr) return std::nullopt;
  worker_->Trigger(offline::SyncTrigger::kNewSubmission);

  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mutex_);
  while (!shut_down_) {
    lock.unlock();
    auto record = queue_.Find(submission_id);
    lock.lock();
    if (!record.ok()) {
      if (record.status().code() == StatusCode::kNotFound) return std::nullopt;
      Log(Subsystem::kQueue).warn("delivery of {}: {}", submission_id, record.status().ToString());
    } else if (record->state == offline::SubmissionState::kSent) {
      return record->central_reference;
    } else if (record->state == offline::SubmissionState::kQuarantined) {
      return std::nullopt;  // waits for staff, not for the network
    }

    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) break;
    auto wait = std::min<std::chrono::steady_clock::duration>(poll_interval_, deadline - now);
    wake_.wait_for(lock, wait, [this] { return shut_down_; });
  }
  return std::nullopt;
}

std::string QueueSubmissionSink::LocalReference(const std::string& submission_id) const {
  auto reference = LocalReferenceFromUuid(submission_id);
  return reference.ok() ? *reference : std::string();
}

}  // namespace kiosk::devices
