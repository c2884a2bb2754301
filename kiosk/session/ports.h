// The devices and services the flow talks to, as small interfaces. The app wires real
// backends (card reader, CUPS printer, offline queue); tests and the headless harness use the
// in-process fakes of fakes.h.
//
// Every call here may block (a card read takes seconds, a print job longer): the flow calls
// them only from its JobRunner's worker thread, never from the drawing thread, except where a
// method says otherwise.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "kiosk/session/citizen_session.h"

namespace kiosk::session {

// Reads the identity from the card on the reader, after PACE with `can`.
// Errors: InvalidInput for a wrong CAN, Unsupported for a card we cannot read,
// Unavailable when the card went away.
class CardReader {
 public:
  virtual ~CardReader() = default;
  virtual StatusOr<CardIdentity> Read(const std::string& can) = 0;
};

struct ReceiptLine {
  std::string label;
  std::string value;
};

struct Receipt {
  std::string commune;
  std::string procedure_title;
  std::string reference;
  std::string submission_id;
  std::string created_at;  // RFC 3339
  std::string language;
  std::vector<ReceiptLine> lines;
};

class ReceiptPrinter {
 public:
  virtual ~ReceiptPrinter() = default;
  virtual Status Print(const Receipt& receipt) = 0;
};

// Stores a frozen submission for delivery (the offline queue). Returns the reference to
// print on the receipt.
class SubmissionSink {
 public:
  virtual ~SubmissionSink() = default;
  virtual StatusOr<std::string> Submit(const std::string& submission_id,
                                       const std::string& canonical_json) = 0;
};

struct DeviceState {
  std::string name;  // "reader", "printer", "network", "queue"
  bool ok = false;
  std::string detail;  // for staff: reader name, "paper out", "3 waiting"...
};

// A snapshot of the devices for the staff screen. Thread: called from the drawing thread; it
// must return at once (implementations keep a state updated by their own threads).
class DeviceStatusSource {
 public:
  virtual ~DeviceStatusSource() = default;
  virtual std::vector<DeviceState> Snapshot() const = 0;
};

// Audio guidance. Thread: Say() and Stop() are called from the drawing thread and must not
// block (the espeak backend speaks on its own thread). A new Say() interrupts the previous.
class Speech {
 public:
  virtual ~Speech() = default;
  virtual void Say(const std::string& language, const std::string& text) = 0;
  virtual void Stop() = 0;
};

}  // namespace kiosk::session
