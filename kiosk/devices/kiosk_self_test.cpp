#include "kiosk/devices/kiosk_self_test.h"

#include <memory>

#include "base/log.h"
#include "provisioning/centre_check.h"
#include "provisioning/certificate_check.h"
#include "provisioning/disk_check.h"
#include "provisioning/printer_check.h"
#include "provisioning/queue_check.h"
#include "provisioning/reader_check.h"

namespace kiosk::devices {
namespace {

namespace prov = provisioning;

// The queue check's view of the queue the kiosk has open.
class OpenQueueInspector : public prov::QueueInspector {
 public:
  explicit OpenQueueInspector(offline::SubmissionQueue& queue) : queue_(queue) {}

  StatusOr<prov::QueueHealth> Health() override {
    KIOSK_ASSIGN_OR_RETURN(offline::QueueSummary summary, queue_.Summary());
    prov::QueueHealth health;
    health.unsent = summary.unsent();
    health.quarantined = summary.quarantined;
    health.oldest_unsent_confirmed_at = summary.oldest_unsent_confirmed_at;
    health.paused_reason = summary.paused_reason;
    return health;
  }

  // The self-test never exports (only the wipe does, from kioskctl).
  Status Export(const std::string& /*path*/) override {
    return UnsupportedError("export the queue with kioskctl queue export");
  }

 private:
  offline::SubmissionQueue& queue_;
};

}  // namespace

std::vector<session::CheckLine> ToCheckLines(const prov::SelfTestReport& report) {
  std::vector<session::CheckLine> lines;
  lines.reserve(report.results.size());
  for (const prov::CheckResult& result : report.results) {
    session::CheckLine line;
    line.name = result.name;
    line.ok = result.outcome != prov::CheckOutcome::kFail;
    line.detail = result.outcome == prov::CheckOutcome::kSkipped ? "skipped: " + result.detail
                                                                 : result.detail;
    line.hint = result.hint;
    lines.push_back(std::move(line));
  }
  return lines;
}

KioskSelfTest::KioskSelfTest(KioskConfig config, const Clock& clock,
                             offline::SubmissionQueue& queue, SelfTestOptions options)
    : config_(std::move(config)), clock_(clock), queue_(queue), options_(std::move(options)) {}

std::vector<session::CheckLine> KioskSelfTest::Run() {
  prov::SelfTest test;
  test.Add(std::make_unique<prov::ReaderCheck>(prov::MakePcscReaderProbe(),
                                               config_.card.preferred_reader));
  test.Add(std::make_unique<prov::PrinterCheck>(
      prov::MakeCupsPrinterProbe(options_.cups_server, config_.printer.paper,
                                 std::chrono::seconds(config_.printer.job_timeout_s)),
      config_.printer.destination, /*test_print=*/false));
  test.Add(std::make_unique<prov::CertificateCheck>(config_, clock_));
  test.Add(std::make_unique<prov::CentreCheck>(config_, clock_, options_.clock_tolerance));
  test.Add(std::make_unique<prov::DiskCheck>(config_.storage.data_dir, options_.min_free_bytes));
  test.Add(
      std::make_unique<prov::QueueCheck>(std::make_unique<OpenQueueInspector>(queue_), clock_));

  prov::SelfTestReport report = test.Run();
  Log(Subsystem::kProvisioning)
      .info("self-test from the staff screen: {}", report.passed() ? "pass" : "fail");
  return ToCheckLines(report);
}

}  // namespace kiosk::devices
