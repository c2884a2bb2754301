#include "central/pki.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509v3.h>

#include "central/openssl_status.h"

namespace kiosk::central {
namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct ReqFree {
  void operator()(X509_REQ* req) const { X509_REQ_free(req); }
};
struct CtxFree {
  void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using UniqueBio = std::unique_ptr<BIO, BioFree>;
using UniqueReq = std::unique_ptr<X509_REQ, ReqFree>;

std::string BioText(BIO* bio) {
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(size));
}

UniqueBio ReadBio(std::string_view text) {
  return UniqueBio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

StatusOr<std::string> ReadWholeFile(const std::string& path) {
  FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return FailedPreconditionError("cannot read " + path);
  std::string content;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), file)) > 0) content.append(buffer, n);
  std::fclose(file);
  return content;
}

// Ed25519 keys sign without a separate digest; every other key type here uses SHA-256.
const EVP_MD* DigestFor(EVP_PKEY* key) {
  return EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519 ? nullptr : EVP_sha256();
}

Status AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) return OpenSslStatus("building a certificate extension");
  int added = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  if (added != 1) return OpenSslStatus("adding a certificate extension");
  return OkStatus();
}

// A certificate with a random 128-bit serial, the validity window, the subject CN and the
// public key; the caller adds extensions and signs.
StatusOr<UniqueCert> NewCertificate(EVP_PKEY* subject_key, const std::string& common_name,
                                    std::chrono::hours validity) {
  UniqueCert cert(X509_new());
  if (!cert) return OpenSslStatus("X509_new");
  X509_set_version(cert.get(), 2);

  KIOSK_ASSIGN_OR_RETURN(std::string serial_bytes, RandomBytes(16));
  serial_bytes[0] = static_cast<char>(serial_bytes[0] & 0x7f);  // positive
  BIGNUM* serial =
      BN_bin2bn(reinterpret_cast<const unsigned char*>(serial_bytes.data()), 16, nullptr);
  BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(cert.get()));
  BN_free(serial);

  // Backdated by an hour so that a kiosk whose clock is a little behind still accepts it.
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()),
                  static_cast<long>(std::chrono::seconds(validity).count()));
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  if (X509_set_pubkey(cert.get(), subject_key) != 1) return OpenSslStatus("X509_set_pubkey");
  return cert;
}

Status SignCertificate(X509* cert, X509* issuer, EVP_PKEY* issuer_key) {
  if (X509_set_issuer_name(cert, X509_get_subject_name(issuer)) != 1) {
    return OpenSslStatus("X509_set_issuer_name");
  }
  if (X509_sign(cert, issuer_key, DigestFor(issuer_key)) <= 0) {
    return OpenSslStatus("signing a certificate");
  }
  return OkStatus();
}

bool IsIpAddress(const std::string& host) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, host.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

// The first common name of `name` in UTF-8, or "" when there is none.
std::string NameCommonName(X509_NAME* name) {
  int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (index < 0) return "";
  ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  int length = ASN1_STRING_to_UTF8(&utf8, data);
  if (length < 0) return "";
  std::string result(reinterpret_cast<char*>(utf8), static_cast<size_t>(length));
  OPENSSL_free(utf8);
  return result;
}

}  // namespace

StatusOr<UniqueKey> GenerateEcKey() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  if (key == nullptr) return OpenSslStatus("generating an EC key");
  return UniqueKey(key);
}

StatusOr<UniqueKey> GenerateEd25519Key() {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (key == nullptr) return OpenSslStatus("generating an Ed25519 key");
  return UniqueKey(key);
}

std::string PrivateKeyPem(EVP_PKEY* key) {
  UniqueBio bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  return BioText(bio.get());
}

std::string PublicKeyPem(EVP_PKEY* key) {
  UniqueBio bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PUBKEY(bio.get(), key);
  return BioText(bio.get());
}

std::string CertificatePem(X509* cert) {
  UniqueBio bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), cert);
  return BioText(bio.get());
}

StatusOr<UniqueKey> ParsePrivateKeyPem(std::string_view pem) {
  UniqueBio bio = ReadBio(pem);
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
  if (key == nullptr) return OpenSslStatus("parsing a private key");
  return UniqueKey(key);
}

