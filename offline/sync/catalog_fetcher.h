// Keeps the procedure catalog fresh: GET /v1/catalog with the ETag of the installed one, and
// hands a new envelope to an installer that verifies its signature and swaps it in atomically,
// keeping the last good catalog when anything fails.
//
// The installer is the procedure engine's kiosk::procedure::CatalogStore::Install (signature
// check with the centre's catalog key, version check, atomic write of catalog.json); it is
// injected by the wiring (kiosk app, kioskctl) because offline/ sits below kiosk/ in the
// layering and must not link it.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "offline/sync/sync_client.h"

namespace kiosk::offline {

// Verifies `envelope` and installs it; a non-OK status leaves the installed catalog as it was.
using CatalogInstaller = std::function<Status(std::string_view envelope)>;

// Thread: one thread at a time (the sync worker).
class CatalogFetcher {
 public:
  // The ETag of the installed catalog is kept in `etag_path` (written only after a
  // successful install).
  CatalogFetcher(std::string etag_path, CatalogInstaller installer);

  // One conditional GET. True when a new catalog was installed, false on 304 (unchanged).
  // kPermissionDenied on 401/403, kUnavailable on other statuses or transport errors, the
  // installer's status when the envelope is refused.
  StatusOr<bool> Update(SyncClient& client);

  std::string Etag() const;

 private:
  std::string etag_path_;
  CatalogInstaller installer_;
};

}  // namespace kiosk::offline
