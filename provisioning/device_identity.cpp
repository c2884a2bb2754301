#include "provisioning/device_identity.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <cctype>
#include <ctime>

#include <fmt/format.h>

namespace kiosk::provisioning {
namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using UniqueBio = std::unique_ptr<BIO, BioFree>;

UniqueBio MemoryBio(std::string_view text) {
  return UniqueBio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

std::string BioText(BIO* bio) {
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(size));
}

Status AddNameEntry(X509_NAME* name, const char* field, const std::string& value,
                    std::string_view label) {
  if (value.empty()) return OkStatus();
  if (X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1,
                                 0) != 1) {
    ERR_clear_error();
    return InvalidInputError(
        fmt::format("the {} does not fit a certificate (at most 64 characters)", label));
  }
  return OkStatus();
}

}  // namespace

Status OpenSslError(StatusCode code, std::string_view what) {
  std::string detail;
  while (unsigned long e = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(e, buffer, sizeof buffer);
    if (!detail.empty()) detail += "; ";
    detail += buffer;
  }
  if (detail.empty()) return Status(code, std::string(what));
  return Status(code, fmt::format("{}: {}", what, detail));
}

StatusOr<UniqueKey> GenerateDeviceKey() {
  UniqueKey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) return OpenSslError(StatusCode::kInternal, "generating the P-256 device key");
  return key;
}

StatusOr<std::string> PrivateKeyPem(EVP_PKEY* key) {
  UniqueBio bio(BIO_new(BIO_s_mem()));
  if (!PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)) {
    return OpenSslError(StatusCode::kInternal, "encoding the device key");
  }
  return BioText(bio.get());
}

StatusOr<UniqueKey> ParsePrivateKeyPem(std::string_view pem) {
  UniqueBio bio = MemoryBio(pem);
  UniqueKey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key) return OpenSslError(StatusCode::kDataLoss, "reading the device key");
  return key;
}

StatusOr<std::string> MakeCsrPem(EVP_PKEY* key, const DeviceSubject& subject) {
  if (subject.kiosk_id.empty()) return InvalidInputError("the kiosk id is empty");
  std::unique_ptr<X509_REQ, decltype(&X509_REQ_free)> request(X509_REQ_new(), &X509_REQ_free);
  X509_NAME* name = X509_REQ_get_subject_name(request.get());
  KIOSK_RETURN_IF_ERROR(AddNameEntry(name, "CN", subject.kiosk_id, "kiosk id"));
  KIOSK_RETURN_IF_ERROR(AddNameEntry(name, "O", subject.commune, "commune"));
  KIOSK_RETURN_IF_ERROR(AddNameEntry(name, "OU", subject.site, "site"));
  if (X509_REQ_set_version(request.get(), 0) != 1 || X509_REQ_set_pubkey(request.get(), key) != 1 ||
      X509_REQ_sign(request.get(), key, EVP_sha256()) <= 0) {
    return OpenSslError(StatusCode::kInternal, "signing the certificate request");
  }
  UniqueBio bio(BIO_new(BIO_s_mem()));
  if (!PEM_write_bio_X509_REQ(bio.get(), request.get())) {
    return OpenSslError(StatusCode::kInternal, "encoding the certificate request");
  }
  return BioText(bio.get());
}

StatusOr<UniqueCert> ParseCertificatePem(std::string_view pem) {
  UniqueBio bio = MemoryBio(pem);
  UniqueCert cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) return OpenSslError(StatusCode::kInvalidInput, "reading a certificate");
  return cert;
}

StatusOr<std::vector<UniqueCert>> ParseCertificateChainPem(std::string_view pem) {
  UniqueBio bio = MemoryBio(pem);
  std::vector<UniqueCert> chain;
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    chain.emplace_back(cert);
  }
  ERR_clear_error();  // the end of the bundle reads as an error
  if (chain.empty()) return InvalidInputError("no certificate found");
  return chain;
}

StatusOr<std::string> CertificatePem(X509* cert) {
  UniqueBio bio(BIO_new(BIO_s_mem()));
  if (!PEM_write_bio_X509(bio.get(), cert)) {
    return OpenSslError(StatusCode::kInternal, "encoding a certificate");
  }
  return BioText(bio.get());
}

std::string CertificateFingerprint(X509* cert) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  X509_digest(cert, EVP_sha256(), digest, &size);
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