StatusOr<UniqueCert> ParseCertificatePem(std::string_view pem) {
  UniqueBio bio = ReadBio(pem);
  X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
  if (cert == nullptr) return OpenSslStatus("parsing a certificate");
  return UniqueCert(cert);
}

StatusOr<UniqueKey> LoadPrivateKey(const std::string& path) {
  KIOSK_ASSIGN_OR_RETURN(std::string pem, ReadWholeFile(path));
  auto key = ParsePrivateKeyPem(pem);
  if (!key.ok()) return key.status().WithContext(path);
  return key;
}

StatusOr<UniqueCert> LoadCertificate(const std::string& path) {
  KIOSK_ASSIGN_OR_RETURN(std::string pem, ReadWholeFile(path));
  auto cert = ParseCertificatePem(pem);
  if (!cert.ok()) return cert.status().WithContext(path);
  return cert;
}

Status WriteFileAtomically(const std::string& path, std::string_view content, unsigned mode) {
  std::string temporary = path + ".tmp";
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return FailedPreconditionError("cannot create " + temporary);
  // The mode given to open() is filtered by the umask: set it explicitly so that private
  // keys are 0600 whatever the umask.
  ::fchmod(fd, mode);
  size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n <= 0) {
      ::close(fd);
      return UnavailableError("cannot write " + temporary);
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    return UnavailableError("cannot sync " + temporary);
  }
  ::close(fd);
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    return FailedPreconditionError("cannot rename " + temporary + " to " + path);
  }
  return OkStatus();
}

