#include "provisioning/disk_check.h"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace kiosk::provisioning {

DiskCheck::DiskCheck(std::string data_dir, uint64_t min_free_bytes, StatFs statfs)
    : data_dir_(std::move(data_dir)), min_free_bytes_(min_free_bytes), statfs_(std::move(statfs)) {}

std::vector<CheckResult> DiskCheck::Run() {
  struct statvfs info {};
  if (statfs_(data_dir_.c_str(), &info) != 0) {
    return {Fail("disk", fmt::format("cannot read {}: {}", data_dir_, std::strerror(errno)),
                 "create storage.data_dir (owned by the kiosk user) or fix the path with "
                 "`kioskctl configure`")};
  }
  // f_bavail: blocks available to an unprivileged process, which the kiosk is.
  uint64_t free_bytes = static_cast<uint64_t>(info.f_bavail) * info.f_frsize;
  std::string detail = fmt::format("{} MiB free on {} (minimum {} MiB)", free_bytes >> 20,
                                   data_dir_, min_free_bytes_ >> 20);
  if (free_bytes < min_free_bytes_) {
    return {Fail("disk", detail,
                 "free space on the data disk: old logs (journalctl --vacuum-size), or a "
                 "larger disk; the queue needs room to keep submissions while offline")};
  }
  return {Pass("disk", detail)};
}

}  // namespace kiosk::provisioning
