#include "drivers/emrtd/tlv.h"

#include <string>

namespace kiosk::emrtd {

bool Tlv::constructed() const {
  uint32_t first = tag;
  while (first > 0xFF) first >>= 8;
  return (first & 0x20) != 0;
}

StatusOr<TlvHeader> ParseTlvHeader(std::span<const uint8_t> data) {
  TlvHeader header;
  size_t pos = 0;
  if (data.empty()) return InvalidInputError("TLV: empty input");

  // 00 and FF are padding / invalid first tag bytes in ISO 7816-4; a chip never sends them as
  // a tag, so they mean a corrupt or hostile file.
  uint8_t first = data[pos++];
  if (first == 0x00 || first == 0xFF) return InvalidInputError("TLV: invalid tag byte");
  uint32_t tag = first;
  if ((first & 0x1F) == 0x1F) {
    for (int i = 0;; ++i) {
      if (i == 3) return InvalidInputError("TLV: tag longer than 4 bytes");
      if (pos >= data.size()) return InvalidInputError("TLV: truncated tag");
      uint8_t next = data[pos++];
      tag = (tag << 8) | next;
      if ((next & 0x80) == 0) break;
    }
  }

  if (pos >= data.size()) return InvalidInputError("TLV: truncated length");
  uint8_t len_byte = data[pos++];
  size_t length = 0;
  if (len_byte < 0x80) {
    length = len_byte;
  } else if (len_byte == 0x80) {
    return InvalidInputError("TLV: indefinite length is not allowed");
  } else {
    size_t count = len_byte & 0x7F;
    if (count > 4) return InvalidInputError("TLV: length field longer than 4 bytes");
    if (data.size() - pos < count) return InvalidInputError("TLV: truncated length");
    for (size_t i = 0; i < count; ++i) length = (length << 8) | data[pos++];
  }
  if (length > kMaxTlvLength) {
    return InvalidInputError("TLV: length " + std::to_string(length) + " exceeds the cap");
  }
  header.tag = tag;
  header.length = length;
  header.header_size = pos;
  return header;
}

StatusOr<Tlv> ParseTlv(std::span<const uint8_t> data, std::span<const uint8_t>* rest) {
  KIOSK_ASSIGN_OR_RETURN(TlvHeader header, ParseTlvHeader(data));
  if (data.size() - header.header_size < header.length) {
    return InvalidInputError("TLV: value truncated");
  }
  Tlv tlv;
  tlv.tag = header.tag;
  tlv.value = data.subspan(header.header_size, header.length);
  tlv.whole = data.subspan(0, header.header_size + header.length);
  if (rest != nullptr) *rest = data.subspan(header.header_size + header.length);
  return tlv;
}

StatusOr<std::vector<Tlv>> ParseTlvList(std::span<const uint8_t> data) {
  std::vector<Tlv> list;
  while (!data.empty()) {
    if (list.size() >= 4096) return InvalidInputError("TLV: too many elements");
    KIOSK_ASSIGN_OR_RETURN(Tlv tlv, ParseTlv(data, &data));
    list.push_back(tlv);
  }
  return list;
}

StatusOr<Tlv> FindTlv(std::span<const uint8_t> parent_value, uint32_t tag) {
  KIOSK_ASSIGN_OR_RETURN(std::vector<Tlv> list, ParseTlvList(parent_value));
  for (const Tlv& tlv : list) {
    if (tlv.tag == tag) return tlv;
  }
  return NotFoundError("TLV: tag not present");
}

void AppendTag(Bytes& out, uint32_t tag) {
  if (tag > 0xFFFFFF) out.push_back(static_cast<uint8_t>(tag >> 24));
  if (tag > 0xFFFF) out.push_back(static_cast<uint8_t>(tag >> 16));
  if (tag > 0xFF) out.push_back(static_cast<uint8_t>(tag >> 8));
  out.push_back(static_cast<uint8_t>(tag));
}

void AppendLength(Bytes& out, size_t length) {
  if (length < 0x80) {
    out.push_back(static_cast<uint8_t>(length));
  } else if (length <= 0xFF) {
    out.push_back(0x81);
    out.push_back(static_cast<uint8_t>(length));
  } else if (length <= 0xFFFF) {
    out.push_back(0x82);
    out.push_back(static_cast<uint8_t>(length >> 8));
    out.push_back(static_cast<uint8_t>(length));
  } else {
    out.push_back(0x83);
    out.push_back(static_cast<uint8_t>(length >> 16));
    out.push_back(static_cast<uint8_t>(length >> 8));
    out.push_back(static_cast<uint8_t>(length));
  }
}

Bytes EncodeTlv(uint32_t tag, std::span<const uint8_t> value) {
  Bytes out;
  out.reserve(value.size() + 8);
  AppendTag(out, tag);
  AppendLength(out, value.size());
  out.insert(out.end(), value.begin(), value.end());
  return out;
}

Bytes Concat(std::initializer_list<std::span<const uint8_t>> parts) {
  Bytes out;
  for (auto part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

}  // namespace kiosk::emrtd
