#include "tests/offline/support/test_pki.h"

#include <cstdio>
#include <memory>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace kiosk::testing {
namespace {

using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using CertPtr = std::unique_ptr<X509, decltype(&X509_free)>;

void Check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test PKI: ") + what);
}

KeyPtr NewKey() {
  KeyPtr key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  Check(key != nullptr, "key generation");
  return key;
}

void AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  Check(extension != nullptr, "extension");
  X509_add_ext(cert, extension, -1);
  X509_EXTENSION_free(extension);
}

// `not_before_days` / `not_after_days` are offsets from now.
CertPtr NewCert(EVP_PKEY* key, const char* common_name, X509* issuer, EVP_PKEY* issuer_key,
                long not_before_days, long not_after_days, bool is_ca, bool is_server) {
  static long serial = 1000;
  CertPtr cert(X509_new(), X509_free);
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), ++serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), not_before_days * 86400);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), not_after_days * 86400);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("Guichet test"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
  X509* signer = issuer != nullptr ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  if (is_ca) {
    AddExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
    AddExtension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    AddExtension(cert.get(), signer, NID_subject_key_identifier, "hash");
  } else {
    AddExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
    AddExtension(cert.get(), signer, NID_key_usage, "critical,digitalSignature");
    AddExtension(cert.get(), signer, NID_ext_key_usage, is_server ? "serverAuth" : "clientAuth");
    if (is_server) {
      AddExtension(cert.get(), signer, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
    }
  }
  Check(X509_sign(cert.get(), issuer_key != nullptr ? issuer_key : key, EVP_sha256()) > 0,
        "signing");
  return cert;
}

void WriteCert(const std::string& path, X509* cert) {
  FILE* file = std::fopen(path.c_str(), "w");
  Check(file != nullptr, "open certificate file");
  PEM_write_X509(file, cert);
  std::fclose(file);
}

void WriteKey(const std::string& path, EVP_PKEY* key) {
  FILE* file = std::fopen(path.c_str(), "w");
  Check(file != nullptr, "open key file");
  PEM_write_PrivateKey(file, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(file);
}

}  // namespace

TestPki TestPki::Create(const std::string& dir) {
  TestPki pki;
  auto path = [&](const char* name) { return dir + "/" + name; };

  KeyPtr ca_key = NewKey();
  CertPtr ca = NewCert(ca_key.get(), "Guichet test CA", nullptr, nullptr, -1, 365, true, false);
  KeyPtr server_key = NewKey();
  CertPtr server =
      NewCert(server_key.get(), "127.0.0.1", ca.get(), ca_key.get(), -1, 30, false, true);
  KeyPtr client_key = NewKey();
  CertPtr client =
      NewCert(client_key.get(), "test-kiosk-01", ca.get(), ca_key.get(), -1, 30, false, false);
  KeyPtr expired_key = NewKey();
  CertPtr expired =
      NewCert(expired_key.get(), "test-kiosk-02", ca.get(), ca_key.get(), -30, -1, false, false);
  KeyPtr rogue_ca_key = NewKey();
  CertPtr rogue_ca =
      NewCert(rogue_ca_key.get(), "Rogue CA", nullptr, nullptr, -1, 365, true, false);
  KeyPtr rogue_server_key = NewKey();
  CertPtr rogue_server = NewCert(rogue_server_key.get(), "127.0.0.1", rogue_ca.get(),
                                 rogue_ca_key.get(), -1, 30, false, true);

  pki.ca_cert = path("ca.pem");
  pki.ca_key = path("ca.key");
  pki.server_cert = path("server.pem");
  pki.server_key = path("server.key");
  pki.client_cert = path("client.pem");
  pki.client_key = path("client.key");
  pki.expired_client_cert = path("expired-client.pem");
  pki.expired_client_key = path("expired-client.key");
  pki.rogue_ca_cert = path("rogue-ca.pem");
  pki.rogue_server_cert = path("rogue-server.pem");
  pki.rogue_server_key = path("rogue-server.key");
  WriteCert(pki.ca_cert, ca.get());
  WriteKey(pki.ca_key, ca_key.get());
  WriteCert(pki.server_cert, server.get());
  WriteKey(pki.server_key, server_key.get());
  WriteCert(pki.client_cert, client.get());
  WriteKey(pki.client_key, client_key.get());
  WriteCert(pki.expired_client_cert, expired.get());
  WriteKey(pki.expired_client_key, expired_key.get());
  WriteCert(pki.rogue_ca_cert, rogue_ca.get());
  WriteCert(pki.rogue_server_cert, rogue_server.get());
  WriteKey(pki.rogue_server_key, rogue_server_key.get());
  return pki;
}

}  // namespace kiosk::testing
