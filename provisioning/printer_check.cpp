#include "provisioning/printer_check.h"

#include <cups/cups.h>

#include <cstring>
#include <thread>

#include <fmt/format.h>

namespace kiosk::provisioning {
namespace {

class CupsPrinterProbe : public PrinterProbe {
 public:
  explicit CupsPrinterProbe(std::chrono::seconds job_timeout) : job_timeout_(job_timeout) {}

  StatusOr<PrinterState> State(const std::string& destination) override {
    // cupsGetNamedDest says "does not exist" when the scheduler is down: ask it first.
    http_t* http = httpConnect2(cupsServer(), ippPort(), nullptr, AF_UNSPEC, cupsEncryption(), 1,
                                5000, nullptr);
    if (http == nullptr) {
      return UnavailableError(
          fmt::format("the CUPS scheduler at {} is not reachable", cupsServer()));
    }
    httpClose(http);
    cups_dest_t* dest = cupsGetNamedDest(CUPS_HTTP_DEFAULT, destination.c_str(), nullptr);
    if (dest == nullptr) {
      ipp_status_t error = cupsLastError();
      if (error == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE || error == IPP_STATUS_ERROR_INTERNAL) {
        return UnavailableError(fmt::format("CUPS is not reachable ({})", cupsLastErrorString()));
      }
      return NotFoundError(fmt::format("no CUPS destination named '{}'", destination));
    }
    PrinterState state;
    const char* printer_state = cupsGetOption("printer-state", dest->num_options, dest->options);
    state.enabled = printer_state == nullptr || std::strcmp(printer_state, "5") != 0;
    const char* accepting =
        cupsGetOption("printer-is-accepting-jobs", dest->num_options, dest->options);
    state.accepting_jobs = accepting == nullptr || std::strcmp(accepting, "true") == 0;
    if (const char* reasons =
            cupsGetOption("printer-state-reasons", dest->num_options, dest->options)) {
      std::string all(reasons);
      size_t start = 0;
      while (start <= all.size()) {
        size_t comma = all.find(',', start);
        std::string reason =
            all.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!reason.empty() && reason != "none") state.reasons.push_back(reason);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    }
    cupsFreeDests(1, dest);
    return state;
  }

  Status PrintTestPage(const std::string& destination) override {
    int job = cupsCreateJob(CUPS_HTTP_DEFAULT, destination.c_str(), "kiosk self-test", 0, nullptr);
    if (job == 0) {
      return UnavailableError(fmt::format("the job was refused ({})", cupsLastErrorString()));
    }
    static constexpr char kPage[] =
        "Guichet - page de test / test page\n\nSi vous lisez ceci, l'imprimante fonctionne.\n"
        "If you can read this, the printer works.\n";
    if (cupsStartDocument(CUPS_HTTP_DEFAULT, destination.c_str(), job, "selftest.txt",
                          CUPS_FORMAT_TEXT, 1) != HTTP_STATUS_CONTINUE ||
        cupsWriteRequestData(CUPS_HTTP_DEFAULT, kPage, sizeof kPage - 1) != HTTP_STATUS_CONTINUE ||
        cupsFinishDocument(CUPS_HTTP_DEFAULT, destination.c_str()) != IPP_STATUS_OK) {
      return UnavailableError(
          fmt::format("sending the test page failed ({})", cupsLastErrorString()));
    }
    // CUPS may call a job completed before paper moves; it is still the best signal we have.
    auto deadline = std::chrono::steady_clock::now() + job_timeout_;
    while (std::chrono::steady_clock::now() < deadline) {
      cups_job_t* jobs = nullptr;
      int count = cupsGetJobs(&jobs, destination.c_str(), 0, CUPS_WHICHJOBS_ALL);
      ipp_jstate_t job_state = IPP_JSTATE_PENDING;
      for (int i = 0; i < count; ++i) {
        if (jobs[i].id == job) job_state = jobs[i].state;
      }
      cupsFreeJobs(count, jobs);
      if (job_state == IPP_JSTATE_COMPLETED) return OkStatus();
      if (job_state == IPP_JSTATE_ABORTED || job_state == IPP_JSTATE_CANCELED ||
          job_state == IPP_JSTATE_STOPPED) {
        return FailedPreconditionError(fmt::format("test job {} did not print", job));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    cupsCancelJob(destination.c_str(), job);
    return DeadlineExceededError(
        fmt::format("test job {} not finished after {} s", job, job_timeout_.count()));
  }

 private:
  std::chrono::seconds job_timeout_;
};

}  // namespace

std::unique_ptr<PrinterProbe> MakeCupsPrinterProbe(std::chrono::seconds job_timeout) {
  return std::make_unique<CupsPrinterProbe>(job_timeout);
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
