#include "offline/sync/sync_worker.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/log.h"
#include "offline/sync/submission_response.h"

namespace kiosk::offline {
namespace {

std::optional<std::chrono::system_clock::time_point> ParseRfc3339(const std::string& text) {
  std::tm parts{};
  if (text.size() < 19 || strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &parts) == nullptr) {
    return std::nullopt;
  }
  return std::chrono::system_clock::from_time_t(timegm(&parts));
}

std::string Rfc3339(std::chrono::system_clock::time_point time) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

}  // namespace

SyncWorker::SyncWorker(SubmissionQueue& queue, SyncClient& client, const RetryPolicy& policy,
                       const Clock& clock, SyncWorkerOptions options, CatalogFetcher* catalog,
                       AlertSink alerts)
    : queue_(queue),
      client_(client),
      policy_(policy),
      clock_(clock),
      options_(std::move(options)),
      catalog_(catalog),
      alerts_(std::move(alerts)) {}

SyncWorker::~SyncWorker() { Stop(); }

void SyncWorker::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  state_.running = true;
  pending_trigger_ = SyncTrigger::kTimer;  // a first pass at start-up
  thread_ = std::thread([this] { Loop(); });
}

void SyncWorker::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  state_.running = false;
}

void SyncWorker::Trigger(SyncTrigger trigger) {
  {
    std::lock_guard lock(mutex_);
    // A staff request is the strongest trigger: never downgrade it before it ran.
    if (pending_trigger_ != SyncTrigger::kStaffSyncNow) pending_trigger_ = trigger;
  }
  wake_.notify_all();
}

SyncState SyncWorker::State() const {
  std::lock_guard lock(mutex_);
  return state_;
}

void SyncWorker::RefreshState(std::optional<std::string> error) {
  auto summary = queue_.Summary();
  std::lock_guard lock(mutex_);
  if (error) state_.last_error = *error;
  if (!summary.ok()) {
    state_.last_error = summary.status().ToString();
    return;
  }
  state_.queue_depth = summary->unsent();
  state_.quarantined = summary->quarantined;
  state_.paused = summary->paused_reason.has_value();
  state_.paused_reason = summary->paused_reason.value_or("");
  state_.oldest_unsent_age.reset();
  if (summary->oldest_unsent_confirmed_at) {
    state_.oldest_unsent_age =
        std::max(std::chrono::seconds(0), std::chrono::duration_cast<std::chrono::seconds>(
                                              clock_.Now() - *summary->oldest_unsent_confirmed_at));
  }
}

StatusOr<PassResult> SyncWorker::RunPass(SyncTrigger trigger) {
  PassResult result;
  KIOSK_ASSIGN_OR_RETURN(QueueSummary summary, queue_.Summary());
  if (summary.paused_reason) {
    if (trigger != SyncTrigger::kStaffSyncNow) {
      result.paused = true;
      RefreshState(std::nullopt);
      return result;
    }
    Log(Subsystem::kSync).info("staff asked for a sync: lifting the pause");
    KIOSK_RETURN_IF_ERROR(queue_.Resume());
  }

  std::optional<std::string> error;
  while (true) {
    KIOSK_ASSIGN_OR_RETURN(std::optional<OutgoingSubmission> next, queue_.NextToSend());
    if (!next) break;
    const SubmissionRecord& record = next->record;
    auto now = clock_.Now();
    if (trigger != SyncTrigger::kStaffSyncNow && record.next_attempt_at &&
        *record.next_attempt_at > now) {
      result.next_attempt_at = record.next_attempt_at;
      break;
    }

    // Durable before the first byte goes out: a crash from here on resends the same bytes.
    KIOSK_RETURN_IF_ERROR(queue_.MarkSending(record.id));
    auto response =
        client_.Post("/v1/submissions", next->payload,
                     {{"Content-Type", "application/json"}, {"Idempotency-Key", record.id}});
    SendOutcome outcome = ClassifySubmissionResponse(response, record.id, clock_.Now());

    switch (outcome.verdict) {
      case SendVerdict::kSent:
        KIOSK_RETURN_IF_ERROR(
            queue_.MarkSent(record.id, outcome.central_reference, outcome.received_at));
        ++result.sent;
        Log(Subsystem::kSync)
            .info("submission {} delivered as {}", record.id, outcome.central_reference);
        {
          std::lock_guard lock(mutex_);
          state_.last_success_at = clock_.Now();
        }
        continue;
      case SendVerdict::kQuarantine:
        KIOSK_RETURN_IF_ERROR(queue_.MarkQuarantined(record.id, outcome.reason));
        ++result.quarantined;
        if (alerts_) alerts_({AlertKind::kStaffQuarantine, record.id, outcome.reason});
        continue;
      case SendVerdict::kPause: {
        // Not this submission's fault: it goes back to waiting, due as soon as unpaused.
        KIOSK_RETURN_IF_ERROR(queue_.MarkWaiting(record.id, clock_.Now(), outcome.reason));
        KIOSK_RETURN_IF_ERROR(queue_.Pause(outcome.reason));
        Log(Subsystem::kSync).error("queue paused: {}", outcome.reason);
        if (alerts_) alerts_({AlertKind::kDeviceRejected, "", outcome.reason});
        result.paused = true;
        error = outcome.reason;
        break;
      }
      case SendVerdict::kRetry: {
        auto delay = policy_.Delay(record.attempt_count + 1, outcome.retry_after);
        auto when = clock_.Now() + delay;
        KIOSK_RETURN_IF_ERROR(queue_.MarkWaiting(record.id, when, outcome.reason));
        Log(Subsystem::kSync)
            .warn("submission {} not delivered ({}); next try in {} ms", record.id, outcome.reason,
                  delay.count());
        ++result.retried;
        result.next_attempt_at = when;
        error = outcome.reason;
        break;
      }
    }
    break;  // pause or retry: the head waits and nothing overtakes it
  }
  RefreshState(error.value_or(std::string()));
  return result;
}

