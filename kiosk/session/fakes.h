// In-process stand-ins for the devices, used by the unit tests and the headless harness's
// simulated mode (kiosk --script without --devices real). Thread-safe: the flow calls them
// from its worker threads while tests and the harness configure them.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "kiosk/session/ports.h"

namespace kiosk::session {

// A card with a given identity and CAN. Read() with another CAN is InvalidInput, with no card
// FailedPrecondition; SetUnreadable() makes it Unsupported.
class FakeCardReader : public CardReader {
 public:
  void Insert(CardIdentity identity, std::string can);
  void Remove();
  void SetUnreadable(bool unreadable);
  StatusOr<CardIdentity> Read(const std::string& can, const std::atomic<bool>& cancel) override;
  int reads() const;

 private:
  mutable std::mutex mutex_;
  bool present_ = false;
  bool unreadable_ = false;
  int reads_ = 0;
  CardIdentity identity_;
  std::string can_;
};

class RecordingPrinter : public ReceiptPrinter {
 public:
  PrintResult Print(const Receipt& receipt) override;
  // "" prints; otherwise every print fails with this problem ("media_empty", "offline"...).
  void SetProblem(std::string problem);
  std::vector<Receipt> printed() const;

 private:
  mutable std::mutex mutex_;
  std::string problem_;
  std::vector<Receipt> printed_;
};

// Keeps every submission in memory. While "online", AwaitDelivery() acknowledges at once with
// GU-2026-000001, -000002...; offline it answers nothing (the submission stays queued).
class MemorySubmissionSink : public SubmissionSink {
 public:
  StatusOr<std::string> Submit(const ConfirmedSubmission& submission) override;
  std::optional<std::string> AwaitDelivery(const std::string& submission_id,
                                           std::chrono::milliseconds timeout) override;
  std::string LocalReference(const std::string& submission_id) const override;
  void SetFailure(Status failure);
  void SetOnline(bool online);
  std::vector<ConfirmedSubmission> submissions() const;

 private:
  mutable std::mutex mutex_;
  Status failure_;
  bool online_ = true;
  int delivered_ = 0;
  std::vector<ConfirmedSubmission> submissions_;
};

class FixedDeviceStatus : public DeviceStatusSource {
 public:
  FixedDeviceStatus();
  std::vector<DeviceState> Snapshot() const override;
  void SyncNow() override;
  void Set(std::vector<DeviceState> states);
  int sync_requests() const;

 private:
  mutable std::mutex mutex_;
  std::vector<DeviceState> states_;
  int sync_requests_ = 0;
};

class FixedSelfTest : public SelfTest {
 public:
  std::vector<CheckLine> Run() override;
};

class RecordingSpeech : public Speech {
 public:
  void Say(const std::string& language, const std::string& text) override;
  void Stop() override {}
  std::vector<std::string> spoken() const;
  void Clear();

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> spoken_;
};

}  // namespace kiosk::session
