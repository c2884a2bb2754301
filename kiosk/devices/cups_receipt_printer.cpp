#include "kiosk/devices/cups_receipt_printer.h"

#include <filesystem>
#include <utility>

#include <fmt/format.h>

#include "base/atomic_file.h"
#include "base/log.h"
#include "base/wipe.h"
#include "kiosk/devices/receipt_conversion.h"

namespace kiosk::devices {
namespace {

std::string ReasonsText(const printer::PrinterStatus& status) {
  std::string text = status.reasons.empty() ? "no fault reported"
                                            : fmt::format("{}", fmt::join(status.reasons, ", "));
  if (!status.accepting) text += ", rejecting jobs";
  if (!status.message.empty()) text += " (" + status.message + ")";
  return text;
}

}  // namespace

StatusOr<CupsReceiptPrinterOptions> CupsReceiptPrinterOptions::FromConfig(
    const KioskConfig& config) {
  CupsReceiptPrinterOptions options;
  options.cups.destination = config.printer.destination;
  options.cups.job_timeout = std::chrono::seconds(config.printer.job_timeout_s);
  KIOSK_ASSIGN_OR_RETURN(options.paper, printer::ParsePaperFormat(config.printer.paper));
  return options;
}

std::string_view PrintProblemKey(printer::PrintState state, printer::PrinterProblem problem) {
  using printer::PrinterProblem;
  switch (state) {
    case printer::PrintState::kPrinted:
    case printer::PrintState::kStillPrinting:
      return "";
    case printer::PrintState::kTimedOut:
      return "timed_out";
    case printer::PrintState::kCancelled:
      return "canceled";
    case printer::PrintState::kPrinterProblem:
      break;
  }
  switch (problem) {
    case PrinterProblem::kMediaEmpty:
      return "media_empty";
    case PrinterProblem::kMediaJam:
      return "media_jam";
    case PrinterProblem::kDoorOpen:
      return "door_open";
    case PrinterProblem::kOffline:
      return "offline";
    case PrinterProblem::kDisabled:
      return "stopped";
    case PrinterProblem::kNotAccepting:
      return "not_accepting";
    case PrinterProblem::kNotFound:
      return "not_found";
    case PrinterProblem::kServiceDown:
      return "cups_unavailable";
    case PrinterProblem::kJobFailed:
      return "job_failed";
    case PrinterProblem::kNone:  // a problem CUPS gave no reason for
    case PrinterProblem::kOther:
      return "printer_error";
  }
  return "printer_error";
}

session::PrintResult ToPrintResult(const printer::PrintOutcome& outcome) {
  session::PrintResult result;
  result.printed = outcome.state == printer::PrintState::kPrinted;
  result.problem = std::string(PrintProblemKey(outcome.state, outcome.problem));
  result.detail =
      fmt::format("{}, {} (job {}): {}", printer::PrintStateName(outcome.state),
                  printer::PrinterProblemName(outcome.problem), outcome.job_id, outcome.detail);
  return result;
}

CupsReceiptPrinter::CupsReceiptPrinter(CupsReceiptPrinterOptions options)
    : options_(std::move(options)),
      cups_(options_.cups),
      status_cups_(options_.cups),
      pdf_dir_(options_.pdf_dir) {}

void CupsReceiptPrinter::SavePdfTo(std::string dir) {
  std::lock_guard lock(mutex_);
  pdf_dir_ = std::move(dir);
}

void CupsReceiptPrinter::Stop() { stop_ = true; }

session::PrintResult CupsReceiptPrinter::Print(const session::Receipt& receipt) {
  auto& log = Log(Subsystem::kPrint);
  std::lock_guard print_lock(print_mutex_);
  if (stop_) return {false, "canceled", "the kiosk is stopping"};

  printer::ReceiptData data = ToReceiptData(receipt);
  auto rendered = printer::RenderReceipt(data, options_.paper);
  WipeReceiptData(data);
  if (!rendered.ok()) {
    // The message names a missing field, never its value.
    log.error("receipt not rendered: {}", rendered.status().ToString());
    return {false, "render_failed", rendered.status().ToString()};
  }

  std::string pdf_dir;
  {
    std::lock_guard lock(mutex_);
    pdf_dir = pdf_dir_;
  }
  if (!pdf_dir.empty()) {
    std::error_code error;
    std::filesystem::create_directories(pdf_dir, error);
    std::string path = pdf_dir + "/receipt-" + rendered->reference + ".pdf";
    Status saved = WriteFileAtomically(path, rendered->pdf, 0600);
    if (!saved.ok()) log.warn("receipt PDF not saved: {}", saved.ToString());
  }

  // The job name shows in CUPS' logs and queue listings: never anything about the citizen.
  printer::PrintOutcome outcome = cups_.Print(rendered->pdf, "receipt", nullptr, stop_);
  WipeString(rendered->pdf);
  session::PrintResult result = ToPrintResult(outcome);
  if (outcome.state != printer::PrintState::kCancelled) {
    Remember(result.printed, result.problem, outcome.detail);
  }
  return result;
}

void CupsReceiptPrinter::RefreshState() {
  StatusOr<printer::PrinterStatus> status = [this] {
    std::lock_guard status_lock(status_mutex_);
    return status_cups_.QueryStatus();
  }();
  if (!status.ok()) {
    Remember(false,
             status.status().code() == StatusCode::kNotFound ? "not_found" : "cups_unavailable",
             status.status().message());
    return;
  }
  std::string problem;
  if (status->problem != printer::PrinterProblem::kNone) {
    problem = PrintProblemKey(printer::PrintState::kPrinterProblem, status->problem);
  } else if (!status->accepting) {
    problem = "not_accepting";
  }
  Remember(problem.empty(), problem, ReasonsText(*status));
}

PrinterSnapshot CupsReceiptPrinter::State() const {
  std::lock_guard lock(mutex_);
  return snapshot_;
}

void CupsReceiptPrinter::Remember(bool ok, std::string problem, std::string detail) {
  std::lock_guard lock(mutex_);
  if (snapshot_.checked && snapshot_.ok != ok) {
    Log(Subsystem::kPrint)
        .info("printer {} is {}", options_.cups.destination, ok ? "ready again" : problem);
  }
  snapshot_.checked = true;
  snapshot_.ok = ok;
  snapshot_.problem = std::move(problem);
  snapshot_.detail = std::move(detail);
  snapshot_.checked_at = std::chrono::system_clock::now();
}

}  // namespace kiosk::devices
