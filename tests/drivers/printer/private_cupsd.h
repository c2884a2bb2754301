// A private cupsd with a cups-pdf printer, for the print tests and benchmark.
//
// Nothing of the system CUPS is used or changed: the instance has its own cupsd.conf and
// cups-files.conf (ServerRoot, RequestRoot, CacheDir, StateDir, TempDir, logs under a
// TempDir), listens on 127.0.0.1:<free port> only, and is stopped by its process id.
//
// Debian's cups-pdf backend reads its configuration only from /etc/cups (cups-pdf-<queue>.conf
// or cups-pdf.conf, the folder is compiled in), and that configuration says where PDFs go.
// Rather than writing into /etc/cups, cupsd runs in its own mount namespace
// (`unshare --mount --propagation private`) where a private folder holding our
// cups-pdf.conf is bind-mounted over /etc/cups; the mount vanishes with the process. This
// needs root, as the tests' container has; elsewhere the tests skip with a message.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace kiosk::testing {

class PrivateCupsd {
 public:
  // Why this machine cannot run the private instance, or "" when it can.
  static std::string MissingRequirement();

  PrivateCupsd();
  ~PrivateCupsd();  // stops cupsd (by pid) and removes every file

  // Writes the configuration and starts cupsd; false (with `error()`) when it does not come up
  // within 10 s.
  bool Start();
  // Stops cupsd now (SIGTERM, then SIGKILL), as a crash or an administrator would.
  void Stop();

  // Adds a cups-pdf printer, enabled and accepting, with printer-error-policy=abort-job and
  // poppler's pdftops renderer (Ghostscript's default turns text into outlines, which would
  // leave nothing for pdftotext to check). `extra` are more `-o name=value` options.
  bool AddPdfPrinter(const std::string& name, const std::vector<std::string>& extra = {});
  // Runs a CUPS admin command (lpadmin, cupsdisable, cupsenable...) against this instance.
  CommandResult Admin(std::vector<std::string> argv) const;

  std::string server() const;  // "127.0.0.1:<port>"
  int port() const { return port_; }
  std::string out_dir() const { return dir_.Join("out"); }
  const std::string& error() const { return error_; }
  // cupsd's error_log and cups-pdf's log, to show when a test fails.
  std::string Logs() const;

  // Waits until cups-pdf has written a PDF, moves it out of cups-pdf's folder (so the next one
  // is new too) and returns its new path, or "" after `timeout`.
  std::string WaitForNewPdf(std::chrono::milliseconds timeout = std::chrono::seconds(20));

 private:
  TempDir dir_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> cupsd_;
  int received_ = 0;
  std::string error_;
};

}  // namespace kiosk::testing
