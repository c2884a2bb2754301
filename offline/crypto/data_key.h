// The device data key: 32 random bytes in a file readable by the kiosk user only, under
// which the queue encrypts every citizen's data at rest.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "base/status.h"

namespace kiosk::offline {

class DataKey {
 public:
  static constexpr size_t kSize = 32;

  // Reads the key at `path`, or creates it (mode 0600, fsynced, atomically renamed into
  // place) when the file does not exist. Refuses a key file that group or others may read
  // (kPermissionDenied) and one of the wrong size (kDataLoss).
  static StatusOr<DataKey> LoadOrCreate(const std::string& path);

  // Reads an existing key only (tools that must never mint a key a queue was not sealed
  // with): kNotFound when the file is absent.
  static StatusOr<DataKey> Load(const std::string& path);

  // A key from raw bytes (tests, benchmarks).
  static DataKey FromBytes(const std::array<uint8_t, kSize>& bytes);

  DataKey(const DataKey& other) = default;
  DataKey& operator=(const DataKey& other) = default;
  ~DataKey();  // wipes the bytes

  const std::array<uint8_t, kSize>& bytes() const { return bytes_; }

 private:
  DataKey() = default;
  std::array<uint8_t, kSize> bytes_{};
};

}  // namespace kiosk::offline
