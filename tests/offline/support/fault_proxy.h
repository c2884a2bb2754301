// A fault-injecting TCP proxy between the kiosk and the centre. TLS stays end to end (the
// proxy only moves bytes), so it injects connection faults, not HTTP answers: a reset in the
// middle of the request body, a reset after the centre has answered (so after it stored the
// submission) but before the answer reaches the kiosk, a stall longer than the kiosk's
// timeout, or "offline" (every connection reset at once).
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace kiosk::testing {

class FaultProxy {
 public:
  enum class Fault {
    kNone,
    kResetMidRequest,    // reset once the kiosk has sent `threshold` bytes
    kResetBeforeAnswer,  // after `threshold` kiosk bytes, hold what the centre sends, then
                         // reset both sides once `stored` says the centre has the submission
    kStall,              // after `threshold` kiosk bytes, forward nothing more either way
  };

  // Listens on 127.0.0.1 (a free port) and forwards to 127.0.0.1:`upstream_port`.
  explicit FaultProxy(int upstream_port);
  ~FaultProxy();  // closes everything and joins its threads
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  int port() const { return port_; }

  // Applies `fault` to the next accepted connection only. `stored` (kResetBeforeAnswer only)
  // is polled from the relay thread; without it the reset comes with the centre's first bytes
  // after the threshold, which under TLS 1.3 may be a session ticket rather than the answer.
  void InjectOnce(Fault fault, size_t threshold, std::function<bool()> stored = {});
  // While offline, every connection is reset as soon as it is accepted.
  void SetOffline(bool offline) { offline_ = offline; }
  int connections() const { return connections_; }
  int faults_applied() const { return faults_applied_; }

 private:
  void AcceptLoop();
  void Relay(int client, int upstream, Fault fault, size_t threshold,
             const std::function<bool()>& stored);

  int upstream_port_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> offline_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> faults_applied_{0};
  std::mutex mutex_;
  Fault next_fault_ = Fault::kNone;
  size_t next_threshold_ = 0;
  std::function<bool()> next_stored_;
  std::thread acceptor_;
  std::vector<std::thread> relays_;
};

}  // namespace kiosk::testing
