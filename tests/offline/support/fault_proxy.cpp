#include "tests/offline/support/fault_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <utility>

namespace kiosk::testing {
namespace {

// Closing with SO_LINGER 0 sends a TCP RST instead of a FIN: the peer sees a reset.
void Reset(int fd) {
  linger option{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, sizeof(option));
  close(fd);
}

bool SendAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

FaultProxy::FaultProxy(int upstream_port) : upstream_port_(upstream_port) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      listen(listen_fd_, 64) != 0) {
    throw std::runtime_error("fault proxy: cannot listen");
  }
  socklen_t size = sizeof(address);
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &size);
  port_ = ntohs(address.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

FaultProxy::~FaultProxy() {
  stopping_ = true;
  shutdown(listen_fd_, SHUT_RDWR);
  if (acceptor_.joinable()) acceptor_.join();
  close(listen_fd_);
  for (auto& relay : relays_) relay.join();
}

void FaultProxy::InjectOnce(Fault fault, size_t threshold, std::function<bool()> stored) {
  std::lock_guard lock(mutex_);
  next_fault_ = fault;
  next_threshold_ = threshold;
  next_stored_ = std::move(stored);
}

void FaultProxy::AcceptLoop() {
  while (!stopping_) {
    pollfd waiting{listen_fd_, POLLIN, 0};
    if (poll(&waiting, 1, 100) <= 0) continue;
    int client = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    ++connections_;
    if (offline_) {
      Reset(client);
      continue;
    }
    int upstream = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(upstream_port_));
    if (connect(upstream, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
      Reset(client);
      close(upstream);
      continue;
    }
    int one = 1;
    setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    setsockopt(upstream, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    Fault fault;
    size_t threshold;
    std::function<bool()> stored;
    {
      std::lock_guard lock(mutex_);
      fault = std::exchange(next_fault_, Fault::kNone);
      threshold = next_threshold_;
      stored = std::exchange(next_stored_, nullptr);
    }
    relays_.emplace_back([this, client, upstream, fault, threshold, stored = std::move(stored)] {
      Relay(client, upstream, fault, threshold, stored);
    });
  }
}

void FaultProxy::Relay(int client, int upstream, Fault fault, size_t threshold,
                       const std::function<bool()>& stored) {
  size_t from_client = 0;
  bool tripped = false;  // the fault's threshold has been crossed
  bool holding = fault == Fault::kResetBeforeAnswer && stored != nullptr;
  char buffer[16384];
  while (!stopping_) {
    if (holding && tripped && stored()) {
      // The centre has stored the submission; whatever it answered stays here.
      ++faults_applied_;
      Reset(client);
      Reset(upstream);
      return;
    }
    pollfd fds[2] = {{client, POLLIN, 0}, {upstream, POLLIN, 0}};
    int ready = poll(fds, 2, holding && tripped ? 10 : 100);
    if (ready < 0) break;
    if (ready == 0) continue;

    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t n = recv(client, buffer, sizeof(buffer), 0);
      if (n <= 0) break;
      size_t forward = static_cast<size_t>(n);
      if (fault == Fault::kResetMidRequest && from_client + forward >= threshold) {
        // Forward up to the threshold, then cut both sides: the centre gets half a body.
        SendAll(upstream, buffer, threshold > from_client ? threshold - from_client : 0);
        ++faults_applied_;
        Reset(client);
        Reset(upstream);
        return;
      }
      if (!(fault == Fault::kStall && tripped)) {
        if (!SendAll(upstream, buffer, forward)) break;
      }
      from_client += forward;
      if (from_client >= threshold) tripped = true;
    }
    if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t n = recv(upstream, buffer, sizeof(buffer), 0);
      if (n <= 0) break;
      if (holding && tripped) continue;  // held until `stored` holds
      if (fault == Fault::kResetBeforeAnswer && tripped) {
        // The centre has answered, so it has stored the submission: the kiosk never hears.
        ++faults_applied_;
        Reset(client);
        Reset(upstream);
        return;
      }
      if (fault == Fault::kStall && tripped) continue;  // swallowed: the kiosk waits
      if (!SendAll(client, buffer, static_cast<size_t>(n))) break;
    }
  }
  if (fault == Fault::kStall && tripped) ++faults_applied_;
  close(client);
  close(upstream);
}

}  // namespace kiosk::testing
