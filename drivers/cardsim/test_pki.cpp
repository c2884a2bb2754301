#include "drivers/cardsim/test_pki.h"

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <filesystem>
#include <memory>

#include "drivers/emrtd/openssl_status.h"
#include "drivers/emrtd/tlv.h"

namespace kiosk::cardsim {
namespace {

using emrtd::OpenSslError;

struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertFree {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct CmsFree {
  void operator()(CMS_ContentInfo* cms) const { CMS_ContentInfo_free(cms); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;
using CertPtr = std::unique_ptr<X509, CertFree>;

bool AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) return false;
  bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

StatusOr<CertPtr> MakeCertificate(EVP_PKEY* key, const char* common_name, X509* issuer,
                                  EVP_PKEY* issuer_key, long serial, bool ca) {
  CertPtr cert(X509_new());
  X509_NAME* name = X509_NAME_new();
  X509_NAME_add_entry_by_txt(name, "C", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("UT"),
                             -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("Kiosk test PKI"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
  bool ok = X509_set_version(cert.get(), 2) == 1 &&
            ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial) == 1 &&
            X509_set_subject_name(cert.get(), name) == 1 &&
            X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name) == 1 &&
            X509_gmtime_adj(X509_getm_notBefore(cert.get()), -86400L * 365 * 20) != nullptr &&
            X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400L * 365 * 30) != nullptr &&
            X509_set_pubkey(cert.get(), key) == 1;
  X509_NAME_free(name);
  X509* issuer_cert = issuer ? issuer : cert.get();
  ok = ok && AddExtension(cert.get(), issuer_cert, NID_subject_key_identifier, "hash");
  if (ca) {
    ok = ok &&
         AddExtension(cert.get(), issuer_cert, NID_basic_constraints,
                      "critical,CA:TRUE,pathlen:0") &&
         AddExtension(cert.get(), issuer_cert, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    ok = ok && AddExtension(cert.get(), issuer_cert, NID_authority_key_identifier, "keyid") &&
         AddExtension(cert.get(), issuer_cert, NID_key_usage, "critical,digitalSignature");
  }
  ok = ok && X509_sign(cert.get(), issuer_key, EVP_sha256()) > 0;
  if (!ok) return OpenSslError("test PKI certificate");
  return cert;
}

Status WritePem(const std::string& path, X509* cert, EVP_PKEY* key) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_file(path.c_str(), "w"));
  if (!bio) return OpenSslError("cannot write " + path);
  bool ok =
      cert ? PEM_write_bio_X509(bio.get(), cert) == 1
           : PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  if (!ok) return OpenSslError("PEM write " + path);
  return OkStatus();
}

}  // namespace

StatusOr<TestPkiPaths> GenerateTestPki(const std::string& dir) {
  TestPkiPaths paths;
  paths.trust_store_dir = dir + "/csca";
  paths.ds_cert = dir + "/ds-cert.pem";
  paths.ds_key = dir + "/ds-key.pem";
  std::error_code ec;
  if (std::filesystem::exists(paths.ds_key, ec) && std::filesystem::exists(paths.ds_cert, ec) &&
      std::filesystem::exists(paths.trust_store_dir + "/csca.pem", ec)) {
    return paths;
  }
  std::filesystem::create_directories(paths.trust_store_dir, ec);
  if (ec) return FailedPreconditionError("cannot create " + paths.trust_store_dir);

  KeyPtr csca_key(EVP_EC_gen("P-256"));
  KeyPtr ds_key(EVP_EC_gen("P-256"));
  if (!csca_key || !ds_key) return OpenSslError("test PKI keys");
  KIOSK_ASSIGN_OR_RETURN(CertPtr csca, MakeCertificate(csca_key.get(), "CSCA UTO TEST", nullptr,
                                                       csca_key.get(), 1, true));
  KIOSK_ASSIGN_OR_RETURN(CertPtr ds, MakeCertificate(ds_key.get(), "DS UTO TEST", csca.get(),
                                                     csca_key.get(), 2, false));
  KIOSK_RETURN_IF_ERROR(WritePem(paths.trust_store_dir + "/csca.pem", csca.get(), nullptr));
  KIOSK_RETURN_IF_ERROR(WritePem(paths.ds_cert, ds.get(), nullptr));
  KIOSK_RETURN_IF_ERROR(WritePem(paths.ds_key, nullptr, ds_key.get()));
  std::filesystem::permissions(
      paths.ds_key, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
  return paths;
}

StatusOr<emrtd::Bytes> SignSecurityObject(const TestPkiPaths& pki,
                                          std::span<const uint8_t> lds_security_object) {
  std::unique_ptr<BIO, BioFree> cert_bio(BIO_new_file(pki.ds_cert.c_str(), "r"));
  std::unique_ptr<BIO, BioFree> key_bio(BIO_new_file(pki.ds_key.c_str(), "r"));
  if (!cert_bio || !key_bio) return OpenSslError("test PKI: cannot open the DS files");
  CertPtr cert(PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr));
  KeyPtr key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr));
  if (!cert || !key) return OpenSslError("test PKI: cannot read the DS");

  std::unique_ptr<BIO, BioFree> content(
      BIO_new_mem_buf(lds_security_object.data(), static_cast<int>(lds_security_object.size())));
  int flags = CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP;
  std::unique_ptr<CMS_ContentInfo, CmsFree> cms(
      CMS_sign(cert.get(), key.get(), nullptr, nullptr, flags));
  if (!cms) return OpenSslError("CMS_sign");
  // id-icao-mrtd-security-ldsSecurityObject 2.23.136.1.1.1
  ASN1_OBJECT* type = OBJ_txt2obj("2.23.136.1.1.1", 1);
  bool ok = type != nullptr && CMS_set1_eContentType(cms.get(), type) == 1 &&
            CMS_final(cms.get(), content.get(), nullptr, flags) == 1;
  ASN1_OBJECT_free(type);
  if (!ok) return OpenSslError("CMS_final");

  unsigned char* der = nullptr;
  int length = i2d_CMS_ContentInfo(cms.get(), &der);
  if (length <= 0) return OpenSslError("i2d_CMS_ContentInfo");
  emrtd::Bytes value(der, der + length);
  OPENSSL_free(der);
  return emrtd::EncodeTlv(0x77, value);
}

}  // namespace kiosk::cardsim
