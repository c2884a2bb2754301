#include "kiosk/session/fakes.h"

#include <fmt/format.h>

#include "base/local_reference.h"

namespace kiosk::session {

void FakeCardReader::Insert(CardIdentity identity, std::string can) {
  std::lock_guard lock(mutex_);
  identity_ = std::move(identity);
  can_ = std::move(can);
  present_ = true;
}

void FakeCardReader::Remove() {
  std::lock_guard lock(mutex_);
  present_ = false;
}

void FakeCardReader::SetUnreadable(bool unreadable) {
  std::lock_guard lock(mutex_);
  unreadable_ = unreadable;
}

StatusOr<CardIdentity> FakeCardReader::Read(const std::string& can,
                                            const std::atomic<bool>& cancel) {
  std::lock_guard lock(mutex_);
  ++reads_;
  if (cancel.load()) return CancelledError("the session ended");
  if (!present_) return FailedPreconditionError("no card on the reader");
  if (unreadable_) return UnsupportedError("card not supported");
  if (can != can_) return InvalidInputError("PACE refused the CAN");
  return identity_;
}

int FakeCardReader::reads() const {
  std::lock_guard lock(mutex_);
  return reads_;
}

PrintResult RecordingPrinter::Print(const Receipt& receipt) {
  std::lock_guard lock(mutex_);
  if (!problem_.empty()) return {false, problem_, "simulated printer: " + problem_};
  printed_.push_back(receipt);
  return {true, "", ""};
}

void RecordingPrinter::SetProblem(std::string problem) {
  std::lock_guard lock(mutex_);
  problem_ = std::move(problem);
}

std::vector<Receipt> RecordingPrinter::printed() const {
  std::lock_guard lock(mutex_);
  return printed_;
}

StatusOr<std::string> MemorySubmissionSink::Submit(const ConfirmedSubmission& submission) {
  std::lock_guard lock(mutex_);
  if (!failure_.ok()) return failure_;
  submissions_.push_back(submission);
  return LocalReference(submission.id);
}

std::optional<std::string> MemorySubmissionSink::AwaitDelivery(
    const std::string& /*submission_id*/, std::chrono::milliseconds /*timeout*/) {
  std::lock_guard lock(mutex_);
  if (!online_) return std::nullopt;
  return fmt::format("GU-2026-{:06}", ++delivered_);
}

std::string MemorySubmissionSink::LocalReference(const std::string& submission_id) const {
  auto reference = LocalReferenceFromUuid(submission_id);
  return reference.ok() ? *reference : "";
}

void MemorySubmissionSink::SetFailure(Status failure) {
  std::lock_guard lock(mutex_);
  failure_ = std::move(failure);
}

void MemorySubmissionSink::SetOnline(bool online) {
  std::lock_guard lock(mutex_);
  online_ = online;
}

std::vector<ConfirmedSubmission> MemorySubmissionSink::submissions() const {
  std::lock_guard lock(mutex_);
  return submissions_;
}

FixedDeviceStatus::FixedDeviceStatus()
    : states_{{"reader", true, "simulated reader"},
              {"printer", true, "simulated printer"},
              {"network", true, "simulated centre"},
              {"queue", true, "0 waiting"}} {}

std::vector<DeviceState> FixedDeviceStatus::Snapshot() const {
  std::lock_guard lock(mutex_);
  return states_;
}

void FixedDeviceStatus::SyncNow() {
  std::lock_guard lock(mutex_);
  ++sync_requests_;
}

void FixedDeviceStatus::Set(std::vector<DeviceState> states) {
  std::lock_guard lock(mutex_);
  states_ = std::move(states);
}

int FixedDeviceStatus::sync_requests() const {
  std::lock_guard lock(mutex_);
  return sync_requests_;
}

std::vector<CheckLine> FixedSelfTest::Run() {
  return {{"pcscd", true, "simulated reader", ""},
          {"printer", true, "simulated printer", ""},
          {"centre", true, "simulated centre", ""},
          {"disk", true, "enough free space", ""}};
}

void RecordingSpeech::Say(const std::string& language, const std::string& text) {
  std::lock_guard lock(mutex_);
  spoken_.push_back(language + ": " + text);
}

std::vector<std::string> RecordingSpeech::spoken() const {
  std::lock_guard lock(mutex_);
  return spoken_;
}

void RecordingSpeech::Clear() {
  std::lock_guard lock(mutex_);
  spoken_.clear();
}

}  // namespace kiosk::session
