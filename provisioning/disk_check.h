// Free space on the data folder's file system (queue, keys, catalog live there).
#pragma once

#include <sys/statvfs.h>

#include <cstdint>
#include <functional>
#include <string>

#include "provisioning/self_test.h"

namespace kiosk::provisioning {

class DiskCheck : public Check {
 public:
  // statvfs(2) by default; tests inject another.
  using StatFs = std::function<int(const char*, struct statvfs*)>;

  DiskCheck(std::string data_dir, uint64_t min_free_bytes, StatFs statfs = &::statvfs);
  std::vector<CheckResult> Run() override;

 private:
  std::string data_dir_;
  uint64_t min_free_bytes_;
  StatFs statfs_;
};

}  // namespace kiosk::provisioning
