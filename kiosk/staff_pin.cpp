#include "kiosk/staff_pin.h"

#include <sys/random.h>

#include <array>
#include <cerrno>
#include <cstdint>

#include <argon2.h>
#include <fmt/format.h>

namespace kiosk {
namespace {

// Argon2id with 19 MiB, 2 passes, 1 lane: the memory-hard setting commonly recommended for
// interactive logins. A PIN has few possible values, so the cost per guess is what protects
// it if the configuration file leaks; the UI also locks staff mode after repeated failures.
constexpr uint32_t kTimeCost = 2;
constexpr uint32_t kMemoryKiB = 19 * 1024;
constexpr uint32_t kLanes = 1;
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;
constexpr std::string_view kPrefix = "$argon2id$";

Status RandomBytes(uint8_t* out, size_t size) {
  size_t filled = 0;
  while (filled < size) {
    ssize_t n = getrandom(out + filled, size - filled, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return InternalError("getrandom failed");
    }
    filled += static_cast<size_t>(n);
  }
  return OkStatus();
}

}  // namespace

Status ValidateStaffPin(std::string_view pin) {
  if (pin.size() < 6 || pin.size() > 12) {
    return InvalidInputError(
        fmt::format("the staff PIN must have 6 to 12 digits (got {} characters)", pin.size()));
  }
  for (char c : pin) {
    if (c < '0' || c > '9') return InvalidInputError("the staff PIN must hold digits only");
  }
  return OkStatus();
}

StatusOr<std::string> HashStaffPin(std::string_view pin) {
  KIOSK_RETURN_IF_ERROR(ValidateStaffPin(pin));
  std::array<uint8_t, kSaltBytes> salt{};
  KIOSK_RETURN_IF_ERROR(RandomBytes(salt.data(), salt.size()));

  size_t length =
      argon2_encodedlen(kTimeCost, kMemoryKiB, kLanes, kSaltBytes, kHashBytes, Argon2_id);
  std::string encoded(length, '\0');
  int rc = argon2id_hash_encoded(kTimeCost, kMemoryKiB, kLanes, pin.data(), pin.size(), salt.data(),
                                 salt.size(), kHashBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) {
    return InternalError(fmt::format("argon2id failed: {}", argon2_error_message(rc)));
  }
  encoded.resize(encoded.find('\0'));
  return encoded;
}

bool VerifyStaffPin(std::string_view pin, const std::string& encoded) {
  if (!LooksLikeStaffPinHash(encoded)) return false;
  std::string pin_copy(pin);  // argon2 wants a pointer it can read; no terminator needed
  return argon2id_verify(encoded.c_str(), pin_copy.data(), pin_copy.size()) == ARGON2_OK;
}

bool LooksLikeStaffPinHash(std::string_view encoded) {
  if (encoded.rfind(kPrefix, 0) != 0) return false;
  // "$argon2id$v=19$m=..,t=..,p=..$salt$hash": five '$' separators, nothing empty at the end.
  size_t dollars = 0;
  for (char c : encoded) dollars += c == '$' ? 1 : 0;
  return dollars == 5 && encoded.back() != '$';
}

}  // namespace kiosk
