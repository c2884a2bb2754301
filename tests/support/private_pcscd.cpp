#include "tests/support/private_pcscd.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <PCSC/winscard.h>
#include <fmt/format.h>

namespace kiosk::testing {
namespace {

constexpr char kRunDir[] = "/run/pcscd";
constexpr char kVpcdDriver[] = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so";
constexpr char kFriendlyName[] = "Kiosk Test PCD";

bool g_in_namespace = false;

bool PortFree(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  bool free = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return free;
}

// Two consecutive free ports (vpcd opens one per slot); vpcd binds every interface.
int FreePortPair() {
  for (int attempt = 0; attempt < 50; ++attempt) {
    int port = FreeTcpPort();
    if (port > 0 && port < 65535 && PortFree(port) && PortFree(port + 1)) return port;
  }
  return 0;
}

}  // namespace

bool EnterPrivatePcscdNamespace(std::string* error) {
  if (unshare(CLONE_NEWNS) != 0) {
    *error =
        fmt::format("unshare(CLONE_NEWNS): {} (the card tests need root)", std::strerror(errno));
    return false;
  }
  // Like `unshare --mount --propagation private`: nothing mounted here leaks out.
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
    *error = fmt::format("making / private: {}", std::strerror(errno));
    return false;
  }
  // pcscd's package creates /run/pcscd; on a machine without it, an empty folder is all the
  // outside world ever sees of this.
  mkdir(kRunDir, 0755);
  if (mount("tmpfs", kRunDir, "tmpfs", 0, "mode=0755,size=1m") != 0) {
    *error = fmt::format("tmpfs on {}: {}", kRunDir, std::strerror(errno));
    return false;
  }
  g_in_namespace = true;
  return true;
}

bool InPrivatePcscdNamespace() { return g_in_namespace; }

std::unique_ptr<PrivatePcscd> PrivatePcscd::Start(const TempDir& dir, std::string* error,
                                                  bool with_vpcd) {
  if (!g_in_namespace) {
    *error = "not in a private pcscd namespace";
    return nullptr;
  }
  std::unique_ptr<PrivatePcscd> pcscd(new PrivatePcscd());
  pcscd->port_ = FreePortPair();
  if (pcscd->port_ == 0) {
    *error = "no free pair of TCP ports";
    return nullptr;
  }
  pcscd->with_vpcd_ = with_vpcd;
  pcscd->config_path_ = dir.WriteFile(
      "reader.conf", !with_vpcd
                         ? std::string("# no reader\n")
                         : fmt::format("FRIENDLYNAME \"{}\"\nDEVICENAME /dev/null:0x{:04X}\n"
                                       "LIBPATH {}\nCHANNELID 0x{:04X}\n",
                                       kFriendlyName, pcscd->port_, kVpcdDriver, pcscd->port_));
  pcscd->log_path_ = dir.Join("pcscd.log");
  pcscd->emulator_log_path_ = dir.Join("card-emulator.log");
  if (!pcscd->Launch(error)) return nullptr;
  return pcscd;
}

PrivatePcscd::~PrivatePcscd() { Kill(); }

std::string PrivatePcscd::reader_name(int slot) const {
  return fmt::format("{} 00 {:02d}", kFriendlyName, slot);
}

bool PrivatePcscd::Launch(std::string* error) {
  // A daemon killed with SIGKILL leaves its socket and pid file; the tmpfs is ours to clean.
  std::error_code ignored;
  for (const auto& entry : std::filesystem::directory_iterator(kRunDir, ignored)) {
    std::filesystem::remove_all(entry.path(), ignored);
  }
  daemon_ = ChildProcess({"pcscd", "--foreground", "--config", config_path_}, log_path_);
  bool ready = WaitUntil(
      [&] {
        if (!daemon_.running()) return true;
        if (!with_vpcd_) return Answers();
        return ListReaders().size() >= 2;
      },
      std::chrono::seconds(10));
  if (!ready || !daemon_.running()) {
    *error = "pcscd did not start; see " + log_path_ + ":\n" + ReadFile(log_path_);
    daemon_.Stop(SIGKILL);
    return false;
  }
  return true;
}

void PrivatePcscd::Kill() {
  if (daemon_.pid() > 0) daemon_.Stop(SIGKILL);
}

bool PrivatePcscd::Restart(std::string* error) {
  Kill();
  return Launch(error);
}

ChildProcess PrivatePcscd::StartEmulator(const std::vector<std::string>& args, int slot) const {
  std::vector<std::string> argv = {BinaryPath("card-emulator"), "--port",
                                   std::to_string(vpcd_port(slot))};
  argv.insert(argv.end(), args.begin(), args.end());
  return ChildProcess(argv, emulator_log_path_);
}

bool PrivatePcscd::Answers() {
  SCARDCONTEXT context = 0;
  if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context) != SCARD_S_SUCCESS) {
    return false;
  }
  SCardReleaseContext(context);
  return true;
}

std::vector<std::string> PrivatePcscd::ListReaders() {
  std::vector<std::string> names;
  SCARDCONTEXT context = 0;
  if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context) != SCARD_S_SUCCESS) {
    return names;
  }
  DWORD size = 0;
  if (SCardListReaders(context, nullptr, nullptr, &size) == SCARD_S_SUCCESS && size > 0) {
    std::string buffer(size, '\0');
    if (SCardListReaders(context, nullptr, buffer.data(), &size) == SCARD_S_SUCCESS) {
      for (size_t at = 0; at < buffer.size() && buffer[at] != '\0';) {
        size_t end = buffer.find('\0', at);
        names.emplace_back(buffer, at, end - at);
        at = end + 1;
      }
    }
  }
  SCardReleaseContext(context);
  return names;
}

}  // namespace kiosk::testing
