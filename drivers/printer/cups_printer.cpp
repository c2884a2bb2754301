#include "drivers/printer/cups_printer.h"

#include <cups/cups.h>

#include <memory>
#include <thread>

#include <fmt/format.h>

#include "base/log.h"

namespace kiosk::printer {
namespace {

using Steady = std::chrono::steady_clock;

struct HttpCloser {
  void operator()(http_t* http) const { httpClose(http); }
};
struct IppDeleter {
  void operator()(ipp_t* ipp) const { ippDelete(ipp); }
};
using HttpPtr = std::unique_ptr<http_t, HttpCloser>;
using IppPtr = std::unique_ptr<ipp_t, IppDeleter>;

struct Endpoint {
  std::string host;
  int port = 631;
};

Endpoint EndpointFor(const std::string& server) {
  Endpoint e;
  if (server.empty()) {
    // libcups reads CUPS_SERVER and client.conf itself.
    e.host = cupsServer();
    e.port = ippPort();
    return e;
  }
  if (server.front() == '/') {
    e.host = server;
    return e;
  }
  auto colon = server.rfind(':');
  if (colon != std::string::npos && server.find(']', colon) == std::string::npos) {
    e.host = server.substr(0, colon);
    e.port = std::atoi(server.c_str() + colon + 1);
  } else {
    e.host = server;
  }
  return e;
}

// Opens a connection bounded by the request timeout; nullptr when CUPS does not answer.
HttpPtr Connect(const CupsOptions& options) {
  Endpoint e = EndpointFor(options.server);
  int msec = static_cast<int>(options.request_timeout.count());
  HttpPtr http(httpConnect2(e.host.c_str(), e.port, nullptr, AF_UNSPEC,
                            HTTP_ENCRYPTION_IF_REQUESTED, 1, msec, nullptr));
  if (http) {
    // Without a callback, a request that waits longer than this fails instead of retrying
    // forever: a hung cupsd must not hang the print worker.
    httpSetTimeout(http.get(), static_cast<double>(msec) / 1000.0, nullptr, nullptr);
  }
  return http;
}

std::string PrinterUri(const std::string& destination) {
  char uri[1024];
  httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", nullptr, "localhost", 0,
                   "/printers/%s", destination.c_str());
  return uri;
}

struct PrinterQuery {
  ipp_status_t status = IPP_STATUS_OK;
  PrinterStatus printer;
};

PrinterQuery QueryPrinter(http_t* http, const std::string& destination) {
  PrinterQuery q;
  static const char* const kAttributes[] = {"printer-state", "printer-state-reasons",
                                            "printer-state-message", "printer-is-accepting-jobs"};
  ipp_t* request = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES);
  std::string uri = PrinterUri(destination);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri.c_str());
  ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 4, nullptr,
                kAttributes);
  IppPtr response(cupsDoRequest(http, request, "/"));
  q.status = cupsLastError();
  if (!response || q.status > IPP_STATUS_OK_EVENTS_COMPLETE) {
    if (q.status <= IPP_STATUS_OK_EVENTS_COMPLETE) q.status = IPP_STATUS_ERROR_SERVICE_UNAVAILABLE;
    return q;
  }
  if (ipp_attribute_t* a = ippFindAttribute(response.get(), "printer-state", IPP_TAG_ENUM)) {
    q.printer.state = static_cast<ipp_pstate_t>(ippGetInteger(a, 0));
  }
  if (ipp_attribute_t* a =
          ippFindAttribute(response.get(), "printer-is-accepting-jobs", IPP_TAG_BOOLEAN)) {
    q.printer.accepting = ippGetBoolean(a, 0) != 0;
  }
  if (ipp_attribute_t* a =
          ippFindAttribute(response.get(), "printer-state-reasons", IPP_TAG_KEYWORD)) {
    for (int i = 0; i < ippGetCount(a); ++i) {
      const char* reason = ippGetString(a, i, nullptr);
      if (reason && std::string_view(reason) != "none") q.printer.reasons.emplace_back(reason);
    }
  }
  if (ipp_attribute_t* a =
          ippFindAttribute(response.get(), "printer-state-message", IPP_TAG_TEXT)) {
    if (const char* m = ippGetString(a, 0, nullptr)) q.printer.message = m;
  }
  q.printer.problem = ProblemFromReasons(q.printer.reasons);
  if (q.printer.problem == PrinterProblem::kNone && q.printer.state == IPP_PSTATE_STOPPED) {
    q.printer.problem = PrinterProblem::kDisabled;
  }
  return q;
}

struct JobQuery {
  ipp_status_t status = IPP_STATUS_OK;
  ipp_jstate_t state = IPP_JSTATE_PENDING;
};

