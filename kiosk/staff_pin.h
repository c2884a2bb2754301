// Staff PINs: how they are checked for shape, hashed for the configuration file and verified
// when a staff member opens staff mode. The one place that knows the hash format, shared by
// `kioskctl configure --staff-pin` (which writes staff.pin_hash) and the touch UI (which
// verifies what is typed against it).
//
// The hash is Argon2id (libargon2) in its standard encoded form
// "$argon2id$v=19$m=...,t=...,p=...$<salt>$<hash>", with a fresh random 16-byte salt per hash.
// The encoded string carries its own parameters, so raising them later keeps old hashes valid.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace kiosk {

// A staff PIN is 6 to 12 ASCII digits. kInvalidInput otherwise, with a message that does not
// repeat the PIN.
Status ValidateStaffPin(std::string_view pin);

// The encoded Argon2id hash of `pin`. REQUIRES: ValidateStaffPin(pin).ok() (checked: an invalid
// PIN gives kInvalidInput). Takes about 50 ms and 19 MiB of memory on purpose.
StatusOr<std::string> HashStaffPin(std::string_view pin);

// Whether `pin` matches `encoded` (a value produced by HashStaffPin). Returns false for a
// wrong PIN and for an empty or malformed `encoded` (staff mode off). Constant-time compare.
bool VerifyStaffPin(std::string_view pin, const std::string& encoded);

// Whether `encoded` has the shape HashStaffPin produces (for configuration checks).
bool LooksLikeStaffPinHash(std::string_view encoded);

}  // namespace kiosk
