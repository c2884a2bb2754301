// The signed catalog: building it from procedure files (admin `catalog publish`) and serving
// it (GET /v1/catalog). Envelope format in docs/contracts.md.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <openssl/evp.h>

#include "base/status.h"

namespace kiosk::central {

struct ProcedureFile {
  std::string id;
  int version = 0;
  std::string yaml;
};

// Reads `id` and `version` from the top of a procedure YAML text. Errors: kInvalidInput.
StatusOr<ProcedureFile> ReadProcedureFile(std::string yaml);

// The envelope JSON text: canonical payload signed with `signing_key` (Ed25519).
StatusOr<std::string> BuildSignedCatalog(std::vector<ProcedureFile> procedures, int catalog_version,
                                         std::chrono::system_clock::time_point issued_at,
                                         EVP_PKEY* signing_key);

// Checks the envelope's signature with `public_key` and returns its payload text.
// Errors: kInvalidInput (not an envelope), kDataLoss (signature does not verify).
StatusOr<std::string> VerifySignedCatalog(const std::string& envelope, EVP_PKEY* public_key);

// The catalog version of an envelope (0 when it cannot be read). Does not verify.
int CatalogVersionOf(const std::string& envelope);

// Publishes `directory`'s *.yaml files under `data_root`: keeps each procedure version in
// procedures/<id>/<version>.yaml (refusing to change a published version) and replaces
// catalog.json with a new signed catalog whose version is one more than the last.
// Returns the new catalog version.
StatusOr<int> PublishCatalog(const std::string& data_root, const std::string& directory,
                             std::chrono::system_clock::time_point now);

// The catalog file as served, reloaded when it changes on disk (a `catalog publish` while
// the server runs). Thread-safe.
class ServedCatalog {
 public:
  struct Snapshot {
    std::shared_ptr<const std::string> bytes;
    std::string etag;  // quoted strong ETag
  };

  explicit ServedCatalog(std::string path) : path_(std::move(path)) {}

  // Errors: kUnavailable when no catalog has been published yet.
  StatusOr<Snapshot> Current();

 private:
  std::string path_;
  std::mutex mutex_;
  std::optional<Snapshot> snapshot_;  // guarded by mutex_
  int64_t loaded_mtime_ns_ = -1;      // guarded by mutex_
  uint64_t loaded_size_ = 0;          // guarded by mutex_
};

}  // namespace kiosk::central
