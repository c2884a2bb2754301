// The kiosk's receipt printer port (session::ReceiptPrinter) on CUPS: the flow's receipt is
// converted to printer::ReceiptData, laid out and rendered to PDF (cairo, pango, qrencode) on
// the paper of printer.paper, and printed on printer.destination, followed until CUPS says it
// is done or printer.job_timeout_s passes (the job is then cancelled: a receipt must not come
// out later for the next person).
//
// PrintResult::problem keys (stable: the screens build "print.<key>" text keys from them, and
// show the generic "print.problem" for a key without its own text):
//   media_empty       out of paper
//   media_jam         paper jam
//   door_open         cover or door open
//   offline           printer unplugged, off or unreachable
//   stopped           the CUPS queue is stopped (cupsdisable, or stopped after an error)
//   not_accepting     the CUPS queue rejects jobs (cupsreject)
//   not_found         no such CUPS destination
//   cups_unavailable  CUPS itself does not answer
//   job_failed        the job was aborted or cancelled by CUPS or the driver
//   printer_error     any other printer error reason
//   timed_out         not printed within the time limit; the job was cancelled
//   canceled          the kiosk stopped while printing (Stop())
//   render_failed     the receipt could not be rendered (incomplete data, out of memory)
//
// Thread: Print() from worker threads (one print at a time; a second caller waits), and may
// block up to the job time limit plus one IPP request. State() from any thread, at once: it
// returns what the last print or RefreshState() saw. RefreshState() blocks (one IPP request,
// bounded): call it from a background thread, never from the drawing thread.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <string_view>

#include "base/config.h"
#include "base/status.h"
#include "drivers/printer/cups_printer.h"
#include "drivers/printer/print_outcome.h"
#include "drivers/printer/receipt_layout.h"
#include "kiosk/session/ports.h"

namespace kiosk::devices {

struct CupsReceiptPrinterOptions {
  printer::CupsOptions cups;  // destination, job time limit; server "" = libcups' default
  printer::PaperFormat paper = printer::PaperFormat::kRoll80;
  std::string pdf_dir;  // see CupsReceiptPrinter::SavePdfTo(); "" = none

  // printer.destination, printer.paper and printer.job_timeout_s. kInvalidInput for a paper
  // the layout does not know.
  static StatusOr<CupsReceiptPrinterOptions> FromConfig(const KioskConfig& config);
};

// The printer as staff see it. No personal data: CUPS states and reason keywords.
struct PrinterSnapshot {
  bool checked = false;  // false until the first RefreshState() or print
  bool ok = false;       // ready to print
  std::string problem;   // a PrintResult problem key; "" when ok
  std::string detail;    // for staff: CUPS reasons or status text
  std::chrono::system_clock::time_point checked_at;
};

// The problem key of an outcome ("" for kPrinted and kStillPrinting); see the list above.
std::string_view PrintProblemKey(printer::PrintState state, printer::PrinterProblem problem);

// THE mapping from what CUPS did with a receipt to what the flow shows.
session::PrintResult ToPrintResult(const printer::PrintOutcome& outcome);

class CupsReceiptPrinter : public session::ReceiptPrinter {
 public:
  explicit CupsReceiptPrinter(CupsReceiptPrinterOptions options);
  ~CupsReceiptPrinter() override = default;
  CupsReceiptPrinter(const CupsReceiptPrinter&) = delete;
  CupsReceiptPrinter& operator=(const CupsReceiptPrinter&) = delete;

  // Renders and prints `receipt` (worker thread). Never throws; every failure is a problem key.
  session::PrintResult Print(const session::Receipt& receipt) override;

  // Demo: when `dir` is not empty, each rendered receipt is also written there as
  // receipt-<local reference>.pdf (mode 0600: it holds the printable personal data). A failure
  // to write it is logged and does not change the print. Thread-safe.
  void SavePdfTo(std::string dir);

  // Asks CUPS for the destination's state now (blocks, bounded by the request timeout).
  void RefreshState();
  PrinterSnapshot State() const;

  // Ends a print in progress as `canceled` (its job is cancelled) and every later one at once.
  // For shutdown; irreversible.
  void Stop();

  const CupsReceiptPrinterOptions& options() const { return options_; }

 private:
  void Remember(bool ok, std::string problem, std::string detail);

  const CupsReceiptPrinterOptions options_;
  printer::CupsPrinter cups_;         // prints; used under print_mutex_
  printer::CupsPrinter status_cups_;  // asks for the state; used under status_mutex_
  std::atomic<bool> stop_{false};
  std::mutex print_mutex_;
  std::mutex status_mutex_;

  mutable std::mutex mutex_;  // guards the fields below
  std::string pdf_dir_;
  PrinterSnapshot snapshot_;
};

}  // namespace kiosk::devices
