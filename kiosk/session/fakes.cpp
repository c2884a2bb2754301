#include "kiosk/session/fakes.h"

#include <fmt/format.h>

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

StatusOr<CardIdentity> FakeCardReader::Read(const std::string& can) {
  std::lock_guard lock(mutex_);
  if (!present_) return UnavailableError("no card on the reader");
  if (unreadable_) return UnsupportedError("card not supported");
  if (can != can_) return InvalidInputError("PACE refused the CAN");
  return identity_;
}

Status RecordingPrinter::Print(const Receipt& receipt) {
  std::lock_guard lock(mutex_);
  if (!failure_.ok()) return failure_;
  printed_.push_back(receipt);
  return OkStatus();
}

void RecordingPrinter::SetFailure(Status failure) {
  std::lock_guard lock(mutex_);
  failure_ = std::move(failure);
}

std::vector<Receipt> RecordingPrinter::printed() const {
  std::lock_guard lock(mutex_);
  return printed_;
}

StatusOr<std::string> MemorySubmissionSink::Submit(const std::string& /*submission_id*/,
                                                   const std::string& canonical_json) {
  std::lock_guard lock(mutex_);
  if (!failure_.ok()) return failure_;
  submissions_.push_back(canonical_json);
  return fmt::format("GU-2026-{:06}", submissions_.size());
}

void MemorySubmissionSink::SetFailure(Status failure) {
  std::lock_guard lock(mutex_);
  failure_ = std::move(failure);
}

std::vector<std::string> MemorySubmissionSink::submissions() const {
  std::lock_guard lock(mutex_);
  return submissions_;
}

FixedDeviceStatus::FixedDeviceStatus()
    : states_{{"reader", true, "emulated reader"},
              {"printer", true, "emulated printer"},
              {"network", true, "in-process"},
              {"queue", true, "0"}} {}

std::vector<DeviceState> FixedDeviceStatus::Snapshot() const {
  std::lock_guard lock(mutex_);
  return states_;
}

void FixedDeviceStatus::Set(std::vector<DeviceState> states) {
  std::lock_guard lock(mutex_);
  states_ = std::move(states);
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
