#include "drivers/emrtd/apdu.h"

namespace kiosk::emrtd {

Bytes CommandApdu::Encode() const {
  Bytes out = {cla, ins, p1, p2};
  bool extended = NeedsExtended();
  if (!data.empty()) {
    if (extended) {
      out.push_back(0x00);
      out.push_back(static_cast<uint8_t>(data.size() >> 8));
      out.push_back(static_cast<uint8_t>(data.size()));
    } else {
      out.push_back(static_cast<uint8_t>(data.size()));
    }
    out.insert(out.end(), data.begin(), data.end());
  }
  if (ne > 0) {
    if (extended) {
      // With a body the extended Lc already carried the 00 marker.
      if (data.empty()) out.push_back(0x00);
      size_t le = ne >= 65536 ? 0 : ne;
      out.push_back(static_cast<uint8_t>(le >> 8));
      out.push_back(static_cast<uint8_t>(le));
    } else {
      out.push_back(static_cast<uint8_t>(ne >= 256 ? 0 : ne));
    }
  }
  return out;
}

StatusOr<CommandApdu> CommandApdu::Parse(std::span<const uint8_t> raw) {
  if (raw.size() < 4) return InvalidInputError("APDU: shorter than a header");
  CommandApdu apdu;
  apdu.cla = raw[0];
  apdu.ins = raw[1];
  apdu.p1 = raw[2];
  apdu.p2 = raw[3];
  std::span<const uint8_t> body = raw.subspan(4);
  if (body.empty()) return apdu;  // case 1

  if (body.size() == 1) {  // case 2 short
    apdu.ne = body[0] == 0 ? 256 : body[0];
    return apdu;
  }
  if (body[0] != 0x00) {  // case 3 or 4 short
    size_t lc = body[0];
    if (body.size() == 1 + lc) {
      apdu.data.assign(body.begin() + 1, body.end());
      return apdu;
    }
    if (body.size() == 2 + lc) {
      apdu.data.assign(body.begin() + 1, body.begin() + 1 + static_cast<std::ptrdiff_t>(lc));
      apdu.ne = body.back() == 0 ? 256 : body.back();
      return apdu;
    }
    return InvalidInputError("APDU: Lc does not match the body");
  }

  // Extended: 00 then two bytes.
  apdu.force_extended = true;
  if (body.size() == 3) {  // case 2 extended
    size_t le = static_cast<size_t>(body[1]) << 8 | body[2];
    apdu.ne = le == 0 ? 65536 : le;
    return apdu;
  }
  if (body.size() < 3) return InvalidInputError("APDU: truncated extended length");
  size_t lc = static_cast<size_t>(body[1]) << 8 | body[2];
  if (lc == 0) return InvalidInputError("APDU: extended Lc of zero");
  if (body.size() == 3 + lc) {
    apdu.data.assign(body.begin() + 3, body.end());
    return apdu;
  }
  if (body.size() == 5 + lc) {
    apdu.data.assign(body.begin() + 3, body.begin() + 3 + static_cast<std::ptrdiff_t>(lc));
    size_t le = static_cast<size_t>(body[3 + lc]) << 8 | body[4 + lc];
    apdu.ne = le == 0 ? 65536 : le;
    return apdu;
  }
  return InvalidInputError("APDU: extended Lc does not match the body");
}

Bytes ResponseApdu::Encode() const {
  Bytes out = data;
  out.push_back(static_cast<uint8_t>(sw >> 8));
  out.push_back(static_cast<uint8_t>(sw));
  return out;
}

StatusOr<ResponseApdu> ResponseApdu::Parse(std::span<const uint8_t> raw) {
  if (raw.size() < 2) return InvalidInputError("response APDU shorter than SW1 SW2");
  ResponseApdu response;
  response.data.assign(raw.begin(), raw.end() - 2);
  response.sw = static_cast<uint16_t>(raw[raw.size() - 2] << 8 | raw[raw.size() - 1]);
  return response;
}

}  // namespace kiosk::emrtd
