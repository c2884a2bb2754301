// EF.CardAccess (ICAO 9303 part 11 section 9.2): the PACE protocols a chip offers.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "base/status.h"
#include "drivers/emrtd/crypto.h"

namespace kiosk::emrtd {

enum class PaceMapping { kDhGeneric, kEcdhGeneric, kDhIntegrated, kEcdhIntegrated };

struct PaceInfo {
  Bytes oid;  // the protocol OID's content bytes (without tag and length)
  PaceMapping mapping = PaceMapping::kEcdhGeneric;
  Cipher cipher = Cipher::kAes128;
  int version = 2;
  std::optional<int>
      parameter_id;  // standardized domain parameters (TR-03110: 13 = brainpoolP256r1)
};

// Content bytes of the PACE protocol OIDs: 0.4.0.127.0.7.2.2.4.<mapping>.<cipher>.
Bytes PaceOid(PaceMapping mapping, Cipher cipher);

// Parses the SET OF SecurityInfos and returns the PACEInfos, in the chip's order. Unknown
// SecurityInfos are skipped; malformed encodings give kInvalidInput.
StatusOr<std::vector<PaceInfo>> ParseCardAccess(std::span<const uint8_t> file);

// The encoding of EF.CardAccess with the given PACEInfos (used by the simulator).
Bytes EncodeCardAccess(const std::vector<PaceInfo>& infos);

}  // namespace kiosk::emrtd
