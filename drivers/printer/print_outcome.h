// What became of a print request, in the terms the UI shows, and the one function that turns
// CUPS/IPP statuses into it.
#pragma once

#include <cups/ipp.h>

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace kiosk::printer {

// What the screen says.
enum class PrintState {
  kPrinted,         // the job completed and the printer reports no fault
  kPrinterProblem,  // the printer or CUPS cannot print now; `problem` says why
  kStillPrinting,   // progress event: the job is accepted and not finished yet
  kTimedOut,        // not finished within the time limit; the job was cancelled
  kCancelled,       // the service shut down before the request was handled
};

// Why, in domain terms (a localised message key on screen, a line for staff).
enum class PrinterProblem {
  kNone,
  kMediaEmpty,    // out of paper
  kMediaJam,      // paper jam
  kDoorOpen,      // cover or door open
  kOffline,       // printer unplugged, off or unreachable
  kDisabled,      // the queue is stopped (cupsdisable, or stopped by an error)
  kNotAccepting,  // the queue rejects jobs (cupsreject)
  kNotFound,      // no such destination
  kServiceDown,   // CUPS itself does not answer
  kJobFailed,     // the job was aborted or cancelled by CUPS or the driver
  kOther,         // any other printer error reason
};

std::string_view PrintStateName(PrintState state);
std::string_view PrinterProblemName(PrinterProblem problem);

// What was seen of CUPS for one request: the inputs of ClassifyPrint.
struct CupsObservation {
  ipp_status_t request_status = IPP_STATUS_OK;  // of the last IPP request that failed, or OK
  bool job_created = false;
  ipp_jstate_t job_state = IPP_JSTATE_PENDING;  // last job-state read (when job_created)
  ipp_pstate_t printer_state = IPP_PSTATE_IDLE;
  bool printer_accepting = true;
  std::vector<std::string> printer_reasons;  // printer-state-reasons keywords
  bool deadline_passed = false;
};

struct PrintOutcome {
  PrintState state = PrintState::kPrinterProblem;
  PrinterProblem problem = PrinterProblem::kNone;
  std::string detail;  // for staff and logs: the CUPS reason keyword or status text
  int job_id = 0;
};

// The most serious fault among printer-state-reasons keywords ("media-empty-error",
// "media-jam", "paused", ...); kNone when only -report/-warning reasons or "none".
PrinterProblem ProblemFromReasons(const std::vector<std::string>& reasons);

// THE mapping from CUPS/IPP statuses to what the UI shows (table-tested).
PrintOutcome ClassifyPrint(const CupsObservation& seen);

// A Status for staff tools (kioskctl) from an outcome: OK when printed.
Status StatusFromOutcome(const PrintOutcome& outcome);

}  // namespace kiosk::printer
