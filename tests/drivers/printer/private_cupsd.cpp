#include "tests/drivers/printer/private_cupsd.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

namespace kiosk::testing {
namespace {

constexpr const char* kCupsPdfBackend = "/usr/lib/cups/backend/cups-pdf";
constexpr const char* kCupsPdfPpd = "/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd";

bool Executable(const char* path) { return access(path, X_OK) == 0; }

}  // namespace

std::string PrivateCupsd::MissingRequirement() {
  if (geteuid() != 0) return "needs root (a mount namespace for cups-pdf's /etc/cups)";
  for (const char* tool : {"/usr/sbin/cupsd", "/usr/sbin/lpadmin", "/usr/bin/unshare"}) {
    if (!Executable(tool)) return std::string(tool) + " is missing (scripts/install-deps.sh)";
  }
  if (!std::filesystem::exists(kCupsPdfBackend) || !std::filesystem::exists(kCupsPdfPpd)) {
    return "printer-driver-cups-pdf is missing (scripts/install-deps.sh)";
  }
  return "";
}

PrivateCupsd::PrivateCupsd() {
  // cupsd runs its filters as the lp user, which must reach the spool and temp folders.
  chmod(dir_.path().c_str(), 0755);
}

PrivateCupsd::~PrivateCupsd() { Stop(); }

std::string PrivateCupsd::server() const { return "127.0.0.1:" + std::to_string(port_); }

bool PrivateCupsd::Start() {
  port_ = FreeTcpPort();
  const std::string root = dir_.Join("root");
  for (const char* sub :
       {"root", "spool", "cache", "state", "tmp", "log", "out", "etc", "cups-pdf-spool"}) {
    std::filesystem::create_directories(dir_.Join(sub));
  }
  chmod(dir_.Join("tmp").c_str(), 01777);
  chmod(dir_.Join("out").c_str(), 0777);

  dir_.WriteFile("root/cupsd.conf",
                 "Listen 127.0.0.1:" + std::to_string(port_) +
                     "\n"
                     "LogLevel info\n"
                     "WebInterface No\n"
                     "Browsing No\n"
                     "DefaultAuthType None\n"
                     "PreserveJobHistory Yes\n"
                     "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
                     "<Location /admin>\n  Order allow,deny\n  Allow all\n</Location>\n"
                     "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n"
                     "</Policy>\n");
  const std::string d = dir_.path().string();
  dir_.WriteFile("root/cups-files.conf",
                 "ServerRoot " + root + "\nRequestRoot " + d + "/spool\nCacheDir " + d +
                     "/cache\nStateDir " + d + "/state\nTempDir " + d + "/tmp\nAccessLog " + d +
                     "/log/access_log\nErrorLog " + d + "/log/error_log\nPageLog " + d +
                     "/log/page_log\nPrintcap " + d +
                     "/state/printcap\nUser lp\nGroup lp\nSystemGroup root\n");
  // cups-pdf.conf as seen through the bind mount on /etc/cups.
  dir_.WriteFile("etc/cups-pdf.conf", "Out " + d + "/out\nAnonDirName " + d + "/out\nSpool " + d +
                                          "/cups-pdf-spool\nLog " + d +
                                          "/log\nLogType 1\nGrp root\nUserUMask 0000\nLabel 0\n");

  const std::string script = "mount --bind " + d + "/etc /etc/cups && exec /usr/sbin/cupsd -f -c " +
                             root + "/cupsd.conf -s " + root + "/cups-files.conf";
  cupsd_ =
      std::make_unique<ChildProcess>(std::vector<std::string>{"unshare", "--mount", "--propagation",
                                                              "private", "sh", "-c", script},
                                     dir_.Join("log/cupsd.out"));
  if (!WaitUntil([&] { return TcpPortOpen(port_); }, std::chrono::seconds(10))) {
    error_ = "cupsd did not start: " + ReadFile(dir_.Join("log/cupsd.out")) +
             ReadFile(dir_.Join("log/error_log"));
    Stop();
    return false;
  }
  return true;
}

void PrivateCupsd::Stop() {
  if (cupsd_) {
    cupsd_->Stop(SIGTERM);
    cupsd_.reset();
  }
}

CommandResult PrivateCupsd::Admin(std::vector<std::string> argv) const {
  argv.insert(argv.begin() + 1, {"-h", server()});
  return RunCommand(argv);
}

bool PrivateCupsd::AddPdfPrinter(const std::string& name, const std::vector<std::string>& extra) {
  std::vector<std::string> argv = {"lpadmin", "-p",
                                   name,      "-E",
                                   "-v",      "cups-pdf:/",
                                   "-P",      kCupsPdfPpd,
                                   "-o",      "printer-error-policy=abort-job",
                                   "-o",      "pdftops-renderer-default=pdftops"};
  for (const auto& option : extra) {
    argv.push_back("-o");
    argv.push_back(option);
  }
  CommandResult r = Admin(argv);
  if (r.exit_code != 0) {
    error_ = "lpadmin failed: " + r.err;
    return false;
  }
  return true;
}

std::string PrivateCupsd::Logs() const {
  std::string out = ReadFile(dir_.Join("log/error_log"));
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir_.Join("log"), ec)) {
    if (entry.path().filename().string().rfind("cups-pdf", 0) == 0) {
      out += ReadFile(entry.path().string());
    }
  }
  return out;
}

std::string PrivateCupsd::WaitForNewPdf(std::chrono::milliseconds timeout) {
  std::string found;
  WaitUntil(
      [&] {
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(out_dir(), ec)) {
          if (entry.path().extension() != ".pdf") continue;
          // cups-pdf writes the file and then sets its mode; a finished PDF ends with %%EOF.
          if (ReadFile(entry.path().string()).find("%%EOF") == std::string::npos) continue;
          // cups-pdf names files after the job title, so the next receipt would overwrite
          // this one: move it aside.
          std::filesystem::create_directories(dir_.Join("received"));
          found = dir_.Join("received/" + std::to_string(++received_) + ".pdf");
          std::filesystem::rename(entry.path(), found, ec);
          return !ec;
        }
        return false;
      },
      timeout);
  return found;
}

}  // namespace kiosk::testing
