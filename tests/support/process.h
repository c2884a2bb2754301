// Running the project's programs from tests, and starting private service instances (pcscd,
// cupsd, guichet-central, the card emulator) that the test stops itself, by process id.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace kiosk::testing {

struct CommandResult {
  int exit_code = -1;  // 128 + signal when killed by a signal
  std::string out;
  std::string err;
};

// Runs `argv` to completion, capturing stdout and stderr. `env` entries are added to the
// environment. `stdin_data` is written to its standard input.
CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::map<std::string, std::string>& env = {},
                         const std::string& stdin_data = "");

// Environment for running a program that opens SDL (kiosk) from a test. Under the asan
// preset, SDL_Init loads system libraries (D-Bus, udev) with dlopen and unloads them at
// SDL_Quit leaving allocations LeakSanitizer can neither attribute nor suppress by name, so
// leak detection is turned off for that child only. Our own code is leak-checked in-process
// by the gtest binaries and by the session memory benchmark.
std::map<std::string, std::string> SdlChildEnv();

// Path of one of the project's binaries in the build folder's bin/.
std::string BinaryPath(const std::string& name);

// A background process owned by the test. The destructor sends SIGTERM, waits up to five
// seconds, then SIGKILL: a test never leaves a process behind.
class ChildProcess {
 public:
  ChildProcess() = default;
  // Starts `argv`; stdout and stderr go to `log_path` (or /dev/null when empty).
  ChildProcess(const std::vector<std::string>& argv, const std::string& log_path,
               const std::map<std::string, std::string>& env = {});
  ~ChildProcess();
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  // Sends `signal` and, for SIGTERM/SIGKILL, waits for the exit; returns the exit code.
  int Stop(int signal, std::chrono::milliseconds grace = std::chrono::seconds(5));

 private:
  pid_t pid_ = -1;
  int exit_code_ = -1;
};

// Polls `ready` every 20 ms until it returns true or `timeout` passes.
bool WaitUntil(const std::function<bool()>& ready,
               std::chrono::milliseconds timeout = std::chrono::seconds(10));

// True when something accepts TCP connections on 127.0.0.1:`port`.
bool TcpPortOpen(int port);

// A TCP port on 127.0.0.1 that was free when asked.
int FreeTcpPort();

}  // namespace kiosk::testing