StatusOr<std::string> NormaliseFingerprint(std::string_view typed) {
  std::string hex;
  for (char c : typed) {
    if (c == ':' || c == ' ' || c == '-') continue;
    if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return InvalidInputError("the CA fingerprint must be hexadecimal (e.g. AB:CD:...)");
    }
    hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (hex.size() != 64) {
    return InvalidInputError(fmt::format(
        "the CA fingerprint must be a SHA-256 (64 hex digits), got {} digits", hex.size()));
  }
  return hex;
}

std::string FormatFingerprint(std::string_view normalised) {
  std::string out;
  for (size_t i = 0; i < normalised.size(); i += 2) {
    if (!out.empty()) out += ':';
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(normalised[i])));
    if (i + 1 < normalised.size()) {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(normalised[i + 1])));
    }
  }
  return out;
}

std::string CommonName(X509* cert) {
  X509_NAME* name = X509_get_subject_name(cert);
  int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (index < 0) return "";
  ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  int size = ASN1_STRING_to_UTF8(&utf8, data);
  if (size < 0) return "";
  std::string out(reinterpret_cast<char*>(utf8), static_cast<size_t>(size));
  OPENSSL_free(utf8);
  return out;
}

std::chrono::system_clock::time_point NotAfter(X509* cert) {
  struct tm tm {};
  ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm);
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

bool IsCertificateAuthority(X509* cert) { return X509_check_ca(cert) != 0; }

StatusOr<UniqueCert> FindPinnedAnchor(const std::vector<UniqueCert>& chain,
                                      const std::string& fingerprint) {
  if (chain.empty()) return UnavailableError("the centre presented no certificate");
  X509* anchor = nullptr;
  for (const auto& cert : chain) {
    if (CertificateFingerprint(cert.get()) == fingerprint) anchor = cert.get();
  }
  if (anchor == nullptr) {
    // Only the names: printing the presented fingerprints would invite copying one over
    // the value that must come from the centre's administrator.
    std::string presented;
    for (const auto& cert : chain) {
      presented += fmt::format("{}'{}'", presented.empty() ? "" : ", ", CommonName(cert.get()));
    }
    return PermissionDeniedError(fmt::format(
        "none of the {} certificate(s) the centre presented ({}) has the CA fingerprint typed: "
        "check it with the centre's administrator; someone may be in between",
        chain.size(), presented));
  }
  bool self_signed_leaf = anchor == chain.front().get();
  if (!self_signed_leaf && !IsCertificateAuthority(anchor)) {
    return FailedPreconditionError("the certificate with that fingerprint is not a CA");
  }

  // Verify the server's certificate up to the anchor, the anchor being the only trusted one.
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), &X509_STORE_free);
  X509_STORE_add_cert(store.get(), anchor);
  struct StackFree {
    void operator()(STACK_OF(X509) * stack) const { sk_X509_free(stack); }
  };
  std::unique_ptr<STACK_OF(X509), StackFree> untrusted(sk_X509_new_null());
  for (size_t i = 1; i < chain.size(); ++i) sk_X509_push(untrusted.get(), chain[i].get());
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> context(X509_STORE_CTX_new(),
                                                                          &X509_STORE_CTX_free);
  X509_STORE_CTX_init(context.get(), store.get(), chain.front().get(), untrusted.get());
  if (X509_verify_cert(context.get()) != 1) {
    int error = X509_STORE_CTX_get_error(context.get());
    ERR_clear_error();
    return FailedPreconditionError(
        fmt::format("the centre's certificate does not verify against the pinned CA: {}",
                    X509_verify_cert_error_string(error)));
  }
  X509_up_ref(anchor);
  return UniqueCert(anchor);
}

Status CheckIssuedCertificate(X509* cert, EVP_PKEY* key, X509* ca) {
  if (X509_check_private_key(cert, key) != 1) {
    ERR_clear_error();
    return DataLossError("the issued certificate is not for this kiosk's key");
  }
  UniqueKey ca_key(X509_get_pubkey(ca));
  if (!ca_key || X509_verify(cert, ca_key.get()) != 1) {
    ERR_clear_error();
    return DataLossError("the issued certificate is not signed by the centre's CA");
  }
  if (X509_cmp_current_time(X509_get0_notAfter(cert)) <= 0) {
    return DataLossError("the issued certificate has already expired (check the clock)");
  }
  if (X509_cmp_current_time(X509_get0_notBefore(cert)) > 0) {
    return DataLossError(
        "the issued certificate is not valid yet: this kiosk's clock is behind the centre's");
  }
  return OkStatus();
}

}  // namespace kiosk::provisioning
