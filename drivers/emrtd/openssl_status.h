// The one place where OpenSSL errors become kiosk Status values.
#pragma once

#include <string_view>

#include "base/status.h"

namespace kiosk::emrtd {

// The StatusCode for one packed OpenSSL error code (ERR_get_error()): malformed encodings are
// kInvalidInput, failed verifications kDataLoss, memory kResourceExhausted, unknown
// algorithms kUnsupported, anything else kInternal. 0 (no queued error) is kInternal too: a
// call failed without telling why.
StatusCode StatusCodeForOpenSslError(unsigned long error);

// Drains the calling thread's OpenSSL error queue into one Status: the code of the oldest
// error, and `what` plus OpenSSL's reason string as the message.
Status OpenSslError(std::string_view what);

}  // namespace kiosk::emrtd