StatusOr<UniqueCert> MakeCaCertificate(EVP_PKEY* key, const std::string& common_name,
                                       std::chrono::hours validity) {
  KIOSK_ASSIGN_OR_RETURN(UniqueCert cert, NewCertificate(key, common_name, validity));
  X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get()));
  KIOSK_RETURN_IF_ERROR(
      AddExtension(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0"));
  KIOSK_RETURN_IF_ERROR(
      AddExtension(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign"));
  KIOSK_RETURN_IF_ERROR(AddExtension(cert.get(), cert.get(), NID_subject_key_identifier, "hash"));
  KIOSK_RETURN_IF_ERROR(SignCertificate(cert.get(), cert.get(), key));
  return cert;
}

StatusOr<UniqueCert> IssueServerCertificate(X509* ca, EVP_PKEY* ca_key, EVP_PKEY* subject_key,
                                            const std::vector<std::string>& hosts,
                                            std::chrono::hours validity) {
  if (hosts.empty()) return InvalidInputError("a server certificate needs at least one name");
  KIOSK_ASSIGN_OR_RETURN(UniqueCert cert, NewCertificate(subject_key, hosts.front(), validity));
  std::string names;
  for (const std::string& host : hosts) {
    if (!names.empty()) names += ",";
    names += (IsIpAddress(host) ? "IP:" : "DNS:") + host;
  }
  KIOSK_RETURN_IF_ERROR(AddExtension(cert.get(), ca, NID_basic_constraints, "critical,CA:FALSE"));
  KIOSK_RETURN_IF_ERROR(AddExtension(cert.get(), ca, NID_key_usage, "critical,digitalSignature"));
  KIOSK_RETURN_IF_ERROR(AddExtension(cert.get(), ca, NID_ext_key_usage, "serverAuth"));
  KIOSK_RETURN_IF_ERROR(AddExtension(cert.get(), ca, NID_subject_alt_name, names.c_str()));
  KIOSK_RETURN_IF_ERROR(SignCertificate(cert.get(), ca, ca_key));
  return cert;
}

StatusOr<std::string> MakeCsrPem(EVP_PKEY* key, const std::string& common_name) {
  UniqueReq req(X509_REQ_new());
  X509_REQ_set_version(req.get(), 0);
  X509_NAME* name = X509_REQ_get_subject_name(req.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  X509_REQ_set_pubkey(req.get(), key);
  if (X509_REQ_sign(req.get(), key, DigestFor(key)) <= 0) return OpenSslStatus("signing a CSR");
  UniqueBio bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509_REQ(bio.get(), req.get());
  return BioText(bio.get());
}

StatusOr<UniqueKey> PublicKeyFromCsr(std::string_view csr_pem, std::string* common_name) {
  UniqueBio bio = ReadBio(csr_pem);
  UniqueReq req(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
  if (!req) {
    ERR_clear_error();
    return InvalidInputError("the CSR is not a PEM certificate request");
  }
  EVP_PKEY* key = X509_REQ_get_pubkey(req.get());
  if (key == nullptr) {
    ERR_clear_error();
    return InvalidInputError("the CSR holds no usable public key");
  }
  UniqueKey owned(key);
  if (X509_REQ_verify(req.get(), key) != 1) {
    ERR_clear_error();
    return InvalidInputError("the CSR signature does not verify");
  }
  int type = EVP_PKEY_get_base_id(key);
  int bits = EVP_PKEY_get_bits(key);
  bool acceptable = type == EVP_PKEY_ED25519 || (type == EVP_PKEY_EC && bits >= 256) ||
                    (type == EVP_PKEY_RSA && bits >= 2048);
  if (!acceptable) {
    return InvalidInputError("the CSR key must be EC P-256 or larger, Ed25519 or RSA >= 2048");
  }
  if (common_name != nullptr) *common_name = NameCommonName(X509_REQ_get_subject_name(req.get()));
  return owned;
}

StatusOr<UniqueCert> IssueDeviceCertificate(X509* ca, EVP_PKEY* ca_key, EVP_PKEY* subject_key,
                                            const std::string& kiosk_id,
                                            std::chrono::hours validity) {
  KIOSK_ASSIGN_OR_RETURN(UniqueCert cert, NewCertificate(subject_key, kiosk_id, validity));
  KIOSK_RETURN_IF_ERROR(AddExtension(cert.get(), ca, NID_basic_constraints, "critical,CA:FALSE"));
  KIOSK_RETURN_IF_ERROR(AddExtension(cert.get(), ca, NID_key_usage, "critical,digitalSignature"));
  KIOSK_RETURN_IF_ERROR(AddExtension(cert.get(), ca, NID_ext_key_usage, "clientAuth"));
  KIOSK_RETURN_IF_ERROR(SignCertificate(cert.get(), ca, ca_key));
  return cert;
}

std::string CommonName(X509* cert) { return NameCommonName(X509_get_subject_name(cert)); }

std::string SerialHex(X509* cert) {
  BIGNUM* serial = ASN1_INTEGER_to_BN(X509_get_serialNumber(cert), nullptr);
  char* hex = BN_bn2hex(serial);
  std::string result(hex);
  OPENSSL_free(hex);
  BN_free(serial);
  return result;
}

std::string CertificateFingerprint(X509* cert) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  X509_digest(cert, EVP_sha256(), digest, &length);
  return HexEncode(std::string_view(reinterpret_cast<char*>(digest), length));
}

StatusOr<std::string> SignEd25519(EVP_PKEY* key, std::string_view data) {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key) != 1) {
    return OpenSslStatus("starting an Ed25519 signature");
  }
  std::string signature(64, '\0');
  size_t length = signature.size();
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
    return OpenSslStatus("Ed25519 signature");
  }
  signature.resize(length);
  return signature;
}

bool VerifyEd25519(EVP_PKEY* key, std::string_view data, std::string_view signature) {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key) != 1) {
    ERR_clear_error();
    return false;
  }
  bool ok = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                             signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
                             data.size()) == 1;
  ERR_clear_error();
  return ok;
}

StatusOr<std::string> RawPublicKey(EVP_PKEY* key) {
  size_t length = 0;
  if (EVP_PKEY_get_raw_public_key(key, nullptr, &length) != 1) {
    return OpenSslStatus("reading a raw public key");
  }
  std::string raw(length, '\0');
  if (EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(raw.data()), &length) !=
      1) {
    return OpenSslStatus("reading a raw public key");
  }
  return raw;
}

std::string Sha256(std::string_view data) {
  std::string digest(SHA256_DIGEST_LENGTH, '\0');
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(),
         reinterpret_cast<unsigned char*>(digest.data()));
  return digest;
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (unsigned char byte : bytes) {
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 0x0f];
  }
  return hex;
}

std::string Base64Encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                               reinterpret_cast<const unsigned char*>(bytes.data()),
                               static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(length));
  return out;
}

StatusOr<std::string> RandomBytes(size_t n) {
  std::string bytes(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(n)) != 1) {
    return OpenSslStatus("RAND_bytes");
  }
  return bytes;
}

}  // namespace kiosk::central
