// AES-256-GCM sealing of one value under the device data key.
//
// Sealed layout: version byte (1) | nonce (12, random) | ciphertext | tag (16). The
// associated data (the submission id) is authenticated but not stored: a sealed payload
// copied onto another submission's row does not open.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "offline/crypto/data_key.h"

namespace kiosk::offline {

// Thread: stateless; safe from any thread.
StatusOr<std::string> Seal(const DataKey& key, std::string_view plaintext,
                           std::string_view associated_data);

// kDataLoss when the bytes were altered, belong to other associated data or another key.
StatusOr<std::string> Open(const DataKey& key, std::string_view sealed,
                           std::string_view associated_data);

}  // namespace kiosk::offline