JobQuery QueryJob(http_t* http, int job_id) {
  JobQuery q;
  static const char* const kAttributes[] = {"job-state", "job-state-reasons"};
  ipp_t* request = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES);
  char uri[256];
  httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", nullptr, "localhost", 0, "/jobs/%d",
                   job_id);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "job-uri", nullptr, uri);
  ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 2, nullptr,
                kAttributes);
  IppPtr response(cupsDoRequest(http, request, "/"));
  q.status = cupsLastError();
  if (!response || q.status > IPP_STATUS_OK_EVENTS_COMPLETE) {
    if (q.status <= IPP_STATUS_OK_EVENTS_COMPLETE) q.status = IPP_STATUS_ERROR_SERVICE_UNAVAILABLE;
    return q;
  }
  if (ipp_attribute_t* a = ippFindAttribute(response.get(), "job-state", IPP_TAG_ENUM)) {
    q.state = static_cast<ipp_jstate_t>(ippGetInteger(a, 0));
  }
  return q;
}

bool Terminal(ipp_jstate_t state) { return state >= IPP_JSTATE_STOPPED; }

// Creates the job (Create-Job) and streams the PDF into it (Send-Document). Returns the job
// id, or 0 with `*status` set. Plain IPP requests on our own connection: cupsCreateJob()
// looks the destination up again through the default server, which a private or remote
// server configured here would not be.
int CreateAndSend(http_t* http, const std::string& destination, const std::string& pdf,
                  const std::string& title, ipp_status_t* status) {
  const std::string uri = PrinterUri(destination);
  const std::string resource = "/printers/" + destination;

  ipp_t* create = ippNewRequest(IPP_OP_CREATE_JOB);
  ippAddString(create, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri.c_str());
  ippAddString(create, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr,
               cupsUser());
  ippAddString(create, IPP_TAG_OPERATION, IPP_TAG_NAME, "job-name", nullptr, title.c_str());
  IppPtr created(cupsDoRequest(http, create, resource.c_str()));
  *status = cupsLastError();
  ipp_attribute_t* id_attr =
      created ? ippFindAttribute(created.get(), "job-id", IPP_TAG_INTEGER) : nullptr;
  if (*status > IPP_STATUS_OK_EVENTS_COMPLETE || !id_attr) {
    if (*status <= IPP_STATUS_OK_EVENTS_COMPLETE) *status = IPP_STATUS_ERROR_INTERNAL;
    return 0;
  }
  const int job_id = ippGetInteger(id_attr, 0);

  IppPtr send(ippNewRequest(IPP_OP_SEND_DOCUMENT));
  ippAddString(send.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri.c_str());
  ippAddInteger(send.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
  ippAddString(send.get(), IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr,
               cupsUser());
  ippAddString(send.get(), IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", nullptr,
               CUPS_FORMAT_PDF);
  ippAddBoolean(send.get(), IPP_TAG_OPERATION, "last-document", 1);
  http_status_t http_status =
      cupsSendRequest(http, send.get(), resource.c_str(), CUPS_LENGTH_VARIABLE);
  if (http_status == HTTP_STATUS_CONTINUE) {
    http_status = cupsWriteRequestData(http, pdf.data(), pdf.size());
  }
  IppPtr sent(cupsGetResponse(http, resource.c_str()));
  *status = cupsLastError();
  if (http_status != HTTP_STATUS_CONTINUE && *status <= IPP_STATUS_OK_EVENTS_COMPLETE) {
    *status = IPP_STATUS_ERROR_SERVICE_UNAVAILABLE;
  }
  if (*status <= IPP_STATUS_OK_EVENTS_COMPLETE) *status = IPP_STATUS_OK;
  return job_id;
}

}  // namespace

CupsPrinter::CupsPrinter(CupsOptions options) : options_(std::move(options)) {}

StatusOr<PrinterStatus> CupsPrinter::QueryStatus() {
  HttpPtr http = Connect(options_);
  if (!http) return UnavailableError("CUPS does not answer");
  PrinterQuery q = QueryPrinter(http.get(), options_.destination);
  if (q.status == IPP_STATUS_ERROR_NOT_FOUND) {
    return NotFoundError(fmt::format("no CUPS destination \"{}\"", options_.destination));
  }
  if (q.status != IPP_STATUS_OK) {
    return UnavailableError(fmt::format("CUPS: {}", ippErrorString(q.status)));
  }
  return q.printer;
}

