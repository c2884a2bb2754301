#include "drivers/cardsim/transport_test_card.h"

#include <algorithm>

namespace kiosk::cardsim {
namespace {

card::Bytes Sw(uint8_t sw1, uint8_t sw2) { return {sw1, sw2}; }

card::Bytes WithSw(card::Bytes data, uint8_t sw1, uint8_t sw2) {
  data.push_back(sw1);
  data.push_back(sw2);
  return data;
}

// The parts of an ISO 7816-4 command APDU; `valid` is false for a length that fits no case.
struct Apdu {
  bool valid = false;
  std::span<const uint8_t> data;
  size_t le = 0;  // 0 = no Le; otherwise 1..65536
  bool has_le = false;
};

Apdu Parse(std::span<const uint8_t> c) {
  Apdu a;
  if (c.size() < 4) return a;
  size_t body = c.size() - 4;
  if (body == 0) {
    a.valid = true;
    return a;
  }
  if (body == 1) {  // short case 2
    a.has_le = true;
    a.le = c[4] == 0 ? 256 : c[4];
    a.valid = true;
    return a;
  }
  if (c[4] != 0) {  // short case 3 or 4
    size_t lc = c[4];
    if (body == 1 + lc) {
      a.data = c.subspan(5, lc);
      a.valid = true;
    } else if (body == 2 + lc) {
      a.data = c.subspan(5, lc);
      a.has_le = true;
      a.le = c.back() == 0 ? 256 : c.back();
      a.valid = true;
    }
    return a;
  }
  // Extended: 00 then 2 bytes.
  if (body == 3) {  // case 2E
    size_t le = (size_t{c[5]} << 8) | c[6];
    a.has_le = true;
    a.le = le == 0 ? 65536 : le;
    a.valid = true;
    return a;
  }
  if (body < 3) return a;
  size_t lc = (size_t{c[5]} << 8) | c[6];
  if (lc == 0) return a;
  if (body == 3 + lc) {
    a.data = c.subspan(7, lc);
    a.valid = true;
  } else if (body == 5 + lc) {
    a.data = c.subspan(7, lc);
    size_t le = (size_t{c[c.size() - 2]} << 8) | c.back();
    a.has_le = true;
    a.le = le == 0 ? 65536 : le;
    a.valid = true;
  }
  return a;
}

}  // namespace

card::Bytes ContactlessAtr(const card::Bytes& historical_bytes) {
  card::Bytes atr = {0x3B, static_cast<uint8_t>(0x80 | (historical_bytes.size() & 0x0F)), 0x80,
                     0x01};
  atr.insert(atr.end(), historical_bytes.begin(),
             historical_bytes.begin() + std::min<size_t>(historical_bytes.size(), 15));
  uint8_t tck = 0;
  for (size_t i = 1; i < atr.size(); ++i) tck ^= atr[i];
  atr.push_back(tck);
  return atr;
}

card::Bytes TransportTestCard::Atr() const {
  return ContactlessAtr({'K', 'I', 'O', 'S', 'K', 'T', 'E', 'S', 'T'});
}

card::Bytes TransportTestCard::HandleApdu(std::span<const uint8_t> command) {
  Apdu apdu = Parse(command);
  if (!apdu.valid) return Sw(0x67, 0x00);
  uint8_t cla = command[0], ins = command[1], p1 = command[2], p2 = command[3];
  (void)cla;

  switch (ins) {
    case 0xA4: {  // SELECT
      static constexpr uint8_t kEmrtdAid[] = {0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01};
      bool is_emrtd = p1 == 0x04 && std::equal(apdu.data.begin(), apdu.data.end(),
                                               std::begin(kEmrtdAid), std::end(kEmrtdAid));
      if (is_emrtd && options_.has_emrtd_application) return Sw(0x90, 0x00);
      if (p1 == 0x02 || p1 == 0x00) return Sw(0x90, 0x00);  // any EF: the test file
      return Sw(0x6A, 0x82);
    }
    case 0xB0: {  // READ BINARY
      if (!apdu.has_le) return Sw(0x67, 0x00);
      if (options_.refuse_256 && apdu.le == 256) return Sw(0x67, 0x00);
      size_t offset = (size_t{static_cast<uint8_t>(p1 & 0x7F)} << 8) | p2;
      if (offset > kTestFileSize) return Sw(0x6B, 0x00);
      size_t count = std::min(apdu.le, kTestFileSize - offset);
      card::Bytes data(count);
      for (size_t i = 0; i < count; ++i) data[i] = TestFileByte(offset + i);
      return count < apdu.le ? WithSw(data, 0x62, 0x82) : WithSw(data, 0x90, 0x00);
    }
    case 0xCA: {  // GET DATA, transport tests
      if (p1 == 0x01 && p2 == 0x01) {
        pending_.assign(32, 0x5A);
        return Sw(0x61, 0x20);
      }
      if (p1 == 0x01 && p2 == 0x02) {
        if (!apdu.has_le || apdu.le != 0x10) return Sw(0x6C, 0x10);
        return WithSw(card::Bytes(16, 0xA5), 0x90, 0x00);
      }
      return Sw(0x6A, 0x88);
    }
    case 0xC0: {  // GET RESPONSE
      if (pending_.empty()) return Sw(0x69, 0x85);
      size_t count = std::min(apdu.has_le ? apdu.le : 256, pending_.size());
      card::Bytes data(pending_.begin(), pending_.begin() + static_cast<long>(count));
      pending_.erase(pending_.begin(), pending_.begin() + static_cast<long>(count));
      if (!pending_.empty()) {
        return WithSw(data, 0x61, static_cast<uint8_t>(std::min<size_t>(pending_.size(), 255)));
      }
      return WithSw(data, 0x90, 0x00);
    }
    case 0x84:  // GET CHALLENGE
      return WithSw(card::Bytes(apdu.has_le ? std::min<size_t>(apdu.le, 256) : 8, 0x42), 0x90,
                    0x00);
    case 0xEE:  // ECHO
      return WithSw(card::Bytes(apdu.data.begin(), apdu.data.end()), 0x90, 0x00);
    default:
      return Sw(0x6D, 0x00);
  }
}

}  // namespace kiosk::cardsim
