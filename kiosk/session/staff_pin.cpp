#include "kiosk/session/staff_pin.h"

#include <sys/random.h>

#include <array>
#include <cstdint>
#include <vector>

#include <argon2.h>

namespace kiosk::session {
namespace {

// OWASP's minimum for Argon2id: 19 MiB, two passes, one lane.
constexpr uint32_t kTimeCost = 2;
constexpr uint32_t kMemoryKiB = 19 * 1024;
constexpr uint32_t kLanes = 1;
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;

}  // namespace

StatusOr<std::string> HashStaffPin(const std::string& pin) {
  if (pin.size() < 4) return InvalidInputError("a staff PIN has at least four digits");
  std::array<uint8_t, kSaltBytes> salt{};
  if (getrandom(salt.data(), salt.size(), 0) != static_cast<ssize_t>(salt.size())) {
    return UnavailableError("no randomness for the PIN salt");
  }
  size_t length =
      argon2_encodedlen(kTimeCost, kMemoryKiB, kLanes, kSaltBytes, kHashBytes, Argon2_id);
  std::vector<char> encoded(length);
  int result =
      argon2id_hash_encoded(kTimeCost, kMemoryKiB, kLanes, pin.data(), pin.size(), salt.data(),
                            salt.size(), kHashBytes, encoded.data(), encoded.size());
  if (result != ARGON2_OK) {
    return InternalError(std::string("argon2id failed: ") + argon2_error_message(result));
  }
  return std::string(encoded.data());
}

bool StaffPinMatches(const std::string& encoded, const std::string& pin) {
  if (encoded.rfind("$argon2id$", 0) != 0) return false;
  return argon2id_verify(encoded.c_str(), pin.data(), pin.size()) == ARGON2_OK;
}

bool StaffLockout::Locked() const { return clock_.Steady() < locked_until_; }

int StaffLockout::SecondsLeft() const {
  if (!Locked()) return 0;
  auto left = locked_until_ - clock_.Steady();
  return static_cast<int>(std::chrono::ceil<std::chrono::seconds>(left).count());
}

void StaffLockout::RecordFailure() {
  ++failures_;
  if (failures_ >= kMaxTries) {
    locked_until_ = clock_.Steady() + kLockDuration;
    failures_ = 0;
  }
}

void StaffLockout::RecordSuccess() { failures_ = 0; }

}  // namespace kiosk::session
