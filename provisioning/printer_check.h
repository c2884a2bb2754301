// The receipt printer: the CUPS destination exists, is enabled and accepts jobs, and
// optionally prints a test page. Reports "printer" and, when asked, "test_print".
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "provisioning/self_test.h"

namespace kiosk::provisioning {

struct PrinterState {
  bool enabled = false;              // printer-state is not "stopped"
  bool accepting_jobs = false;       // printer-is-accepting-jobs
  std::vector<std::string> reasons;  // printer-state-reasons other than "none"
};

class PrinterProbe {
 public:
  virtual ~PrinterProbe() = default;
  // kNotFound when the destination does not exist, kUnavailable when CUPS is not reachable.
  virtual StatusOr<PrinterState> State(const std::string& destination) = 0;
  // Prints a small test page and waits (bounded) until CUPS reports it completed.
  virtual Status PrintTestPage(const std::string& destination) = 0;
};

// The real probe: drivers/printer's CUPS client. `server` "" = libcups' default
// (CUPS_SERVER, client.conf, the local socket), else "host:port" or a socket path. The test
// page is the receipt layout's test receipt on `paper` ("roll80" or "a4").
std::unique_ptr<PrinterProbe> MakeCupsPrinterProbe(const std::string& server,
                                                   const std::string& paper,
                                                   std::chrono::seconds job_timeout);

class PrinterCheck : public Check {
 public:
  PrinterCheck(std::unique_ptr<PrinterProbe> probe, std::string destination, bool test_print);
  std::vector<CheckResult> Run() override;

 private:
  std::unique_ptr<PrinterProbe> probe_;
  std::string destination_;
  bool test_print_;
};

}  // namespace kiosk::provisioning
