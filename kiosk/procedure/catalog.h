// The signed catalog: the set of procedures a kiosk offers (docs/contracts.md, "Signed
// catalog"; docs/procedure-format.md, "Catalog").
//
// Envelope: {"format": 1, "key_id": "<hex>", "payload": "<canonical JSON text>",
// "signature": "<base64 Ed25519 over the payload's bytes>"}. The centre builds and signs
// (SignCatalog); the kiosk verifies the signature before it reads anything in the payload
// (VerifyCatalog), keeps the last good catalog on disk for offline starts (CatalogStore) and
// falls back to the default catalog shipped with the software (the procedures/ folder of
// the installed image, trusted like the binary itself) on its very first start.
//
// Thread: free functions are thread-safe. A CatalogStore is used from one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "kiosk/procedure/loader.h"

namespace kiosk::procedure {

inline constexpr int kCatalogFormat = 1;
inline constexpr size_t kMaxCatalogSize = 8 * 1024 * 1024;

struct CatalogEntry {
  std::string id;
  int64_t version = 0;
  std::string yaml;  // the procedure file's text
  friend bool operator==(const CatalogEntry&, const CatalogEntry&) = default;
};

struct Catalog {
  int64_t catalog_version = 0;           // 0 = the default catalog shipped with the software
  std::string issued_at;                 // "YYYY-MM-DDTHH:MM:SSZ"
  std::vector<CatalogEntry> procedures;  // sorted by id
};

// An Ed25519 key pair as PEM (PKCS#8 private key, SubjectPublicKeyInfo public key).
struct CatalogKey {
  std::string private_pem;
  std::string public_pem;
};

// The StatusCode for an OpenSSL error code (ERR_get_error()): malformed keys and encodings
// are kInvalidInput, allocation failures kResourceExhausted, anything else kInternal.
StatusCode StatusCodeForOpenSsl(unsigned long error);

StatusOr<CatalogKey> GenerateCatalogKey();

// First 16 hex digits (lower case) of SHA-256 over the raw 32-byte public key.
StatusOr<std::string> CatalogKeyId(const std::string& public_pem);

// The canonical JSON text of the payload.
StatusOr<std::string> CatalogPayload(const Catalog& catalog);

// The envelope text, signed with `private_pem`.
StatusOr<std::string> SignCatalog(const Catalog& catalog, const std::string& private_pem);

// Verifies the envelope with `public_pem`, then parses the payload. kDataLoss for a bad
// signature, a key id that is not this key's, or an envelope that is not what
// docs/contracts.md describes; the payload is not read unless the signature holds.
StatusOr<Catalog> VerifyCatalog(std::string_view envelope, const std::string& public_pem);

// Parses every procedure of a verified catalog. An entry whose YAML does not load, or whose
// id or version differs from what the entry says, is rejected (with a diagnostic); the
// others are offered.
ProcedureSet LoadCatalogProcedures(const Catalog& catalog);

// A catalog of every procedure file in `folder`, and the problems of those that do not load
// (which are left out). kNotFound when the folder cannot be read.
struct BuiltCatalog {
  Catalog catalog;
  std::vector<Diagnostic> errors;
};
StatusOr<BuiltCatalog> BuildCatalogFromFolder(const std::string& folder, int64_t catalog_version,
                                              std::chrono::system_clock::time_point issued_at);

// Writes `content` to `path` so that a crash leaves either the old or the new file, never a
// mix: a temporary file in the same folder, fsync, rename, fsync of the folder.
Status WriteFileAtomically(const std::string& path, std::string_view content);

// The kiosk's catalog on disk: `<data_dir>/catalog.json` holds the last good envelope.
class CatalogStore {
 public:
  // `public_pem`: the centre's catalog key. `default_folder`: the shipped procedures.
  CatalogStore(std::string data_dir, std::string public_pem, std::string default_folder);

  // Verifies `envelope` and, when its catalog_version is newer than the installed one, makes
  // it the current catalog (atomically). The same bytes again are accepted without change.
  // kDataLoss for a bad signature; kFailedPrecondition for an older version or the same
  // version with other bytes (a rollback or a centre bug: staff must look).
  StatusOr<Catalog> Install(std::string_view envelope);

  // The catalog to offer now: the stored one if it still verifies, else the default one.
  StatusOr<Catalog> Current() const;

  std::string StoredPath() const;

 private:
  std::string data_dir_;
  std::string public_pem_;
  std::string default_folder_;
};

}  // namespace kiosk::procedure
