#include "drivers/emrtd/passive_authentication.h"

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

#include "base/log.h"
#include "drivers/emrtd/openssl_status.h"
#include "drivers/emrtd/tlv.h"

namespace kiosk::emrtd {
namespace {

struct CmsFree {
  void operator()(CMS_ContentInfo* cms) const { CMS_ContentInfo_free(cms); }
};
struct StoreFree {
  void operator()(X509_STORE* store) const { X509_STORE_free(store); }
};
struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using CmsPtr = std::unique_ptr<CMS_ContentInfo, CmsFree>;

struct HashOid {
  HashAlgorithm algorithm;
  uint8_t oid[9];
  size_t size;
};
// 1.3.14.3.2.26 (SHA-1) and 2.16.840.1.101.3.4.2.x (SHA-2).
constexpr HashOid kHashOids[] = {
    {HashAlgorithm::kSha1, {0x2B, 0x0E, 0x03, 0x02, 0x1A}, 5},
    {HashAlgorithm::kSha256, {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01}, 9},
    {HashAlgorithm::kSha384, {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02}, 9},
    {HashAlgorithm::kSha512, {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03}, 9},
    {HashAlgorithm::kSha224, {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x04}, 9},
};

StatusOr<CmsPtr> ParseCms(std::span<const uint8_t> sod_file) {
  KIOSK_ASSIGN_OR_RETURN(Tlv sod, ParseTlv(sod_file));
  if (sod.tag != 0x77) return InvalidInputError("EF.SOD: unexpected outer tag");
  const unsigned char* p = sod.value.data();
  CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(sod.value.size())));
  if (!cms) return OpenSslError("EF.SOD: not a CMS structure");
  if (OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed) {
    return InvalidInputError("EF.SOD: not CMS SignedData");
  }
  return cms;
}

StatusOr<int> SmallInteger(std::span<const uint8_t> value) {
  if (value.empty() || value.size() > 2) return InvalidInputError("LDS: bad integer");
  int result = 0;
  for (uint8_t b : value) result = result << 8 | b;
  return result;
}

StatusOr<SecurityObject> ParseLdsSecurityObject(std::span<const uint8_t> der) {
  KIOSK_ASSIGN_OR_RETURN(Tlv sequence, ParseTlv(der));
  if (sequence.tag != 0x30) return InvalidInputError("LDS: not a SEQUENCE");
  KIOSK_ASSIGN_OR_RETURN(std::vector<Tlv> fields, ParseTlvList(sequence.value));
  if (fields.size() < 3 || fields[0].tag != 0x02 || fields[1].tag != 0x30 ||
      fields[2].tag != 0x30) {
    return InvalidInputError("LDS: unexpected structure");
  }
  SecurityObject object;
  auto oid = FindTlv(fields[1].value, 0x06);
  if (!oid.ok()) return InvalidInputError("LDS: no hash algorithm");
  bool known = false;
  for (const HashOid& h : kHashOids) {
    if (oid->value.size() == h.size && std::equal(h.oid, h.oid + h.size, oid->value.begin())) {
      object.algorithm = h.algorithm;
      known = true;
    }
  }
  if (!known) return UnsupportedError("LDS: unknown hash algorithm");

  KIOSK_ASSIGN_OR_RETURN(std::vector<Tlv> entries, ParseTlvList(fields[2].value));
  for (const Tlv& entry : entries) {
    if (entry.tag != 0x30) return InvalidInputError("LDS: DataGroupHash is not a SEQUENCE");
    KIOSK_ASSIGN_OR_RETURN(std::vector<Tlv> parts, ParseTlvList(entry.value));
    if (parts.size() != 2 || parts[0].tag != 0x02 || parts[1].tag != 0x04) {
      return InvalidInputError("LDS: malformed DataGroupHash");
    }
    KIOSK_ASSIGN_OR_RETURN(int number, SmallInteger(parts[0].value));
    if (number < 1 || number > 16) return InvalidInputError("LDS: data group number out of range");
    object.hashes[number] = Bytes(parts[1].value.begin(), parts[1].value.end());
  }
  return object;
}

StatusOr<Bytes> SignedContent(CMS_ContentInfo* cms) {
  ASN1_OCTET_STRING** content = CMS_get0_content(cms);
  if (content == nullptr || *content == nullptr) {
    return InvalidInputError("EF.SOD: no encapsulated content");
  }
  const unsigned char* data = ASN1_STRING_get0_data(*content);
  return Bytes(data, data + ASN1_STRING_length(*content));
}

// Loads every certificate of every file in `dir`; returns how many were added.
int LoadTrustStore(X509_STORE* store, const std::string& dir) {
  int count = 0;
  std::error_code ec;
  if (dir.empty() || !std::filesystem::is_directory(dir, ec)) return 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file(ec)) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::unique_ptr<BIO, BioFree> bio(
        BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
    bool any = false;
    while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
      if (X509_STORE_add_cert(store, cert) == 1) ++count;
      X509_free(cert);
      any = true;
    }
    ERR_clear_error();
    if (!any) {
      const unsigned char* p = reinterpret_cast<const unsigned char*>(bytes.data());
      if (X509* cert = d2i_X509(nullptr, &p, static_cast<long>(bytes.size()))) {
        if (X509_STORE_add_cert(store, cert) == 1) ++count;
        X509_free(cert);
      }
      ERR_clear_error();
    }
  }
  return count;
}

