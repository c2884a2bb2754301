// VpcdLink: the card side of the vsmartcard vpcd protocol, as a TCP client of pcscd's vpcd
// reader driver. Development and test only: never part of a production image (vpcd listens
// on every interface; see docs/card-reading.md).
//
// Protocol: every message is a 2-byte big-endian length then the payload. A 1-byte payload
// from the reader is a control code: 00 power off, 01 power on, 02 reset (no answer), 04 send
// the ATR (answered with the ATR). A longer payload is a command APDU, answered with the
// response APDU from the ApduHandler.
//
// Connecting is inserting the card in the virtual reader; Disconnect() is pulling it out.
//
// Latency: with Nagle on this socket and delayed ACKs on pcscd's side, the 2-byte length and
// the payload wait for each other and every APDU costs about 48 ms. TCP_NODELAY is set once
// and TCP_QUICKACK is re-armed after each read (Linux clears it again by itself): about
// 0.2 ms per APDU.
//
// Thread: one thread (the emulator's event loop). Not copyable.
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"
#include "drivers/card/card_channel.h"

namespace kiosk::cardsim {

class VpcdLink {
 public:
  // `handler` must outlive the link.
  explicit VpcdLink(card::ApduHandler& handler) : handler_(handler) {}
  ~VpcdLink();
  VpcdLink(const VpcdLink&) = delete;
  VpcdLink& operator=(const VpcdLink&) = delete;

  // Connects to vpcd on host:port (card inserted). Errors: kUnavailable when nothing listens
  // there (pcscd not running, or another card already in that slot).
  Status Connect(const std::string& host, int port);
  // Closes the connection (card removed). Idempotent.
  void Disconnect();

  bool connected() const { return fd_ >= 0; }
  // The socket to poll for readability while connected, else -1.
  int fd() const { return fd_; }

  // Reads one message and answers it. Errors: kUnavailable when vpcd closed the link (pcscd
  // stopped); the link is then disconnected. kInvalidInput for a malformed frame.
  Status ServeOne();

  // Command APDUs answered since construction.
  uint64_t apdu_count() const { return apdu_count_; }

 private:
  Status ReadExactly(uint8_t* data, size_t size);
  Status Send(const card::Bytes& payload);

  card::ApduHandler& handler_;
  int fd_ = -1;
  uint64_t apdu_count_ = 0;
};

}  // namespace kiosk::cardsim
