// In-process stand-ins for the devices, used by the unit tests, the headless harness and the
// kiosk until the lead wires the real card reader, printer and queue. Thread-safe: the flow
// calls them from its worker thread while tests and the harness configure them.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "kiosk/session/ports.h"

namespace kiosk::session {

// A card with a given identity and CAN. Read() with another CAN is InvalidInput, with no card
// Unavailable; SetUnreadable() makes it Unsupported.
class FakeCardReader : public CardReader {
 public:
  void Insert(CardIdentity identity, std::string can);
  void Remove();
  void SetUnreadable(bool unreadable);
  StatusOr<CardIdentity> Read(const std::string& can) override;

 private:
  std::mutex mutex_;
  bool present_ = false;
  bool unreadable_ = false;
  CardIdentity identity_;
  std::string can_;
};

class RecordingPrinter : public ReceiptPrinter {
 public:
  Status Print(const Receipt& receipt) override;
  void SetFailure(Status failure);
  std::vector<Receipt> printed() const;

 private:
  mutable std::mutex mutex_;
  Status failure_;
  std::vector<Receipt> printed_;
};

// Accepts every submission and returns references GU-2026-000001, -000002...
class MemorySubmissionSink : public SubmissionSink {
 public:
  StatusOr<std::string> Submit(const std::string& submission_id,
                               const std::string& canonical_json) override;
  void SetFailure(Status failure);
  std::vector<std::string> submissions() const;

 private:
  mutable std::mutex mutex_;
  Status failure_;
  std::vector<std::string> submissions_;
};

class FixedDeviceStatus : public DeviceStatusSource {
 public:
  FixedDeviceStatus();
  std::vector<DeviceState> Snapshot() const override;
  void Set(std::vector<DeviceState> states);

 private:
  mutable std::mutex mutex_;
  std::vector<DeviceState> states_;
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
