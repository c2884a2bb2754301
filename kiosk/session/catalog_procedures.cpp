#include "kiosk/session/catalog_procedures.h"

#include "base/log.h"

namespace kiosk::session {

CatalogProcedures::CatalogProcedures(std::string data_dir, std::string public_pem,
                                     std::string default_folder)
    : default_folder_(default_folder) {
  if (!public_pem.empty()) {
    store_.emplace(std::move(data_dir), std::move(public_pem), std::move(default_folder));
  }
}

Status CatalogProcedures::Load() {
  std::lock_guard lock(mutex_);
  return LoadLocked();
}

Status CatalogProcedures::LoadLocked() {
  auto& log = Log(Subsystem::kProcedure);
  procedure::ProcedureSet set;
  int64_t version = 0;
  if (store_) {
    auto catalog = store_->Current();
    if (!catalog.ok()) return catalog.status();
    set = procedure::LoadCatalogProcedures(*catalog);
    version = catalog->catalog_version;
  } else {
    set = procedure::LoadProcedureFolder(default_folder_);
  }
  for (const auto& error : set.errors) log.error("catalog: {}", error.ToString());
  if (set.procedures.empty()) {
    return NotFoundError("no procedure to offer (catalog version " + std::to_string(version) +
                         ", default folder " + default_folder_ + ")");
  }
  procedures_ = std::move(set.procedures);
  catalog_version_ = version;
  log.info("offering {} procedures (catalog version {})", procedures_.size(), version);
  return OkStatus();
}

Status CatalogProcedures::Install(std::string_view envelope) {
  std::lock_guard lock(mutex_);
  if (!store_)
    return FailedPreconditionError("no catalog key configured: central.catalog_key_file");
  auto installed = store_->Install(envelope);
  if (!installed.ok()) return installed.status();
  return LoadLocked();
}

std::vector<std::shared_ptr<const procedure::Procedure>> CatalogProcedures::Procedures() const {
  std::lock_guard lock(mutex_);
  return procedures_;
}

int64_t CatalogProcedures::catalog_version() const {
  std::lock_guard lock(mutex_);
  return catalog_version_;
}

}  // namespace kiosk::session
