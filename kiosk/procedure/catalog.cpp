// Ed25519 through OpenSSL's EVP interface (one-shot EVP_DigestSign / EVP_DigestVerify: the
// algorithm hashes internally, so no digest is named). Every OpenSSL failure goes through
// OpenSslStatus(), which drains the error queue so that a later call does not report a
// stale error.
#include "kiosk/procedure/catalog.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "base/log.h"
#include "kiosk/procedure/canonical_json.h"
#include "kiosk/procedure/submission.h"

namespace kiosk::procedure {
namespace {

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;
using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;

Status OpenSslStatus(std::string_view what) {
  unsigned long first = ERR_get_error();
  unsigned long error = first;
  while (ERR_get_error() != 0) {
  }
  if (first == 0) return InternalError(fmt::format("{} failed", what));
  char text[256];
  ERR_error_string_n(error, text, sizeof(text));
  return Status(StatusCodeForOpenSsl(first), fmt::format("{}: {}", what, text));
}

std::string BioText(BIO* bio) {
  char* data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  return length > 0 ? std::string(data, static_cast<size_t>(length)) : std::string();
}

StatusOr<PkeyPtr> ReadPrivateKey(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  if (!bio) return OpenSslStatus("BIO_new_mem_buf");
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  if (!key) return OpenSslStatus("reading the catalog private key");
  if (EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
    return InvalidInputError("the catalog private key is not an Ed25519 key");
  }
  return key;
}

StatusOr<PkeyPtr> ReadPublicKey(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  if (!bio) return OpenSslStatus("BIO_new_mem_buf");
  PkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  if (!key) return OpenSslStatus("reading the catalog public key");
  if (EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
    return InvalidInputError("the catalog public key is not an Ed25519 key");
  }
  return key;
}

std::string Base64Encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

// Strict: only the canonical encoding of some bytes is accepted.
std::optional<std::string> Base64Decode(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0 || text.size() > 1024) return std::nullopt;
  std::string out(text.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  size_t padding = text.ends_with("==") ? 2 : text.ends_with("=") ? 1 : 0;
  out.resize(static_cast<size_t>(n) - padding);
  if (Base64Encode(out) != text) return std::nullopt;
  return out;
}

StatusOr<std::string> RawPublicKey(EVP_PKEY* key) {
  size_t length = 0;
  if (EVP_PKEY_get_raw_public_key(key, nullptr, &length) != 1) {
    return OpenSslStatus("EVP_PKEY_get_raw_public_key");
  }
  std::string raw(length, '\0');
  if (EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(raw.data()), &length) !=
      1) {
    return OpenSslStatus("EVP_PKEY_get_raw_public_key");
  }
  return raw;
}

StatusOr<std::string> KeyIdOf(EVP_PKEY* key) {
  KIOSK_ASSIGN_OR_RETURN(std::string raw, RawPublicKey(key));
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(raw.data(), raw.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    return OpenSslStatus("SHA-256");
  }
  std::string hex;
  for (unsigned int i = 0; i < 8; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

StatusOr<Catalog> ParsePayload(std::string_view payload) {
  auto parsed = ParseJson(payload);
  if (!parsed.ok()) return DataLossError("catalog payload: " + parsed.status().message());
  const auto& p = *parsed;
  if (!p.is_object() || p.size() != 3 || !p.contains("catalog_version") ||
      !p.contains("issued_at") || !p.contains("procedures")) {
    return DataLossError("catalog payload must hold catalog_version, issued_at and procedures");
  }
  Catalog catalog;
  if (!p["catalog_version"].is_number_integer() || !p["issued_at"].is_string() ||
      !p["procedures"].is_array()) {
    return DataLossError("catalog payload has a field of the wrong type");
  }
  catalog.catalog_version = p["catalog_version"].get<int64_t>();
  catalog.issued_at = p["issued_at"].get<std::string>();
  for (const auto& entry : p["procedures"]) {
    if (!entry.is_object() || entry.size() != 3 || !entry.contains("id") ||
        !entry["id"].is_string() || !entry.contains("version") ||
        !entry["version"].is_number_integer() || !entry.contains("yaml") ||
        !entry["yaml"].is_string()) {
      return DataLossError("catalog entry must be {\"id\", \"version\", \"yaml\"}");
    }
    catalog.procedures.push_back({entry["id"].get<std::string>(), entry["version"].get<int64_t>(),
                                  entry["yaml"].get<std::string>()});
  }
  return catalog;
}

StatusOr<std::string> ReadFileText(const std::string& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return NotFoundError(fmt::format("{}: {}", path, ec.message()));
  if (size > kMaxCatalogSize) return DataLossError(fmt::format("{}: file too large", path));
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (!in && !in.eof()) return UnavailableError(fmt::format("{}: cannot read", path));
  return buffer.str();
}

}  // namespace

StatusCode StatusCodeForOpenSsl(unsigned long error) {
  if (error == 0) return StatusCode::kOk;
  if (ERR_GET_REASON(error) == ERR_R_MALLOC_FAILURE) return StatusCode::kResourceExhausted;
  switch (ERR_GET_LIB(error)) {
    case ERR_LIB_PEM:
    case ERR_LIB_ASN1:
    case ERR_LIB_OSSL_DECODER:
    case ERR_LIB_X509:
      return StatusCode::kInvalidInput;
    default:
      return StatusCode::kInternal;
  }
}

StatusOr<CatalogKey> GenerateCatalogKey() {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr), &EVP_PKEY_CTX_free);
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1) return OpenSslStatus("Ed25519 keygen init");
  EVP_PKEY* raw_key = nullptr;
  if (EVP_PKEY_keygen(ctx.get(), &raw_key) != 1) return OpenSslStatus("Ed25519 keygen");
  PkeyPtr key(raw_key, &EVP_PKEY_free);

  BioPtr private_bio(BIO_new(BIO_s_mem()), &BIO_free);
  BioPtr public_bio(BIO_new(BIO_s_mem()), &BIO_free);
  if (!private_bio || !public_bio ||
      PEM_write_bio_PrivateKey(private_bio.get(), key.get(), nullptr, nullptr, 0, nullptr,
                               nullptr) != 1 ||
      PEM_write_bio_PUBKEY(public_bio.get(), key.get()) != 1) {
    return OpenSslStatus("writing the catalog key");
  }
  return CatalogKey{BioText(private_bio.get()), BioText(public_bio.get())};
}

