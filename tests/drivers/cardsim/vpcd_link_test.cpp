// VpcdLink against a local TCP listener playing pcscd's vpcd driver: framing, control codes,
// and the socket options that keep an APDU under a millisecond.
#include "drivers/cardsim/vpcd_link.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "drivers/cardsim/transport_test_card.h"

namespace kiosk::cardsim {
namespace {

using Bytes = card::Bytes;

// A one-connection TCP server on 127.0.0.1, the vpcd side.
class FakeVpcd {
 public:
  FakeVpcd() {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t length = sizeof addr;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &length);
    port_ = ntohs(addr.sin_port);
    listen(listen_fd_, 1);
  }
  ~FakeVpcd() {
    if (fd_ >= 0) close(fd_);
    close(listen_fd_);
  }
  int port() const { return port_; }
  void Accept() { fd_ = accept(listen_fd_, nullptr, nullptr); }
  void Send(const Bytes& payload) {
    Bytes frame = {static_cast<uint8_t>(payload.size() >> 8),
                   static_cast<uint8_t>(payload.size() & 0xFF)};
    frame.insert(frame.end(), payload.begin(), payload.end());
    ASSERT_EQ(write(fd_, frame.data(), frame.size()), static_cast<ssize_t>(frame.size()));
  }
  Bytes Receive() {
    uint8_t header[2];
    if (!ReadAll(header, 2)) return {};
    Bytes payload((size_t{header[0]} << 8) | header[1]);
    if (!ReadAll(payload.data(), payload.size())) return {};
    return payload;
  }
  void Close() {
    close(fd_);
    fd_ = -1;
  }

 private:
  bool ReadAll(uint8_t* data, size_t size) {
    size_t done = 0;
    while (done < size) {
      ssize_t n = read(fd_, data + done, size - done);
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    return true;
  }

  int listen_fd_ = -1;
  int fd_ = -1;
  int port_ = 0;
};

class VpcdLinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(link_.Connect("127.0.0.1", vpcd_.port()).ok());
    vpcd_.Accept();
  }
  TransportTestCard card_;
  VpcdLink link_{card_};
  FakeVpcd vpcd_;
};

TEST_F(VpcdLinkTest, AnswersTheAtrRequestWithTheCardsAtr) {
  vpcd_.Send({0x01});  // power on: no answer
  vpcd_.Send({0x04});
  ASSERT_TRUE(link_.ServeOne().ok());
  ASSERT_TRUE(link_.ServeOne().ok());
  EXPECT_EQ(vpcd_.Receive(), card_.Atr());
}

TEST_F(VpcdLinkTest, AnswersACommandApduWithTheResponseApdu) {
  vpcd_.Send({0x00, 0xA4, 0x04, 0x0C, 0x07, 0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01});
  ASSERT_TRUE(link_.ServeOne().ok());
  EXPECT_EQ(vpcd_.Receive(), (Bytes{0x90, 0x00}));
  EXPECT_EQ(link_.apdu_count(), 1u);
}

TEST_F(VpcdLinkTest, CarriesExtendedLengthAnswers) {
  vpcd_.Send({0x00, 0xB0, 0x00, 0x00, 0x00, 0x03, 0xE8});  // Le = 1000
  ASSERT_TRUE(link_.ServeOne().ok());
  Bytes response = vpcd_.Receive();
  ASSERT_EQ(response.size(), 1002u);
  EXPECT_EQ(response[999], TransportTestCard::TestFileByte(999));
}

TEST_F(VpcdLinkTest, TurnsNagleOff) {
  int value = 0;
  socklen_t length = sizeof value;
  ASSERT_EQ(getsockopt(link_.fd(), IPPROTO_TCP, TCP_NODELAY, &value, &length), 0);
  EXPECT_NE(value, 0);
}

TEST_F(VpcdLinkTest, SaysUnavailableAndDisconnectsWhenVpcdGoesAway) {
  vpcd_.Close();
  Status status = link_.ServeOne();
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_FALSE(link_.connected());
}

TEST(VpcdLinkConnect, SaysUnavailableWhenNothingListens) {
  TransportTestCard card;
  VpcdLink link(card);
  int port;
  {
    FakeVpcd closed;
    port = closed.port();
  }
  EXPECT_EQ(link.Connect("127.0.0.1", port).code(), StatusCode::kUnavailable);
}

TEST(TransportTestCard, RefusesA256ByteReadWhenAskedTo) {
  TransportTestCard card(TransportTestCardOptions{.refuse_256 = true});
  EXPECT_EQ(card.HandleApdu(Bytes{0x00, 0xB0, 0x00, 0x00, 0x00}), (Bytes{0x67, 0x00}));
  EXPECT_EQ(card.HandleApdu(Bytes{0x00, 0xB0, 0x00, 0x00, 0xDF}).size(), 0xDFu + 2);
}

TEST(TransportTestCard, AnswersGarbageWithAWrongLengthStatus) {
  TransportTestCard card;
  EXPECT_EQ(card.HandleApdu(Bytes{0x00, 0xB0}), (Bytes{0x67, 0x00}));
  EXPECT_EQ(card.HandleApdu(Bytes{0x00, 0xEE, 0x00, 0x00, 0x05, 0x01}), (Bytes{0x67, 0x00}));
}

TEST(ContactlessAtr, EndsWithTheXorCheckByte) {
  Bytes atr = ContactlessAtr({0x01, 0x02});
  uint8_t xored = 0;
  for (size_t i = 1; i < atr.size(); ++i) xored ^= atr[i];
  EXPECT_EQ(xored, 0);
  EXPECT_EQ(atr[1], 0x82);
}

}  // namespace
}  // namespace kiosk::cardsim
