#include "provisioning/wipe.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include <fmt/format.h>

#include "base/atomic_file.h"
#include "base/log.h"

namespace kiosk::provisioning {
namespace {

namespace fs = std::filesystem;

// Overwrites a private key before unlinking it. On flash storage the old blocks may survive
// wear levelling; this still keeps the key out of reach of a plain undelete.
void Shred(const std::string& path) {
  int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return;
  struct stat st {};
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    std::string zeros(static_cast<size_t>(st.st_size), '\0');
    if (write(fd, zeros.data(), zeros.size()) == static_cast<ssize_t>(zeros.size())) fsync(fd);
  }
  close(fd);
}

bool IsSafeToEmpty(const std::string& data_dir) {
  fs::path p = fs::path(data_dir).lexically_normal();
  if (!p.is_absolute()) return false;
  int depth = 0;
  for (const auto& part : p.relative_path()) depth += part.empty() ? 0 : 1;
  return depth >= 2;  // never "/", "/var", "/home" and the like
}

bool HoldsMoreThanIdentity(const std::string& data_dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(data_dir, ec)) {
    if (entry.path().filename() != "identity") return true;
  }
  return false;
}

}  // namespace

StatusOr<WipeResult> Wipe(const WipeRequest& request, const KioskConfig& config,
                          QueueInspector& inspector) {
  const std::string& data_dir = config.storage.data_dir;
  if (!IsSafeToEmpty(data_dir)) {
    return FailedPreconditionError(
        fmt::format("refusing to empty storage.data_dir '{}': not a dedicated folder", data_dir));
  }
  if (!request.export_path.empty()) {
    fs::path target = fs::absolute(request.export_path).lexically_normal();
    fs::path data = fs::path(data_dir).lexically_normal();
    if (target.string().rfind(data.string() + "/", 0) == 0) {
      return InvalidInputError("the export file must be outside storage.data_dir (it is wiped)");
    }
  }

  // 1. Nothing unsent is destroyed unless exported or forced.
  WipeResult result;
  auto health = inspector.Health();
  if (health.ok()) {
    int64_t kept = health->unsent + health->quarantined;
    if (kept > 0 && !request.export_path.empty()) {
      KIOSK_RETURN_IF_ERROR(inspector.Export(request.export_path));
      result.exported = true;
    } else if (kept > 0 && !request.force) {
      return FailedPreconditionError(fmt::format(
          "{} unsent and {} quarantined submission(s) remain: export them with --export FILE "
          "(or let the kiosk deliver them), or use --force to destroy them",
          health->unsent, health->quarantined));
    } else if (kept > 0) {
      result.unsent_lost = kept;
    }
  } else if (health.status().code() == StatusCode::kUnsupported) {
    if (!request.export_path.empty()) return health.status();
    if (HoldsMoreThanIdentity(data_dir) && !request.force) {
      return FailedPreconditionError(fmt::format(
          "cannot tell whether submissions remain in {} ({}): use --force to wipe anyway", data_dir,
          health.status().message()));
    }
  } else if (!request.force) {
    return health.status().WithContext("cannot read the queue (use --force to wipe anyway)");
  }

  // 2. Credentials first (wherever the configuration points), then the data folder's
  // content, then the configuration: a wipe interrupted midway can be run again.
  std::error_code ec;
  for (const std::string* file :
       {&config.central.key_file, &config.central.cert_file, &config.central.ca_file}) {
    if (file->empty() || !fs::exists(*file, ec)) continue;
    if (file == &config.central.key_file) Shred(*file);
    if (fs::remove(*file, ec)) result.removed.push_back(*file);
  }
  if (fs::is_directory(data_dir, ec)) {
    for (const auto& entry : fs::directory_iterator(data_dir, ec)) {
      std::string path = entry.path().string();
      if (entry.path().filename() == "identity") {
        for (const auto& generation : fs::recursive_directory_iterator(entry.path(), ec)) {
          if (generation.path().filename() == "device.key") Shred(generation.path().string());
        }
      }
      if (fs::remove_all(entry.path(), ec) == static_cast<std::uintmax_t>(-1)) {
        return FileErrorStatus(ec.value(), path);
      }
      result.removed.push_back(path);
    }
    KIOSK_RETURN_IF_ERROR(SyncDirectory(data_dir));
  }
  if (fs::exists(request.config_path, ec)) {
    if (!fs::remove(request.config_path, ec))
      return FileErrorStatus(ec.value(), request.config_path);
    result.removed.push_back(request.config_path);
    KIOSK_RETURN_IF_ERROR(SyncDirectory(fs::absolute(request.config_path).parent_path().string()));
  }
  Log(Subsystem::kProvisioning).info("kiosk wiped: {} item(s) removed", result.removed.size());
  return result;
}

}  // namespace kiosk::provisioning
