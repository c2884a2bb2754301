#include "central/openssl_status.h"

#include <string>

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace kiosk::central {

StatusCode OpenSslErrorToStatusCode(unsigned long error) {
  if (error == 0) return StatusCode::kInternal;
  int lib = ERR_GET_LIB(error);
  int reason = ERR_GET_REASON(error);
  if (reason == ERR_R_MALLOC_FAILURE) return StatusCode::kResourceExhausted;
  if (lib == ERR_LIB_SYS) {
    // fopen() and friends: a missing or unreadable file is a setup problem.
    return StatusCode::kFailedPrecondition;
  }
  // Input that does not parse or does not fit: a PEM without its header, bad DER, a
  // signature that does not verify, a key that does not match its certificate.
  if (lib == ERR_LIB_PEM || lib == ERR_LIB_ASN1 || lib == ERR_LIB_OSSL_DECODER)
    return StatusCode::kInvalidInput;
  if (lib == ERR_LIB_X509 &&
      (reason == X509_R_KEY_VALUES_MISMATCH || reason == X509_R_CERT_ALREADY_IN_HASH_TABLE)) {
    return StatusCode::kInvalidInput;
  }
  if (lib == ERR_LIB_EVP && reason == EVP_R_UNSUPPORTED_ALGORITHM) return StatusCode::kUnsupported;
  return StatusCode::kInternal;
}

Status OpenSslStatus(std::string_view context) {
  unsigned long first = ERR_get_error();
  std::string message(context);
  if (first != 0) {
    char text[256];
    ERR_error_string_n(first, text, sizeof(text));
    message += ": ";
    message += text;
  }
  ERR_clear_error();
  return Status(OpenSslErrorToStatusCode(first), std::move(message));
}

}  // namespace kiosk::central
