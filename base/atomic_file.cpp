#include "base/atomic_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

namespace kiosk {
namespace {

std::string FolderOf(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

std::string TemporaryPrefix(const std::string& path) {
  std::filesystem::path p(path);
  return "." + p.filename().string() + ".tmp-";
}

// Writes everything, retrying on short writes and EINTR.
Status WriteAll(int fd, std::string_view bytes, const std::string& what) {
  while (!bytes.empty()) {
    ssize_t n = write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return FileErrorStatus(errno, what);
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return OkStatus();
}

void RunTestHook() {
  const char* hook = std::getenv("KIOSK_TEST_ATOMIC_WRITE_HOOK");
  if (hook == nullptr) return;
  if (std::strcmp(hook, "stop") == 0) raise(SIGSTOP);
  if (std::strcmp(hook, "abort") == 0) std::abort();
}

}  // namespace

Status FileErrorStatus(int error_number, std::string_view what) {
  std::string message = fmt::format("{}: {}", what, std::strerror(error_number));
  switch (error_number) {
    case EACCES:
    case EPERM:
    case EROFS:
      return PermissionDeniedError(std::move(message));
    case ENOSPC:
    case EDQUOT:
    case EMFILE:
    case ENFILE:
      return ResourceExhaustedError(std::move(message));
    case ENOENT:
    case ENOTDIR:
      return NotFoundError(std::move(message));
    case EIO:
      return DataLossError(std::move(message));
    default:
      return FailedPreconditionError(std::move(message));
  }
}

Status SyncDirectory(const std::string& dir) {
  int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return FileErrorStatus(errno, dir);
  int rc = fsync(fd);
  int saved = errno;
  close(fd);
  if (rc != 0) return FileErrorStatus(saved, dir);
  return OkStatus();
}

StatusOr<std::string> WriteTemporaryBeside(const std::string& path, std::string_view bytes,
                                           mode_t mode) {
  std::string folder = FolderOf(path);
  std::string temporary = folder + "/" + TemporaryPrefix(path) + "XXXXXX";
  int fd = mkostemp(temporary.data(), O_CLOEXEC);
  if (fd < 0) return FileErrorStatus(errno, path);

  // mkostemp creates 0600; set the wanted bits explicitly so the umask plays no part.
  Status status;
  if (fchmod(fd, mode) != 0) status = FileErrorStatus(errno, temporary);
  if (status.ok()) status = WriteAll(fd, bytes, temporary);
  if (status.ok() && fsync(fd) != 0) status = FileErrorStatus(errno, temporary);
  if (close(fd) != 0 && status.ok()) status = FileErrorStatus(errno, temporary);
  if (!status.ok()) {
    unlink(temporary.c_str());
    return status;
  }
  return temporary;
}

Status CommitTemporary(const std::string& temporary, const std::string& path) {
  RunTestHook();
  if (rename(temporary.c_str(), path.c_str()) != 0) {
    Status status = FileErrorStatus(errno, path);
    unlink(temporary.c_str());
    return status;
  }
  return SyncDirectory(FolderOf(path));
}

Status WriteFileAtomically(const std::string& path, std::string_view bytes, mode_t mode) {
  RemoveStaleTemporaries(path);
  KIOSK_ASSIGN_OR_RETURN(std::string temporary, WriteTemporaryBeside(path, bytes, mode));
  return CommitTemporary(temporary, path);
}

void RemoveStaleTemporaries(const std::string& path) {
  std::error_code ec;
  std::string prefix = TemporaryPrefix(path);
  for (const auto& entry : std::filesystem::directory_iterator(FolderOf(path), ec)) {
    if (entry.path().filename().string().rfind(prefix, 0) == 0) {
      std::filesystem::remove(entry.path(), ec);
    }
  }
}

}  // namespace kiosk
