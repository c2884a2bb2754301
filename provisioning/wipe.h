// Wiping a kiosk before it leaves a site: its keys and certificates, its configuration, its
// queue and everything else under storage.data_dir. Refuses while submissions are still
// unsent unless they were exported first (to a file the technician takes away) or `force`.
#pragma once

#include <string>
#include <vector>

#include "base/config.h"
#include "base/status.h"
#include "provisioning/queue_check.h"

namespace kiosk::provisioning {

struct WipeRequest {
  std::string config_path;
  std::string export_path;  // when set, unsent submissions are exported there first
  bool force = false;       // wipe even with unsent submissions (they are lost)
};

struct WipeResult {
  std::vector<std::string> removed;  // paths removed
  int64_t unsent_lost = 0;           // unsent submissions destroyed (force only)
  bool exported = false;
};

// Errors: kFailedPrecondition with unsent submissions (nothing removed); the queue's
// or the file system's errors. `config` is the configuration at `request.config_path`;
// `inspector` reads the queue under its data_dir.
StatusOr<WipeResult> Wipe(const WipeRequest& request, const KioskConfig& config,
                          QueueInspector& inspector);

}  // namespace kiosk::provisioning
