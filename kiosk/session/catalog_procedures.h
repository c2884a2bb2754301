// The procedures the kiosk offers: the last good signed catalog the centre published
// (verified with the centre's catalog key, kept under the data folder), or the default
// catalog shipped with the software when there is none yet or no key is configured.
//
// Thread: Procedures() from the drawing thread; Install() from the sync worker. A snapshot
// handed out stays valid after a swap (shared pointers): a citizen keeps the procedure
// version they started with.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/procedure/catalog.h"
#include "kiosk/session/ports.h"

namespace kiosk::session {

class CatalogProcedures : public ProcedureSource {
 public:
  // `public_pem` empty: only the default folder is used (no signed catalog can be installed).
  CatalogProcedures(std::string data_dir, std::string public_pem, std::string default_folder);

  // Loads the current catalog. kNotFound when neither a stored catalog nor the default
  // folder gives any procedure.
  Status Load();
  // Verifies and installs an envelope from the centre, then offers its procedures.
  Status Install(std::string_view envelope);

  std::vector<std::shared_ptr<const procedure::Procedure>> Procedures() const override;
  // 0 for the default catalog.
  int64_t catalog_version() const;

 private:
  Status LoadLocked();

  std::string default_folder_;
  std::optional<procedure::CatalogStore> store_;  // empty without a key
  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<const procedure::Procedure>> procedures_;
  int64_t catalog_version_ = 0;
};

}  // namespace kiosk::session
