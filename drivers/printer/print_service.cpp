#include "drivers/printer/print_service.h"

#include "base/log.h"

namespace kiosk::printer {

PrintService::PrintService(std::unique_ptr<ReceiptPrinter> printer, EventHandler on_event)
    : printer_(std::move(printer)), on_event_(std::move(on_event)), worker_([this] { Run(); }) {}

PrintService::~PrintService() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  worker_.join();
}

uint64_t PrintService::Submit(PrintRequest request) {
  uint64_t id;
  {
    std::lock_guard lock(mutex_);
    id = next_id_++;
    queue_.emplace_back(id, std::move(request));
  }
  wake_.notify_one();
  return id;
}

size_t PrintService::pending() const {
  std::lock_guard lock(mutex_);
  return queue_.size() + in_progress_;
}

void PrintService::Run() {
  while (true) {
    std::pair<uint64_t, PrintRequest> item;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (stop_) break;
      item = std::move(queue_.front());
      queue_.pop_front();
      in_progress_ = 1;
    }
    Handle(item.first, item.second);
    std::lock_guard lock(mutex_);
    in_progress_ = 0;
  }

  // Shutting down: whatever is still queued is reported, so no caller waits forever.
  std::deque<std::pair<uint64_t, PrintRequest>> left;
  {
    std::lock_guard lock(mutex_);
    left.swap(queue_);
  }
  for (auto& [id, request] : left) {
    PrintEvent event;
    event.request_id = id;
    event.final = true;
    event.outcome.state = PrintState::kCancelled;
    event.outcome.detail = "print service stopped";
    on_event_(event);
  }
}

void PrintService::Handle(uint64_t id, PrintRequest& request) {
  PrintEvent event;
  event.request_id = id;

  if (request.receipt) {
    auto rendered = RenderReceipt(*request.receipt, request.paper);
    if (!rendered.ok()) {
      // A receipt that cannot be laid out is a bug or bad stored data, not a printer fault;
      // the UI still shows the reference on screen.
      Log(Subsystem::kPrint).error("request {}: {}", id, rendered.status().ToString());
      event.final = true;
      event.outcome.state = PrintState::kPrinterProblem;
      event.outcome.problem = PrinterProblem::kOther;
      event.outcome.detail = rendered.status().message();
      on_event_(event);
      return;
    }
    request.pdf = std::move(rendered->pdf);
    event.reference = rendered->reference;
  }

  auto progress = [&](const PrintOutcome& outcome) {
    PrintEvent still = event;
    still.final = false;
    still.outcome = outcome;
    still.outcome.state = PrintState::kStillPrinting;
    on_event_(still);
  };
  event.outcome = printer_->Print(request.pdf, request.title, progress, stop_);
  event.final = true;
  on_event_(event);
}

}  // namespace kiosk::printer
