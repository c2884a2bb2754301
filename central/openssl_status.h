// The one place where OpenSSL's error queue becomes kiosk::Status.
#pragma once

#include <string_view>

#include "base/status.h"

namespace kiosk::central {

// The status code for one packed OpenSSL error (ERR_get_error()); 0 means "no error
// recorded", which callers that saw a failure still report as kInternal.
StatusCode OpenSslErrorToStatusCode(unsigned long error);

// Drains the calling thread's OpenSSL error queue into one Status for `context`. The code
// comes from the first (root cause) error.
Status OpenSslStatus(std::string_view context);

}  // namespace kiosk::central