StatusOr<int> CupsPrinter::Submit(const std::string& pdf, const std::string& title) {
  HttpPtr http = Connect(options_);
  if (!http) return UnavailableError("CUPS does not answer");
  ipp_status_t status = IPP_STATUS_OK;
  int job_id = CreateAndSend(http.get(), options_.destination, pdf, title, &status);
  if (job_id == 0 || status != IPP_STATUS_OK) {
    CupsObservation seen;
    seen.request_status = status;
    return StatusFromOutcome(ClassifyPrint(seen));
  }
  return job_id;
}

PrintOutcome CupsPrinter::Print(const std::string& pdf, const std::string& title,
                                const std::function<void(const PrintOutcome&)>& progress,
                                const std::atomic<bool>& stop) {
  const Steady::time_point start = Steady::now();
  const Steady::time_point deadline = start + options_.job_timeout;
  auto& log = Log(Subsystem::kPrint);
  CupsObservation seen;

  auto finish = [&](int job_id) {
    PrintOutcome outcome = ClassifyPrint(seen);
    outcome.job_id = job_id;
    log.info("print on {} job {}: {} ({}) {} after {} ms", options_.destination, job_id,
             PrintStateName(outcome.state), PrinterProblemName(outcome.problem), outcome.detail,
             std::chrono::duration_cast<std::chrono::milliseconds>(Steady::now() - start).count());
    return outcome;
  };

  // Before: is the printer there and able to print?
  HttpPtr http = Connect(options_);
  if (!http) {
    seen.request_status = IPP_STATUS_ERROR_SERVICE_UNAVAILABLE;
    return finish(0);
  }
  PrinterQuery before = QueryPrinter(http.get(), options_.destination);
  seen.request_status = before.status;
  seen.printer_state = before.printer.state;
  seen.printer_accepting = before.printer.accepting;
  seen.printer_reasons = before.printer.reasons;
  log.debug("printer {} before: state {} reasons {}", options_.destination,
            static_cast<int>(before.printer.state), fmt::join(before.printer.reasons, ","));
  if (before.status != IPP_STATUS_OK || before.printer.problem != PrinterProblem::kNone ||
      !before.printer.accepting) {
    return finish(0);
  }

  // Send.
  ipp_status_t sent = IPP_STATUS_OK;
  int job_id = CreateAndSend(http.get(), options_.destination, pdf, title, &sent);
  if (job_id == 0) {
    seen.request_status = sent;
    return finish(0);
  }
  seen.job_created = true;
  seen.request_status = IPP_STATUS_OK;
  log.debug("job {} created on {} ({} bytes)", job_id, options_.destination, pdf.size());

  // Follow the job until it ends or time runs out.
  bool progress_sent = false;
  while (true) {
    if (!http) http = Connect(options_);
    if (!http) {
      seen.request_status = IPP_STATUS_ERROR_SERVICE_UNAVAILABLE;
    } else {
      JobQuery job = QueryJob(http.get(), job_id);
      if (job.status == IPP_STATUS_OK) {
        seen.request_status = IPP_STATUS_OK;
        seen.job_state = job.state;
        if (Terminal(job.state)) break;
      } else {
        // CUPS went away mid-job: reconnect on the next round, until the deadline.
        log.warn("job {}: state query failed: {}", job_id, ippErrorString(job.status));
        seen.request_status = job.status;
        http.reset();
      }
    }
    if (stop.load()) {
      PrintOutcome outcome;
      outcome.state = PrintState::kCancelled;
      outcome.job_id = job_id;
      outcome.detail = "print service stopped";
      return outcome;
    }
    Steady::time_point now = Steady::now();
    if (now >= deadline) {
      seen.deadline_passed = true;
      break;
    }
    if (!progress_sent && now - start >= options_.still_printing_after && progress) {
      PrintOutcome still = ClassifyPrint(seen);
      still.job_id = job_id;
      progress(still);
      progress_sent = true;
    }
    std::this_thread::sleep_for(std::min<Steady::duration>(options_.poll_interval, deadline - now));
  }

  // After: the printer's state tells whether a "completed" job is on paper, and why a job
  // stopped.
  if (!http) http = Connect(options_);
  if (http) {
    if (seen.deadline_passed && !Terminal(seen.job_state)) {
      // A receipt that comes out minutes later would go to the next person: cancel it.
      if (cupsCancelJob2(http.get(), options_.destination.c_str(), job_id, 0) >
          IPP_STATUS_OK_EVENTS_COMPLETE) {
        log.warn("job {}: cancel failed: {}", job_id, cupsLastErrorString());
      }
    }
    PrinterQuery after = QueryPrinter(http.get(), options_.destination);
    if (after.status == IPP_STATUS_OK) {
      seen.printer_state = after.printer.state;
      seen.printer_accepting = after.printer.accepting;
      seen.printer_reasons = after.printer.reasons;
    }
  }
  return finish(job_id);
}

}  // namespace kiosk::printer
