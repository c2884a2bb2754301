// The devices and services the flow talks to, as small interfaces. The app wires the real
// backends (PC/SC card reader, CUPS printer, encrypted offline queue and sync worker, signed
// catalog); unit tests and the headless harness use the in-process fakes of fakes.h.
//
// Calls marked "worker thread" may block (a card read takes a fraction of a second, a print
// job seconds): the flow calls them only from its JobRunner's worker, never from the drawing
// thread. The others must return at once.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "kiosk/procedure/procedure.h"
#include "kiosk/session/citizen_session.h"

namespace kiosk::session {

// The procedures the kiosk offers now: the verified signed catalog, or the default one
// shipped with the software. Thread: drawing thread; returns a snapshot at once (the catalog
// may be swapped by the sync worker between two calls; a session keeps the Procedure it
// started with).
class ProcedureSource {
 public:
  virtual ~ProcedureSource() = default;
  virtual std::vector<std::shared_ptr<const procedure::Procedure>> Procedures() const = 0;
};

// Reads the identity from the card on the reader, after PACE with `can` (worker thread).
// `cancel` becomes true when the session ends meanwhile. Errors: InvalidInput for a wrong
// CAN, Unsupported for a card we cannot read, FailedPrecondition when the card went away,
// Unavailable when the reader service is down, Cancelled.
class CardReader {
 public:
  virtual ~CardReader() = default;
  virtual StatusOr<CardIdentity> Read(const std::string& can, const std::atomic<bool>& cancel) = 0;
};

struct ReceiptLine {
  std::string label;
  std::string value;
};

// What the receipt says: printable data only (the procedure marks what may be printed).
struct Receipt {
  std::string language;
  std::string commune;
  std::string site;
  std::string procedure_title;
  std::string submission_id;  // gives the local reference
  std::chrono::system_clock::time_point created_at;
  bool sent = false;              // the centre acknowledged it before printing
  std::string central_reference;  // when sent
  std::string next_steps;         // the procedure's closing text
  std::vector<ReceiptLine> lines;

  void Wipe();
};

// The outcome of a print as the screens show it. `problem` is a text key suffix
// ("media_empty", "offline", "timed_out"...) for the citizen and staff; `detail` is for logs.
struct PrintResult {
  bool printed = false;
  std::string problem;
  std::string detail;
};

class ReceiptPrinter {
 public:
  virtual ~ReceiptPrinter() = default;
  virtual PrintResult Print(const Receipt& receipt) = 0;  // worker thread
};

// A confirmed procedure, frozen: exactly these bytes go to the centre.
struct ConfirmedSubmission {
  std::string id;
  std::string procedure_id;
  int64_t procedure_version = 0;
  std::string bytes;  // canonical JSON
  Receipt receipt;    // its printable data, kept (encrypted) for a reprint
};

// Where confirmed submissions go: the durable, encrypted offline queue.
class SubmissionSink {
 public:
  virtual ~SubmissionSink() = default;
  // Stores `submission` durably (worker thread). Returns the local reference printed on the
  // receipt and shown on screen. A failure means nothing was stored.
  virtual StatusOr<std::string> Submit(const ConfirmedSubmission& submission) = 0;
  // Asks for a delivery now and waits at most `timeout` for the centre's acknowledgement
  // (worker thread). The central reference when it came, nullopt otherwise (it stays queued
  // and is delivered later).
  virtual std::optional<std::string> AwaitDelivery(const std::string& submission_id,
                                                   std::chrono::milliseconds timeout) = 0;
  // The local reference of a submission id, without storing anything (drawing thread).
  virtual std::string LocalReference(const std::string& submission_id) const = 0;
};

struct DeviceState {
  std::string name;  // "reader", "printer", "network", "queue"
  bool ok = false;
  std::string detail;  // for staff: reader name, "paper out", "3 waiting"... never personal data
};

// A snapshot of the devices for the staff screen. Thread: drawing thread; returns at once
// (implementations keep a state updated by their own threads).
class DeviceStatusSource {
 public:
  virtual ~DeviceStatusSource() = default;
  virtual std::vector<DeviceState> Snapshot() const = 0;
  // Staff asked for "sync now": the app triggers its sync worker.
  virtual void SyncNow() {}
  // Confirmed submissions not yet acknowledged by the centre; nullopt when unknown.
  virtual std::optional<int64_t> Unsent() const { return std::nullopt; }
};

// One result line of the technician self-test.
struct CheckLine {
  std::string name;
  bool ok = false;
  std::string detail;
  std::string hint;
};

// Runs the technician self-test (worker thread): pcscd and readers, printer, centre and
// mutual TLS, clock, disk, queue health.
class SelfTest {
 public:
  virtual ~SelfTest() = default;
  virtual std::vector<CheckLine> Run() = 0;
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
