// Keys and certificates of the centre, with OpenSSL: the device CA that signs kiosk
// certificates (and the server certificate), certificate signing requests, and the Ed25519
// key that signs the catalog. Every function is thread-safe (no shared state).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "base/status.h"

namespace kiosk::central {

struct EvpKeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
using UniqueKey = std::unique_ptr<EVP_PKEY, EvpKeyFree>;
using UniqueCert = std::unique_ptr<X509, X509Free>;

// A new EC P-256 key (CA, server and device keys).
StatusOr<UniqueKey> GenerateEcKey();
// A new Ed25519 key (catalog signing).
StatusOr<UniqueKey> GenerateEd25519Key();

std::string PrivateKeyPem(EVP_PKEY* key);
std::string PublicKeyPem(EVP_PKEY* key);
std::string CertificatePem(X509* cert);
StatusOr<UniqueKey> ParsePrivateKeyPem(std::string_view pem);
StatusOr<UniqueCert> ParseCertificatePem(std::string_view pem);

// Reads a PEM file. Errors: kFailedPrecondition when the file cannot be read.
StatusOr<UniqueKey> LoadPrivateKey(const std::string& path);
StatusOr<UniqueCert> LoadCertificate(const std::string& path);

// Writes `content` to `path` atomically (temporary file, fsync, rename) with `mode` bits.
Status WriteFileAtomically(const std::string& path, std::string_view content, unsigned mode);

// A self-signed CA certificate for `key`.
StatusOr<UniqueCert> MakeCaCertificate(EVP_PKEY* key, const std::string& common_name,
                                       std::chrono::hours validity);

// A TLS server certificate for `subject_key`, signed by the CA, valid for every name in
// `hosts` (IP addresses become IP SANs, the rest DNS SANs).
StatusOr<UniqueCert> IssueServerCertificate(X509* ca, EVP_PKEY* ca_key, EVP_PKEY* subject_key,
                                            const std::vector<std::string>& hosts,
                                            std::chrono::hours validity);

// A certificate signing request for `key` with subject CN=`common_name` (PEM). Used by the
// kiosk side and by the tests.
StatusOr<std::string> MakeCsrPem(EVP_PKEY* key, const std::string& common_name);

// A parsed and verified CSR: its self-signature holds and its key is EC P-256/P-384,
// Ed25519 or RSA of 2048 bits or more. Errors: kInvalidInput otherwise. When `common_name`
// is given it receives the subject's common name ("" when there is none).
StatusOr<UniqueKey> PublicKeyFromCsr(std::string_view csr_pem, std::string* common_name = nullptr);

// A TLS client certificate CN=`kiosk_id` for `subject_key`, signed by the device CA.
StatusOr<UniqueCert> IssueDeviceCertificate(X509* ca, EVP_PKEY* ca_key, EVP_PKEY* subject_key,
                                            const std::string& kiosk_id,
                                            std::chrono::hours validity);

// The subject's common name, or "" when there is none.
std::string CommonName(X509* cert);
// The serial number in hexadecimal.
std::string SerialHex(X509* cert);
// SHA-256 of the DER encoding, lower-case hexadecimal.
std::string CertificateFingerprint(X509* cert);

// Ed25519 signature of `data` (raw 64 bytes).
StatusOr<std::string> SignEd25519(EVP_PKEY* key, std::string_view data);
// True when `signature` is a valid Ed25519 signature of `data` under `key`.
bool VerifyEd25519(EVP_PKEY* key, std::string_view data, std::string_view signature);
// The raw 32-byte public key of an Ed25519 key.
StatusOr<std::string> RawPublicKey(EVP_PKEY* key);

// Helpers.
std::string Sha256(std::string_view data);  // raw 32 bytes
std::string HexEncode(std::string_view bytes);
std::string Base64Encode(std::string_view bytes);
// `n` bytes from the system's CSPRNG.
StatusOr<std::string> RandomBytes(size_t n);

}  // namespace kiosk::central
