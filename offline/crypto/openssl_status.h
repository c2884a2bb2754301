// The one place where OpenSSL's error queue becomes a kiosk::Status.
#pragma once

#include <string_view>

#include "base/status.h"

namespace kiosk::offline {

// The status code for one packed OpenSSL error (as returned by ERR_get_error()). 0 (no error
// recorded) is kInternal: a call failed without saying why.
StatusCode OpenSslErrorToStatusCode(unsigned long packed_error);

// Drains the calling thread's OpenSSL error queue and returns a status for its first
// (root-cause) entry, with `context` and OpenSSL's reason text in the message.
// Thread: reads the calling thread's error queue only.
Status OpenSslError(std::string_view context);

}  // namespace kiosk::offline