PassiveAuthenticationResult Result(PassiveAuthenticationStatus status, std::string reason) {
  return PassiveAuthenticationResult{status, std::move(reason)};
}

}  // namespace

std::string_view PassiveAuthenticationStatusName(PassiveAuthenticationStatus status) {
  switch (status) {
    case PassiveAuthenticationStatus::kVerified:
      return "verified";
    case PassiveAuthenticationStatus::kFailed:
      return "failed";
    case PassiveAuthenticationStatus::kNoTrustAnchor:
      return "no_trust_anchor";
  }
  return "failed";
}

Bytes HashAlgorithmOid(HashAlgorithm algorithm) {
  for (const HashOid& h : kHashOids) {
    if (h.algorithm == algorithm) return Bytes(h.oid, h.oid + h.size);
  }
  return {};
}

Bytes EncodeSecurityObject(const SecurityObject& object) {
  Bytes version = {0x02, 0x01, 0x00};
  Bytes algorithm = EncodeTlv(0x30, EncodeTlv(0x06, HashAlgorithmOid(object.algorithm)));
  Bytes hashes;
  for (const auto& [number, hash] : object.hashes) {
    Bytes entry =
        Concat({EncodeTlv(0x02, Bytes{static_cast<uint8_t>(number)}), EncodeTlv(0x04, hash)});
    Bytes sequence = EncodeTlv(0x30, entry);
    hashes.insert(hashes.end(), sequence.begin(), sequence.end());
  }
  return EncodeTlv(0x30, Concat({version, algorithm, EncodeTlv(0x30, hashes)}));
}

StatusOr<SecurityObject> ParseSod(std::span<const uint8_t> sod_file) {
  KIOSK_ASSIGN_OR_RETURN(CmsPtr cms, ParseCms(sod_file));
  KIOSK_ASSIGN_OR_RETURN(Bytes content, SignedContent(cms.get()));
  return ParseLdsSecurityObject(content);
}

PassiveAuthenticationResult VerifyPassiveAuthentication(std::span<const uint8_t> sod_file,
                                                        const std::map<int, Bytes>& data_groups,
                                                        const std::string& trust_store_dir) {
  using S = PassiveAuthenticationStatus;
  auto cms = ParseCms(sod_file);
  if (!cms.ok()) return Result(S::kFailed, cms.status().message());
  auto content = SignedContent(cms->get());
  if (!content.ok()) return Result(S::kFailed, content.status().message());
  auto object = ParseLdsSecurityObject(*content);
  if (!object.ok()) return Result(S::kFailed, object.status().message());

  // 1. Every data group read must be listed, with the same hash of its bytes as read.
  for (const auto& [number, bytes] : data_groups) {
    auto listed = object->hashes.find(number);
    if (listed == object->hashes.end()) {
      return Result(S::kFailed, "DG" + std::to_string(number) + " is not listed in EF.SOD");
    }
    auto hash = Hash(object->algorithm, bytes);
    if (!hash.ok() || !EqualConstantTime(*hash, listed->second)) {
      return Result(S::kFailed, "DG" + std::to_string(number) + " does not match its hash");
    }
  }

  // 2. The signature by the Document Signer certificate carried in the SOD, without any
  //    chain yet: a tampered SOD fails even when we have no trust anchor.
  BIO* none = nullptr;
  if (CMS_verify(cms->get(), nullptr, nullptr, none, nullptr,
                 CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) != 1) {
    Status error = OpenSslError("SOD signature");
    return Result(S::kFailed, error.message());
  }

  // 3. The Document Signer up to a CSCA of the trust store.
  std::unique_ptr<X509_STORE, StoreFree> store(X509_STORE_new());
  int anchors = LoadTrustStore(store.get(), trust_store_dir);
  if (anchors == 0) return Result(S::kNoTrustAnchor, "the CSCA trust store is empty");
  // Document Signer certificates carry only digitalSignature, not the S/MIME purposes.
  X509_STORE_set_purpose(store.get(), X509_PURPOSE_ANY);
  if (CMS_verify(cms->get(), nullptr, store.get(), none, nullptr, CMS_BINARY) == 1) {
    return Result(S::kVerified, "");
  }
  unsigned long error = ERR_peek_last_error();
  Status status = OpenSslError("Document Signer chain");
  STACK_OF(X509)* signers = CMS_get0_signers(cms->get());
  bool issuer_known = false;
  if (signers != nullptr && sk_X509_num(signers) > 0) {
    X509* ds = sk_X509_value(signers, 0);
    X509_STORE_CTX* ctx = X509_STORE_CTX_new();
    if (ctx != nullptr && X509_STORE_CTX_init(ctx, store.get(), ds, nullptr) == 1) {
      X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_ANY);
      X509_verify_cert(ctx);
      int code = X509_STORE_CTX_get_error(ctx);
      issuer_known = code != X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY &&
                     code != X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT;
      status = Status(StatusCode::kDataLoss,
                      std::string("Document Signer chain: ") + X509_verify_cert_error_string(code));
    }
    X509_STORE_CTX_free(ctx);
    sk_X509_free(signers);
  }
  ERR_clear_error();
  (void)error;
  if (!issuer_known)
    return Result(S::kNoTrustAnchor, "no CSCA in the trust store issued the Document Signer");
  return Result(S::kFailed, status.message());
}

}  // namespace kiosk::emrtd
