#include "drivers/printer/print_outcome.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace kiosk::printer {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// printer-state-reasons keywords (RFC 8011 section 5.4.12, PWG 5100.9) and the fault each
// means. A keyword may carry -error, -warning or -report; only errors (and bare keywords,
// which IPP defines as errors) stop printing.
struct ReasonEntry {
  std::string_view keyword;
  PrinterProblem problem;
};
// In order of seriousness: the first one present wins.
constexpr std::array<ReasonEntry, 11> kReasons = {{
    {"media-jam", PrinterProblem::kMediaJam},
    {"media-empty", PrinterProblem::kMediaEmpty},
    {"media-needed", PrinterProblem::kMediaEmpty},
    {"door-open", PrinterProblem::kDoorOpen},
    {"cover-open", PrinterProblem::kDoorOpen},
    {"interlock-open", PrinterProblem::kDoorOpen},
    {"offline", PrinterProblem::kOffline},
    {"shutdown", PrinterProblem::kOffline},
    {"connecting-to-device", PrinterProblem::kOffline},
    {"timed-out", PrinterProblem::kOffline},
    {"paused", PrinterProblem::kDisabled},
}};

PrintOutcome Outcome(PrintState state, PrinterProblem problem, std::string detail) {
  PrintOutcome out;
  out.state = state;
  out.problem = problem;
  out.detail = std::move(detail);
  return out;
}

std::string ReasonsText(const std::vector<std::string>& reasons) {
  return reasons.empty() ? std::string("none") : fmt::format("{}", fmt::join(reasons, ","));
}

PrintOutcome ClassifyWithoutJob(const CupsObservation& seen) {
  switch (seen.request_status) {
    case IPP_STATUS_ERROR_SERVICE_UNAVAILABLE:
      return Outcome(PrintState::kPrinterProblem, PrinterProblem::kServiceDown,
                     "CUPS does not answer");
    case IPP_STATUS_ERROR_NOT_FOUND:
      return Outcome(PrintState::kPrinterProblem, PrinterProblem::kNotFound,
                     "no such CUPS destination");
    case IPP_STATUS_ERROR_NOT_ACCEPTING_JOBS:
      return Outcome(PrintState::kPrinterProblem, PrinterProblem::kNotAccepting,
                     "the queue is not accepting jobs");
    case IPP_STATUS_ERROR_TIMEOUT:
      return Outcome(PrintState::kTimedOut, PrinterProblem::kNone, "CUPS did not answer in time");
    case IPP_STATUS_OK:
      break;
    default:
      return Outcome(PrintState::kPrinterProblem, PrinterProblem::kOther,
                     ippErrorString(seen.request_status));
  }

  // No request failed: the job was not sent because the printer was not ready for it.
  PrinterProblem problem = ProblemFromReasons(seen.printer_reasons);
  if (seen.printer_state == IPP_PSTATE_STOPPED) {
    return Outcome(PrintState::kPrinterProblem,
                   problem == PrinterProblem::kNone ? PrinterProblem::kDisabled : problem,
                   ReasonsText(seen.printer_reasons));
  }
  if (!seen.printer_accepting) {
    return Outcome(PrintState::kPrinterProblem, PrinterProblem::kNotAccepting,
                   ReasonsText(seen.printer_reasons));
  }
  if (problem != PrinterProblem::kNone) {
    return Outcome(PrintState::kPrinterProblem, problem, ReasonsText(seen.printer_reasons));
  }
  if (seen.deadline_passed) {
    return Outcome(PrintState::kTimedOut, PrinterProblem::kNone, "no job could be created");
  }
  return Outcome(PrintState::kPrinterProblem, PrinterProblem::kOther, "no job was created");
}

}  // namespace

std::string_view PrintStateName(PrintState state) {
  switch (state) {
    case PrintState::kPrinted:
      return "printed";
    case PrintState::kPrinterProblem:
      return "printer_problem";
    case PrintState::kStillPrinting:
      return "still_printing";
    case PrintState::kTimedOut:
      return "timed_out";
    case PrintState::kCancelled:
      return "cancelled";
  }
  return "unknown";
}

std::string_view PrinterProblemName(PrinterProblem problem) {
  switch (problem) {
    case PrinterProblem::kNone:
      return "none";
    case PrinterProblem::kMediaEmpty:
      return "media_empty";
    case PrinterProblem::kMediaJam:
      return "media_jam";
    case PrinterProblem::kDoorOpen:
      return "door_open";
    case PrinterProblem::kOffline:
      return "offline";
    case PrinterProblem::kDisabled:
      return "disabled";
    case PrinterProblem::kNotAccepting:
      return "not_accepting";
    case PrinterProblem::kNotFound:
      return "not_found";
    case PrinterProblem::kServiceDown:
      return "service_down";
    case PrinterProblem::kJobFailed:
      return "job_failed";
    case PrinterProblem::kOther:
      return "other";
  }
  return "unknown";
}

