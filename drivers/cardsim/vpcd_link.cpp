#include "drivers/cardsim/vpcd_link.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "base/log.h"

namespace kiosk::cardsim {
namespace {

constexpr uint8_t kPowerOff = 0x00;
constexpr uint8_t kPowerOn = 0x01;
constexpr uint8_t kReset = 0x02;
constexpr uint8_t kGetAtr = 0x04;

void SetOption(int fd, int level, int name) {
  int one = 1;
  // Failing only costs latency; the link still works.
  if (setsockopt(fd, level, name, &one, sizeof one) != 0) {
    Log(Subsystem::kCard).warn("vpcd link: setsockopt({}) failed: {}", name, std::strerror(errno));
  }
}

}  // namespace

VpcdLink::~VpcdLink() { Disconnect(); }

Status VpcdLink::Connect(const std::string& host, int port) {
  Disconnect();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  std::string service = std::to_string(port);
  int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
  if (rc != 0) return InvalidInputError(fmt::format("vpcd host {}: {}", host, gai_strerror(rc)));

  int fd = -1;
  int last_errno = 0;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
    last_errno = errno;
    close(fd);
    fd = -1;
  }
  freeaddrinfo(found);
  if (fd < 0) {
    return UnavailableError(fmt::format("vpcd {}:{}: {}", host, port, std::strerror(last_errno)));
  }
  SetOption(fd, IPPROTO_TCP, TCP_NODELAY);
  SetOption(fd, IPPROTO_TCP, TCP_QUICKACK);
  fd_ = fd;
  Log(Subsystem::kCard).info("vpcd link: connected to {}:{} (card inserted)", host, port);
  return OkStatus();
}

void VpcdLink::Disconnect() {
  if (fd_ < 0) return;
  close(fd_);
  fd_ = -1;
  handler_.Reset();
  Log(Subsystem::kCard).info("vpcd link: disconnected (card removed)");
}

Status VpcdLink::ReadExactly(uint8_t* data, size_t size) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = recv(fd_, data + done, size - done, 0);
    if (n == 0) return UnavailableError("vpcd closed the link");
    if (n < 0) {
      if (errno == EINTR) continue;
      return UnavailableError(fmt::format("vpcd link: {}", std::strerror(errno)));
    }
    done += static_cast<size_t>(n);
  }
  // Linux turns quick ACKs off again after a while: re-arm after every read so the reader's
  // next frame is acknowledged at once instead of after the delayed-ACK timer.
  SetOption(fd_, IPPROTO_TCP, TCP_QUICKACK);
  return OkStatus();
}

Status VpcdLink::Send(const card::Bytes& payload) {
  if (payload.size() > 0xFFFF) return InternalError("vpcd link: answer longer than 65535 bytes");
  // One buffer, one send: the length and the payload leave in the same segment.
  card::Bytes frame;
  frame.reserve(payload.size() + 2);
  frame.push_back(static_cast<uint8_t>(payload.size() >> 8));
  frame.push_back(static_cast<uint8_t>(payload.size() & 0xFF));
  frame.insert(frame.end(), payload.begin(), payload.end());
  size_t done = 0;
  while (done < frame.size()) {
    ssize_t n = send(fd_, frame.data() + done, frame.size() - done, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return UnavailableError(fmt::format("vpcd link: {}", std::strerror(errno)));
    }
    done += static_cast<size_t>(n);
  }
  return OkStatus();
}

Status VpcdLink::ServeOne() {
  if (fd_ < 0) return FailedPreconditionError("vpcd link: not connected");
  Status status = [&]() -> Status {
    uint8_t header[2];
    KIOSK_RETURN_IF_ERROR(ReadExactly(header, 2));
    size_t length = (size_t{header[0]} << 8) | header[1];
    if (length == 0) return InvalidInputError("vpcd link: empty frame");
    card::Bytes payload(length);
    KIOSK_RETURN_IF_ERROR(ReadExactly(payload.data(), length));

    if (length > 1) {
      ++apdu_count_;
      return Send(handler_.HandleApdu(payload));
    }
    switch (payload[0]) {
      case kPowerOff:
      case kPowerOn:
      case kReset:
        handler_.Reset();
        return OkStatus();
      case kGetAtr:
        return Send(handler_.Atr());
      default:
        // Unknown control codes get no answer: vpcd would not expect one.
        Log(Subsystem::kCard).warn("vpcd link: unknown control code {:#04x}", payload[0]);
        return OkStatus();
    }
  }();
  if (status.code() == StatusCode::kUnavailable) Disconnect();
  return status;
}

}  // namespace kiosk::cardsim