StatusOr<std::string> CatalogKeyId(const std::string& public_pem) {
  KIOSK_ASSIGN_OR_RETURN(PkeyPtr key, ReadPublicKey(public_pem));
  return KeyIdOf(key.get());
}

StatusOr<std::string> CatalogPayload(const Catalog& catalog) {
  nlohmann::json procedures = nlohmann::json::array();
  auto entries = catalog.procedures;
  std::sort(entries.begin(), entries.end(),
            [](const CatalogEntry& a, const CatalogEntry& b) { return a.id < b.id; });
  for (const auto& entry : entries) {
    procedures.push_back({{"id", entry.id}, {"version", entry.version}, {"yaml", entry.yaml}});
  }
  nlohmann::json payload = {{"catalog_version", catalog.catalog_version},
                            {"issued_at", catalog.issued_at},
                            {"procedures", procedures}};
  return CanonicalJson(payload);
}

StatusOr<std::string> SignCatalog(const Catalog& catalog, const std::string& private_pem) {
  KIOSK_ASSIGN_OR_RETURN(PkeyPtr key, ReadPrivateKey(private_pem));
  KIOSK_ASSIGN_OR_RETURN(std::string payload, CatalogPayload(catalog));

  MdCtxPtr ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) {
    return OpenSslStatus("Ed25519 sign init");
  }
  size_t length = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(payload.data());
  if (EVP_DigestSign(ctx.get(), nullptr, &length, data, payload.size()) != 1) {
    return OpenSslStatus("Ed25519 sign");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, data,
                     payload.size()) != 1) {
    return OpenSslStatus("Ed25519 sign");
  }
  signature.resize(length);
  KIOSK_ASSIGN_OR_RETURN(std::string key_id, KeyIdOf(key.get()));
  nlohmann::json envelope = {{"format", kCatalogFormat},
                             {"key_id", key_id},
                             {"payload", payload},
                             {"signature", Base64Encode(signature)}};
  return CanonicalJson(envelope);
}

StatusOr<Catalog> VerifyCatalog(std::string_view envelope_text, const std::string& public_pem) {
  if (envelope_text.size() > kMaxCatalogSize) return DataLossError("catalog too large");
  KIOSK_ASSIGN_OR_RETURN(PkeyPtr key, ReadPublicKey(public_pem));
  auto parsed = ParseJson(envelope_text);
  if (!parsed.ok()) return DataLossError("catalog envelope: " + parsed.status().message());
  const auto& envelope = *parsed;
  if (!envelope.is_object() || envelope.size() != 4 ||
      envelope.value("format", 0) != kCatalogFormat || !envelope.contains("payload") ||
      !envelope["payload"].is_string() || !envelope.contains("signature") ||
      !envelope["signature"].is_string() || !envelope.contains("key_id") ||
      !envelope["key_id"].is_string()) {
    return DataLossError("catalog envelope must be {format: 1, key_id, payload, signature}");
  }
  KIOSK_ASSIGN_OR_RETURN(std::string key_id, KeyIdOf(key.get()));
  if (envelope["key_id"].get<std::string>() != key_id) {
    return DataLossError(fmt::format("catalog signed with key {}, expected key {}",
                                     envelope["key_id"].get<std::string>(), key_id));
  }
  auto signature = Base64Decode(envelope["signature"].get<std::string>());
  if (!signature || signature->size() != 64) return DataLossError("catalog signature is malformed");

  const auto& payload = envelope["payload"].get_ref<const std::string&>();
  MdCtxPtr ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) {
    return OpenSslStatus("Ed25519 verify init");
  }
  int verified = EVP_DigestVerify(
      ctx.get(), reinterpret_cast<const unsigned char*>(signature->data()), signature->size(),
      reinterpret_cast<const unsigned char*>(payload.data()), payload.size());
  ERR_clear_error();
  if (verified != 1) return DataLossError("catalog signature does not verify");
  return ParsePayload(payload);
}