PrinterProblem ProblemFromReasons(const std::vector<std::string>& reasons) {
  bool other_error = false;
  PrinterProblem best = PrinterProblem::kNone;
  size_t best_rank = kReasons.size();
  for (std::string_view reason : reasons) {
    if (EndsWith(reason, "-warning") || EndsWith(reason, "-report")) continue;
    bool error_suffix = EndsWith(reason, "-error");
    std::string_view keyword =
        error_suffix ? reason.substr(0, reason.size() - std::string_view("-error").size()) : reason;
    auto it = std::find_if(kReasons.begin(), kReasons.end(),
                           [&](const ReasonEntry& e) { return e.keyword == keyword; });
    if (it != kReasons.end()) {
      size_t rank = static_cast<size_t>(it - kReasons.begin());
      if (rank < best_rank) {
        best_rank = rank;
        best = it->problem;
      }
    } else if (error_suffix) {
      // An explicit error we have no words for: still a fault staff must see. Bare unknown
      // keywords are ignored: CUPS and drivers add informative ones ("cups-...").
      other_error = true;
    }
  }
  if (best == PrinterProblem::kNone && other_error) return PrinterProblem::kOther;
  return best;
}

PrintOutcome ClassifyPrint(const CupsObservation& seen) {
  if (!seen.job_created) return ClassifyWithoutJob(seen);

  PrinterProblem problem = ProblemFromReasons(seen.printer_reasons);
  std::string reasons = ReasonsText(seen.printer_reasons);
  switch (seen.job_state) {
    case IPP_JSTATE_COMPLETED:
      // CUPS says "completed" once the driver took the data; a printer that reports a fault
      // right after may not have put it on paper (see docs/printing.md).
      if (problem != PrinterProblem::kNone && problem != PrinterProblem::kDisabled) {
        return Outcome(PrintState::kPrinterProblem, problem, reasons);
      }
      return Outcome(PrintState::kPrinted, PrinterProblem::kNone, "completed");
    case IPP_JSTATE_ABORTED:
    case IPP_JSTATE_CANCELED:
      return Outcome(PrintState::kPrinterProblem,
                     problem == PrinterProblem::kNone ? PrinterProblem::kJobFailed : problem,
                     reasons);
    case IPP_JSTATE_STOPPED:
      return Outcome(PrintState::kPrinterProblem,
                     problem == PrinterProblem::kNone ? PrinterProblem::kDisabled : problem,
                     reasons);
    case IPP_JSTATE_PENDING:
    case IPP_JSTATE_HELD:
    case IPP_JSTATE_PROCESSING:
      break;
  }

  // Not finished yet.
  if (!seen.deadline_passed) {
    return Outcome(PrintState::kStillPrinting, problem, reasons);
  }
  if (seen.request_status == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE) {
    return Outcome(PrintState::kPrinterProblem, PrinterProblem::kServiceDown,
                   "CUPS stopped answering during the job");
  }
  if (seen.printer_state == IPP_PSTATE_STOPPED || problem != PrinterProblem::kNone) {
    return Outcome(PrintState::kPrinterProblem,
                   problem == PrinterProblem::kNone ? PrinterProblem::kDisabled : problem, reasons);
  }
  return Outcome(PrintState::kTimedOut, PrinterProblem::kNone,
                 seen.job_state == IPP_JSTATE_HELD ? "job held" : "job not finished");
}

Status StatusFromOutcome(const PrintOutcome& outcome) {
  std::string message = fmt::format("{} ({}): {}", PrintStateName(outcome.state),
                                    PrinterProblemName(outcome.problem), outcome.detail);
  switch (outcome.state) {
    case PrintState::kPrinted:
      return OkStatus();
    case PrintState::kStillPrinting:
    case PrintState::kTimedOut:
      return DeadlineExceededError(message);
    case PrintState::kCancelled:
      return CancelledError(message);
    case PrintState::kPrinterProblem:
      break;
  }
  switch (outcome.problem) {
    case PrinterProblem::kServiceDown:
      return UnavailableError(message);
    case PrinterProblem::kNotFound:
      return NotFoundError(message);
    default:
      // Paper, jam, door, disabled queue: a person has to act on the printer.
      return FailedPreconditionError(message);
  }
}

}  // namespace kiosk::printer
