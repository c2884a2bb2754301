// The procedure catalog the kiosk offers: fetched from GET /v1/catalog with its ETag,
// verified before anything else reads it, swapped in atomically; the last good one is kept
// when a new one fails to download or to verify.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "offline/sync/sync_client.h"

namespace kiosk::offline {

// Checks a signed catalog envelope (docs/contracts.md, "Signed catalog"): OK only when the
// signature holds under the configured catalog key.
using CatalogVerifier = std::function<Status(std::string_view envelope)>;

// Thread: one thread at a time (the sync worker); readers in other processes see either the
// old or the new file, never a mix (rename).
class CatalogStore {
 public:
  // Files: <dir>/catalog.json and <dir>/catalog.etag.
  CatalogStore(std::string dir, CatalogVerifier verifier);

  // The last good catalog envelope, or nullopt when none was ever installed.
  StatusOr<std::optional<std::string>> Current() const;
  std::string Etag() const;

  // One conditional GET. True when a new catalog was verified and installed, false when the
  // centre said 304 (unchanged). A download or verification failure keeps the last good one.
  StatusOr<bool> Update(SyncClient& client);

  // Verifies and installs `envelope` (also used by Update).
  Status Install(std::string_view envelope, std::string_view etag);

 private:
  std::string dir_;
  CatalogVerifier verifier_;
};

}  // namespace kiosk::offline
