// The kiosk's printing worker: a thread with a job queue, so that neither rendering nor
// CUPS ever runs on the drawing thread.
//
// Submit() returns at once with a request id. The worker renders the receipt (when the
// request carries ReceiptData), prints it through its ReceiptPrinter, and reports through
// `on_event`: at most one progress event (kStillPrinting) and exactly one final event per
// request. Events are called ON THE WORKER THREAD: the UI copies them into its own queue and
// draws from there. The submission itself never depends on the outcome.
// Destruction stops the worker: the request in progress ends with kCancelled as soon as its
// printer notices, and queued requests get a kCancelled final event.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "drivers/printer/cups_printer.h"
#include "drivers/printer/print_outcome.h"
#include "drivers/printer/receipt_data.h"
#include "drivers/printer/receipt_layout.h"

namespace kiosk::printer {

struct PrintRequest {
  // Either a receipt to render on the worker...
  std::optional<ReceiptData> receipt;
  PaperFormat paper = PaperFormat::kRoll80;
  // ...or a ready PDF (used when `receipt` is empty).
  std::string pdf;
  std::string title = "receipt";  // CUPS job name: never personal data
};

struct PrintEvent {
  uint64_t request_id = 0;
  bool final = false;  // false only for the kStillPrinting progress event
  PrintOutcome outcome;
  std::string reference;  // the receipt's local reference, when rendered here
};

class PrintService {
 public:
  using EventHandler = std::function<void(const PrintEvent&)>;

  // REQUIRES: printer and on_event non-null. `on_event` must not call back into this
  // service's destructor.
  PrintService(std::unique_ptr<ReceiptPrinter> printer, EventHandler on_event);
  ~PrintService();
  PrintService(const PrintService&) = delete;
  PrintService& operator=(const PrintService&) = delete;

  // Queues `request`; thread-safe, never blocks on the printer.
  uint64_t Submit(PrintRequest request);

  // Requests queued or in progress.
  size_t pending() const;

 private:
  void Run();
  void Handle(uint64_t id, PrintRequest& request);

  std::unique_ptr<ReceiptPrinter> printer_;
  EventHandler on_event_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::pair<uint64_t, PrintRequest>> queue_;
  size_t in_progress_ = 0;
  uint64_t next_id_ = 1;
  std::atomic<bool> stop_{false};
  std::thread worker_;  // last: starts after every other member is ready
};

}  // namespace kiosk::printer
