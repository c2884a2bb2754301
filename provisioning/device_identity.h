// The kiosk's own key and certificate, with OpenSSL: key generation, the certificate signing
// request sent at enrolment, fingerprints and the checks made on what the centre returns.
// Stateless and thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "base/status.h"

namespace kiosk::provisioning {

struct EvpKeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
using UniqueKey = std::unique_ptr<EVP_PKEY, EvpKeyFree>;
using UniqueCert = std::unique_ptr<X509, X509Free>;

// The OpenSSL error queue as a Status with `code`, prefixed by `what`; clears the queue.
// The one place that turns OpenSSL failures into Status.
Status OpenSslError(StatusCode code, std::string_view what);

// A new EC P-256 key pair. It never leaves the kiosk: only the CSR (public key) is sent.
StatusOr<UniqueKey> GenerateDeviceKey();
// PKCS#8 PEM of the private key (unencrypted: the file's mode protects it).
StatusOr<std::string> PrivateKeyPem(EVP_PKEY* key);
StatusOr<UniqueKey> ParsePrivateKeyPem(std::string_view pem);

// What the CSR says about the kiosk. CN = kiosk id, O = commune, OU = site (omitted when
// empty). Each must be at most 64 characters (X.500 upper bounds).
struct DeviceSubject {
  std::string kiosk_id;
  std::string commune;
  std::string site;
};
// A PKCS#10 request signed with `key` (SHA-256), PEM. kInvalidInput for a subject that does
// not fit a certificate.
StatusOr<std::string> MakeCsrPem(EVP_PKEY* key, const DeviceSubject& subject);

StatusOr<UniqueCert> ParseCertificatePem(std::string_view pem);
// Every certificate in a PEM bundle, in order. kInvalidInput when there is none.
StatusOr<std::vector<UniqueCert>> ParseCertificateChainPem(std::string_view pem);
StatusOr<std::string> CertificatePem(X509* cert);

// SHA-256 of the certificate's DER encoding, as 64 lower-case hex digits.
std::string CertificateFingerprint(X509* cert);
// Normalises a fingerprint typed by a technician: hex with or without ':' (or spaces),
// any case. kInvalidInput unless it is exactly 32 bytes.
StatusOr<std::string> NormaliseFingerprint(std::string_view typed);
// "AB:CD:..." for display.
std::string FormatFingerprint(std::string_view normalised);

std::string CommonName(X509* cert);
std::chrono::system_clock::time_point NotAfter(X509* cert);
bool IsCertificateAuthority(X509* cert);

// The certificate of `chain` whose fingerprint is `fingerprint` (normalised), provided it can
// act as a trust anchor for the first one (the server's): a CA, or the server's own
// self-signed certificate, that verifies the chain. kPermissionDenied when no certificate of
// the chain matches (a wrong fingerprint or someone in between), kFailedPrecondition when it
// matches but cannot be a trust anchor.
StatusOr<UniqueCert> FindPinnedAnchor(const std::vector<UniqueCert>& chain,
                                      const std::string& fingerprint);

// Checks what the centre issued: `cert` certifies `key`'s public key, is signed by `ca`, and is
// valid now. kDataLoss otherwise (the centre answered something we cannot use).
Status CheckIssuedCertificate(X509* cert, EVP_PKEY* key, X509* ca);

}  // namespace kiosk::provisioning
