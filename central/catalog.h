// The centre's side of the signed catalog: publishing a folder of procedure files (admin
// `catalog publish`) and serving the result (GET /v1/catalog). Building, signing and
// verifying the envelope is the procedure engine's (kiosk/procedure/catalog.h), so that the
// kiosk and the centre cannot disagree on its format.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "base/status.h"

namespace kiosk::central {

// Publishes `directory`'s procedure files under `data_root`: every file must load; each
// procedure version is kept in procedures/<id>/<version>.yaml (a published version cannot
// change: kiosks may hold submissions made with it, and the centre re-validates them against
// that very text); catalog.json is replaced with a new catalog signed with the centre's key,
// one version above the last. Returns the new catalog version.
// Errors: kInvalidInput (a file does not load: every diagnostic in the message),
// kFailedPrecondition (a published version with other content, data folder not ready).
StatusOr<int64_t> PublishCatalog(const std::string& data_root, const std::string& directory,
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