ProcedureSet LoadCatalogProcedures(const Catalog& catalog) {
  ProcedureSet set;
  for (const auto& entry : catalog.procedures) {
    std::string name = fmt::format("catalog:{}", entry.id);
    ProcedureLoad load = ParseProcedure(entry.yaml, name);
    if (!load.ok()) {
      set.errors.insert(set.errors.end(), load.errors.begin(), load.errors.end());
      continue;
    }
    if (load.procedure->id != entry.id || load.procedure->version != entry.version) {
      set.errors.push_back(
          {name, 0, 0,
           fmt::format("entry says {} version {} but the file is {} version {}", entry.id,
                       entry.version, load.procedure->id, load.procedure->version)});
      continue;
    }
    if (set.Find(entry.id)) {
      set.errors.push_back({name, 0, 0, "procedure listed twice in the catalog"});
      continue;
    }
    set.procedures.push_back(load.procedure);
  }
  std::sort(set.procedures.begin(), set.procedures.end(),
            [](const auto& a, const auto& b) { return a->id < b->id; });
  return set;
}

StatusOr<BuiltCatalog> BuildCatalogFromFolder(const std::string& folder, int64_t catalog_version,
                                              std::chrono::system_clock::time_point issued_at) {
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec)) {
    return NotFoundError(fmt::format("{}: not a folder", folder));
  }
  BuiltCatalog built;
  built.catalog.catalog_version = catalog_version;
  built.catalog.issued_at = FormatUtc(issued_at);
  ProcedureSet set = LoadProcedureFolder(folder);
  built.errors = set.errors;
  for (const auto& procedure : set.procedures) {
    KIOSK_ASSIGN_OR_RETURN(std::string text, ReadFileText(procedure->source_name));
    built.catalog.procedures.push_back({procedure->id, procedure->version, text});
  }
  return built;
}

Status WriteFileAtomically(const std::string& path, std::string_view content) {
  std::filesystem::path target(path);
  std::filesystem::path temp = target;
  temp += fmt::format(".tmp.{}", ::getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return UnavailableError(fmt::format("cannot create {}", temp.string()));
  size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n <= 0) {
      ::close(fd);
      ::unlink(temp.c_str());
      return ResourceExhaustedError(fmt::format("cannot write {}", temp.string()));
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(temp.c_str());
    return UnavailableError(fmt::format("cannot flush {}", temp.string()));
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    ::unlink(temp.c_str());
    return UnavailableError(fmt::format("cannot replace {}", path));
  }
  // The rename itself is durable only once the folder is flushed.
  std::string folder = target.has_parent_path() ? target.parent_path().string() : ".";
  int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return OkStatus();
}

CatalogStore::CatalogStore(std::string data_dir, std::string public_pem, std::string default_folder)
    : data_dir_(std::move(data_dir)),
      public_pem_(std::move(public_pem)),
      default_folder_(std::move(default_folder)) {}

std::string CatalogStore::StoredPath() const { return data_dir_ + "/catalog.json"; }

StatusOr<Catalog> CatalogStore::Install(std::string_view envelope) {
  KIOSK_ASSIGN_OR_RETURN(Catalog incoming, VerifyCatalog(envelope, public_pem_));
  auto stored_text = ReadFileText(StoredPath());
  if (stored_text.ok()) {
    auto stored = VerifyCatalog(*stored_text, public_pem_);
    if (stored.ok()) {
      if (*stored_text == envelope) return incoming;
      if (incoming.catalog_version < stored->catalog_version) {
        return FailedPreconditionError(
            fmt::format("catalog version {} is older than the installed version {}",
                        incoming.catalog_version, stored->catalog_version));
      }
      if (incoming.catalog_version == stored->catalog_version) {
        return FailedPreconditionError(fmt::format(
            "catalog version {} received with different content", incoming.catalog_version));
      }
    }
  }
  KIOSK_RETURN_IF_ERROR(WriteFileAtomically(StoredPath(), envelope));
  Log(Subsystem::kProcedure)
      .info("catalog version {} installed ({} procedures)", incoming.catalog_version,
            incoming.procedures.size());
  return incoming;
}

StatusOr<Catalog> CatalogStore::Current() const {
  auto stored_text = ReadFileText(StoredPath());
  if (stored_text.ok()) {
    auto stored = VerifyCatalog(*stored_text, public_pem_);
    if (stored.ok()) return stored;
    Log(Subsystem::kProcedure)
        .error("stored catalog rejected, using the default one: {}", stored.status().message());
  }
  KIOSK_ASSIGN_OR_RETURN(
      BuiltCatalog built,
      BuildCatalogFromFolder(default_folder_, 0, std::chrono::system_clock::time_point{}));
  for (const auto& d : built.errors) {
    Log(Subsystem::kProcedure).error("default catalog: {}", d.ToString());
  }
  return built.catalog;
}

}  // namespace kiosk::procedure
