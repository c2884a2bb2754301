#include "drivers/emrtd/openssl_status.h"

#include <openssl/asn1.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <string>

namespace kiosk::emrtd {

StatusCode StatusCodeForOpenSslError(unsigned long error) {
  if (error == 0) return StatusCode::kInternal;
  int lib = ERR_GET_LIB(error);
  int reason = ERR_GET_REASON(error);

  if (reason == ERR_R_MALLOC_FAILURE) return StatusCode::kResourceExhausted;
  switch (lib) {
    case ERR_LIB_ASN1:
    case ERR_LIB_PEM:
      return StatusCode::kInvalidInput;
    case ERR_LIB_CMS:
      if (reason == CMS_R_VERIFICATION_FAILURE || reason == CMS_R_CONTENT_VERIFY_ERROR ||
          reason == CMS_R_CERTIFICATE_VERIFY_ERROR) {
        return StatusCode::kDataLoss;
      }
      if (reason == CMS_R_UNKNOWN_DIGEST_ALGORITHM || reason == CMS_R_UNSUPPORTED_CONTENT_TYPE) {
        return StatusCode::kUnsupported;
      }
      return StatusCode::kInvalidInput;
    case ERR_LIB_X509:
      return StatusCode::kDataLoss;
    case ERR_LIB_EVP:
      if (reason == EVP_R_BAD_DECRYPT) return StatusCode::kDataLoss;
      if (reason == EVP_R_UNSUPPORTED_ALGORITHM) return StatusCode::kUnsupported;
      return StatusCode::kInternal;
    case ERR_LIB_EC:
      return StatusCode::kInvalidInput;
    default:
      return StatusCode::kInternal;
  }
}

Status OpenSslError(std::string_view what) {
  unsigned long first = ERR_get_error();
  std::string message(what);
  if (first != 0) {
    char buffer[256];
    ERR_error_string_n(first, buffer, sizeof(buffer));
    message += ": ";
    message += buffer;
  }
  ERR_clear_error();
  return Status(StatusCodeForOpenSslError(first), std::move(message));
}

}  // namespace kiosk::emrtd