Status SyncWorker::SendHeartbeat() {
  SyncState state = State();
  // The centre requires software_version, queue_depth and clock; the rest is for its staff.
  nlohmann::json body = {
      {"kiosk_id", options_.kiosk_id},
      {"software_version", options_.software_version},
      {"queue_depth", state.queue_depth},
      {"clock", Rfc3339(clock_.Now())},
      {"queue",
       {{"depth", state.queue_depth},
        {"quarantined", state.quarantined},
        {"oldest_unsent_age_s", state.oldest_unsent_age
                                    ? nlohmann::json(state.oldest_unsent_age->count())
                                    : nlohmann::json(nullptr)},
        {"paused", state.paused}}},
      {"last_error", state.last_error},
  };
  KIOSK_ASSIGN_OR_RETURN(
      HttpResponse response,
      client_.Post("/v1/heartbeats", body.dump(), {{"Content-Type", "application/json"}}));
  if (response.status != 200) {
    return UnavailableError(fmt::format("heartbeat: HTTP {}", response.status));
  }
  nlohmann::json answer = nlohmann::json::parse(response.body, nullptr, false);
  if (answer.is_object() && answer.contains("server_time") && answer["server_time"].is_string()) {
    if (auto server_time = ParseRfc3339(answer["server_time"].get<std::string>())) {
      auto skew = std::chrono::duration_cast<std::chrono::seconds>(*server_time - clock_.Now());
      std::lock_guard lock(mutex_);
      state_.clock_skew = skew;
      if (std::chrono::abs(skew) > std::chrono::minutes(2)) {
        Log(Subsystem::kSync).warn("kiosk clock is {} s away from the centre's", skew.count());
      }
    }
  }
  return OkStatus();
}

void SyncWorker::Loop() {
  auto next_heartbeat = clock_.Steady();
  auto next_catalog = clock_.Steady();
  auto next_purge = clock_.Steady();
  std::optional<std::chrono::system_clock::time_point> next_attempt;

  while (true) {
    SyncTrigger trigger = SyncTrigger::kTimer;
    {
      std::unique_lock lock(mutex_);
      auto wait = options_.sync_interval;
      if (next_attempt) {
        auto until =
            std::chrono::duration_cast<std::chrono::milliseconds>(*next_attempt - clock_.Now());
        wait = std::clamp(until, std::chrono::milliseconds(0), wait);
      }
      wake_.wait_for(lock, wait, [this] { return stopping_ || pending_trigger_.has_value(); });
      if (stopping_) return;
      if (pending_trigger_) trigger = *pending_trigger_;
      pending_trigger_.reset();
    }

    auto pass = RunPass(trigger);
    if (!pass.ok()) {
      Log(Subsystem::kSync).error("sync pass failed: {}", pass.status().ToString());
      RefreshState(pass.status().ToString());
      next_attempt.reset();
    } else {
      next_attempt = pass->next_attempt_at;
    }

    auto steady = clock_.Steady();
    if (steady >= next_heartbeat) {
      Status beat = SendHeartbeat();
      if (!beat.ok()) Log(Subsystem::kSync).warn("{}", beat.ToString());
      next_heartbeat = steady + options_.heartbeat_interval;
    }
    if (catalog_ != nullptr && steady >= next_catalog) {
      auto updated = catalog_->Update(client_);
      if (!updated.ok()) Log(Subsystem::kSync).warn("catalog: {}", updated.status().ToString());
      next_catalog = steady + options_.catalog_interval;
    }
    if (steady >= next_purge) {
      auto purged = queue_.PurgeSent();
      if (!purged.ok()) Log(Subsystem::kQueue).warn("purge: {}", purged.status().ToString());
      next_purge = steady + options_.purge_interval;
    }
  }
}

}  // namespace kiosk::offline
