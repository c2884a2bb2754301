#include "provisioning/printer_check.h"

#include <atomic>

#include <fmt/format.h>

#include "drivers/printer/cups_printer.h"
#include "drivers/printer/receipt_layout.h"

namespace kiosk::provisioning {
namespace {

// The kiosk's own CUPS client (drivers/printer): the same status reading and job tracking as
// receipts get, and a test receipt rendered by the receipt layout.
class CupsPrinterProbe : public PrinterProbe {
 public:
  CupsPrinterProbe(std::string server, std::string paper, std::chrono::seconds job_timeout)
      : server_(std::move(server)), paper_(std::move(paper)), job_timeout_(job_timeout) {}

  StatusOr<PrinterState> State(const std::string& destination) override {
    printer::CupsPrinter cups(Options(destination));
    KIOSK_ASSIGN_OR_RETURN(printer::PrinterStatus status, cups.QueryStatus());
    PrinterState state;
    state.enabled = status.state != IPP_PSTATE_STOPPED;
    state.accepting_jobs = status.accepting;
    state.reasons = status.reasons;
    return state;
  }

  Status PrintTestPage(const std::string& destination) override {
    KIOSK_ASSIGN_OR_RETURN(printer::PaperFormat format, printer::ParsePaperFormat(paper_));
    KIOSK_ASSIGN_OR_RETURN(printer::RenderedReceipt receipt,
                           printer::RenderReceipt(printer::TestReceiptData("fr"), format));
    printer::CupsPrinter cups(Options(destination));
    std::atomic<bool> stop{false};
    printer::PrintOutcome outcome = cups.Print(
        receipt.pdf, "kiosk self-test", [](const printer::PrintOutcome&) {}, stop);
    return printer::StatusFromOutcome(outcome);
  }

 private:
  printer::CupsOptions Options(const std::string& destination) const {
    printer::CupsOptions options;
    options.server = server_;
    options.destination = destination;
    options.job_timeout = job_timeout_;
    return options;
  }

  std::string server_;
  std::string paper_;
  std::chrono::seconds job_timeout_;
};

}  // namespace

std::unique_ptr<PrinterProbe> MakeCupsPrinterProbe(const std::string& server,
                                                   const std::string& paper,
                                                   std::chrono::seconds job_timeout) {
  return std::make_unique<CupsPrinterProbe>(server, paper, job_timeout);
}

PrinterCheck::PrinterCheck(std::unique_ptr<PrinterProbe> probe, std::string destination,
                           bool test_print)
    : probe_(std::move(probe)), destination_(std::move(destination)), test_print_(test_print) {}

std::vector<CheckResult> PrinterCheck::Run() {
  std::vector<CheckResult> results;
  auto state = probe_->State(destination_);
  std::string problem;
  std::string hint;
  if (!state.ok()) {
    problem = state.status().message();
    hint = state.status().code() == StatusCode::kNotFound
               ? "create the printer in CUPS (lpadmin) or set the right name with kioskctl "
                 "configure --printer DEST"
               : "start the print service: systemctl start cups";
  } else if (!state->enabled) {
    problem = fmt::format(
        "'{}' is stopped (disabled){}", destination_,
        state->reasons.empty() ? "" : ": " + fmt::format("{}", fmt::join(state->reasons, ", ")));
    hint = fmt::format("fix the printer (paper, cover, cable), then enable it: cupsenable {}",
                       destination_);
  } else if (!state->accepting_jobs) {
    problem = fmt::format("'{}' does not accept jobs", destination_);
    hint = fmt::format("cupsaccept {}", destination_);
  }
  if (!problem.empty()) {
    results.push_back(Fail("printer", problem, hint));
    if (test_print_) results.push_back(Skipped("test_print", "needs a ready printer"));
    return results;
  }
  results.push_back(Pass(
      "printer",
      fmt::format(
          "'{}' ready{}", destination_,
          state->reasons.empty() ? "" : fmt::format(" ({})", fmt::join(state->reasons, ", ")))));
  if (!test_print_) return results;
  Status printed = probe_->PrintTestPage(destination_);
  if (!printed.ok()) {
    results.push_back(Fail("test_print", printed.message(),
                           "look at the printer (paper, jam, cover) and at lpstat -o"));
  } else {
    results.push_back(Pass("test_print", "test page completed: check that it came out"));
  }
  return results;
}

}  // namespace kiosk::provisioning
