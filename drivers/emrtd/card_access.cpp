#include "drivers/emrtd/card_access.h"

#include <algorithm>

#include "drivers/emrtd/tlv.h"

namespace kiosk::emrtd {
namespace {

constexpr uint8_t kPacePrefix[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04};

StatusOr<int> SmallInteger(std::span<const uint8_t> value) {
  if (value.empty() || value.size() > 2) return InvalidInputError("CardAccess: bad integer");
  int result = 0;
  for (uint8_t b : value) result = result << 8 | b;
  return result;
}

Bytes EncodeSmallInteger(int value) {
  Bytes content;
  if (value > 0x7F) content.push_back(static_cast<uint8_t>(value >> 8));
  content.push_back(static_cast<uint8_t>(value));
  return EncodeTlv(0x02, content);
}

}  // namespace

Bytes PaceOid(PaceMapping mapping, Cipher cipher) {
  Bytes oid(std::begin(kPacePrefix), std::end(kPacePrefix));
  oid.push_back(static_cast<uint8_t>(static_cast<int>(mapping) + 1));
  oid.push_back(static_cast<uint8_t>(static_cast<int>(cipher) + 1));
  return oid;
}

StatusOr<std::vector<PaceInfo>> ParseCardAccess(std::span<const uint8_t> file) {
  KIOSK_ASSIGN_OR_RETURN(Tlv set, ParseTlv(file));
  if (set.tag != 0x31) return InvalidInputError("CardAccess: not a SET");
  KIOSK_ASSIGN_OR_RETURN(std::vector<Tlv> infos, ParseTlvList(set.value));

  std::vector<PaceInfo> result;
  for (const Tlv& info : infos) {
    if (info.tag != 0x30) return InvalidInputError("CardAccess: SecurityInfo is not a SEQUENCE");
    KIOSK_ASSIGN_OR_RETURN(std::vector<Tlv> fields, ParseTlvList(info.value));
    if (fields.size() < 2 || fields[0].tag != 0x06) {
      return InvalidInputError("CardAccess: SecurityInfo without protocol");
    }
    std::span<const uint8_t> oid = fields[0].value;
    if (oid.size() != sizeof(kPacePrefix) + 2 ||
        !std::equal(std::begin(kPacePrefix), std::end(kPacePrefix), oid.begin())) {
      continue;  // not PACE (chip authentication, terminal authentication...)
    }
    int mapping = oid[8];
    int cipher = oid[9];
    if (mapping < 1 || mapping > 4 || cipher < 1 || cipher > 4) continue;

    PaceInfo pace;
    pace.oid.assign(oid.begin(), oid.end());
    pace.mapping = static_cast<PaceMapping>(mapping - 1);
    pace.cipher = static_cast<Cipher>(cipher - 1);
    if (fields[1].tag != 0x02) return InvalidInputError("CardAccess: PACEInfo without version");
    KIOSK_ASSIGN_OR_RETURN(pace.version, SmallInteger(fields[1].value));
    if (fields.size() >= 3 && fields[2].tag == 0x02) {
      KIOSK_ASSIGN_OR_RETURN(int id, SmallInteger(fields[2].value));
      pace.parameter_id = id;
    }
    result.push_back(std::move(pace));
  }
  return result;
}

Bytes EncodeCardAccess(const std::vector<PaceInfo>& infos) {
  Bytes content;
  for (const PaceInfo& info : infos) {
    Bytes fields = EncodeTlv(0x06, PaceOid(info.mapping, info.cipher));
    Bytes version = EncodeSmallInteger(info.version);
    fields.insert(fields.end(), version.begin(), version.end());
    if (info.parameter_id) {
      Bytes id = EncodeSmallInteger(*info.parameter_id);
      fields.insert(fields.end(), id.begin(), id.end());
    }
    Bytes sequence = EncodeTlv(0x30, fields);
    content.insert(content.end(), sequence.begin(), sequence.end());
  }
  return EncodeTlv(0x31, content);
}

}  // namespace kiosk::emrtd
