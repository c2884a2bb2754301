// Printing a PDF through CUPS with the libcups API, tracked to the end.
//
// Print() reads printer-state and printer-state-reasons first (a stopped queue or a printer
// out of paper is reported at once, without queueing a receipt that would come out later for
// the next person), creates the job, sends the PDF, follows the job id until it is completed,
// aborted, cancelled or stopped or the time limit passes (then it cancels the job, for the
// same reason), and reads the printer's state again. ClassifyPrint turns what it saw into a
// PrintOutcome.
//
// Thread: every call blocks (bounded by the options' time limits) and must run off the
// drawing thread: PrintService runs it on its worker. One CupsPrinter is used by one thread
// at a time; libcups keeps its last error per thread.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "base/status.h"
#include "drivers/printer/print_outcome.h"

namespace kiosk::printer {

struct CupsOptions {
  // "" = libcups' default (CUPS_SERVER, then client.conf, then the local socket);
  // "host:port", "host" (port 631) or "/path/to/cups.sock".
  std::string server;
  std::string destination = "Guichet_PDF";
  std::chrono::milliseconds job_timeout{60'000};     // whole print, submission to the end
  std::chrono::milliseconds request_timeout{5'000};  // one IPP request, connection included
  std::chrono::milliseconds poll_interval{200};
  std::chrono::milliseconds still_printing_after{2'000};  // when to send the progress event
};

struct PrinterStatus {
  ipp_pstate_t state = IPP_PSTATE_IDLE;
  bool accepting = false;
  std::vector<std::string> reasons;                // printer-state-reasons keywords, without "none"
  std::string message;                             // printer-state-message, may be empty
  PrinterProblem problem = PrinterProblem::kNone;  // ProblemFromReasons(reasons), or kDisabled
};

// The printing backend PrintService drives; CupsPrinter is the real one.
class ReceiptPrinter {
 public:
  virtual ~ReceiptPrinter() = default;
  // Prints `pdf` under the job name `title` (no personal data in it: it shows in CUPS logs).
  // Calls `progress` with a kStillPrinting outcome while the job runs long. Returns early
  // with kCancelled when `stop` becomes true.
  virtual PrintOutcome Print(const std::string& pdf, const std::string& title,
                             const std::function<void(const PrintOutcome&)>& progress,
                             const std::atomic<bool>& stop) = 0;
};

class CupsPrinter : public ReceiptPrinter {
 public:
  explicit CupsPrinter(CupsOptions options);

  PrintOutcome Print(const std::string& pdf, const std::string& title,
                     const std::function<void(const PrintOutcome&)>& progress,
                     const std::atomic<bool>& stop) override;

  // The destination's state. kUnavailable when CUPS does not answer, kNotFound when the
  // destination does not exist.
  StatusOr<PrinterStatus> QueryStatus();

  // Hands `pdf` to CUPS and returns the job id without following it (benchmarks, tools).
  StatusOr<int> Submit(const std::string& pdf, const std::string& title);

  const CupsOptions& options() const { return options_; }

 private:
  CupsOptions options_;
};

}  // namespace kiosk::printer
