#include "offline/crypto/openssl_status.h"

#include <cerrno>
#include <string>

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace kiosk::offline {

StatusCode OpenSslErrorToStatusCode(unsigned long packed_error) {
  if (packed_error == 0) return StatusCode::kInternal;
  const int library = ERR_GET_LIB(packed_error);
  const int reason = ERR_GET_REASON(packed_error);

  // System errors carry errno as their reason: a missing or unreadable key file is a
  // configuration problem for staff, not a bug.
  if (ERR_SYSTEM_ERROR(packed_error) || library == ERR_LIB_SYS) {
    switch (ERR_GET_REASON(packed_error)) {
      case ENOENT:
        return StatusCode::kNotFound;
      case EACCES:
      case EPERM:
        return StatusCode::kPermissionDenied;
      case ENOSPC:
        return StatusCode::kResourceExhausted;
      default:
        return StatusCode::kFailedPrecondition;
    }
  }
  if (reason == ERR_R_MALLOC_FAILURE) return StatusCode::kResourceExhausted;
  if (reason == ERR_R_PASSED_NULL_PARAMETER || reason == ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED) {
    return StatusCode::kInternal;
  }
  switch (library) {
    case ERR_LIB_EVP:
      // A failed authentication tag: the stored bytes were altered or the key is not theirs.
      if (reason == EVP_R_BAD_DECRYPT) return StatusCode::kDataLoss;
      return StatusCode::kInternal;
    case ERR_LIB_PEM:
    case ERR_LIB_ASN1:
    case ERR_LIB_X509:
      // A certificate or key file that does not parse: the configuration names a wrong file.
      return StatusCode::kInvalidInput;
    case ERR_LIB_RAND:
      // No entropy: the device cannot make keys or nonces until this is fixed.
      return StatusCode::kFailedPrecondition;
    default:
      return StatusCode::kInternal;
  }
}

Status OpenSslError(std::string_view context) {
  unsigned long first = ERR_get_error();
  // Keep the first entry (closest to the cause) and discard the rest so that a later call
  // does not report a stale error.
  ERR_clear_error();
  char text[256] = {};
  if (first != 0) ERR_error_string_n(first, text, sizeof(text));
  std::string message = first == 0 ? fmt::format("{}: failed (no OpenSSL error recorded)", context)
                                   : fmt::format("{}: {}", context, text);
  return Status(OpenSslErrorToStatusCode(first), std::move(message));
}

}  // namespace kiosk::offline
