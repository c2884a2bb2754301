#include "offline/crypto/data_key.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "base/log.h"
#include "offline/crypto/openssl_status.h"

namespace kiosk::offline {
namespace {

Status ErrnoStatus(int error, std::string_view what, const std::string& path) {
  std::string message = fmt::format("{} {}: {}", what, path, std::strerror(error));
  switch (error) {
    case ENOENT:
      return NotFoundError(std::move(message));
    case EACCES:
    case EPERM:
      return PermissionDeniedError(std::move(message));
    case ENOSPC:
    case EDQUOT:
      return ResourceExhaustedError(std::move(message));
    default:
      return FailedPreconditionError(std::move(message));
  }
}

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

StatusOr<DataKey> ReadKey(const std::string& path, int fd) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) return ErrnoStatus(errno, "cannot stat key file", path);
  // A key others can read is no longer a device secret: refuse it rather than use it.
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return PermissionDeniedError(fmt::format(
        "key file {} is readable by others (mode {:o}); expected 0600", path, info.st_mode & 0777));
  }
  std::array<uint8_t, DataKey::kSize + 1> buffer{};
  ssize_t total = 0;
  while (total < static_cast<ssize_t>(buffer.size())) {
    ssize_t n = ::read(fd, buffer.data() + total, buffer.size() - total);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoStatus(errno, "cannot read key file", path);
    if (n == 0) break;
    total += n;
  }
  if (total != static_cast<ssize_t>(DataKey::kSize)) {
    OPENSSL_cleanse(buffer.data(), buffer.size());
    return DataLossError(
        fmt::format("key file {} holds {} bytes, expected {}", path, total, DataKey::kSize));
  }
  std::array<uint8_t, DataKey::kSize> bytes{};
  std::memcpy(bytes.data(), buffer.data(), bytes.size());
  OPENSSL_cleanse(buffer.data(), buffer.size());
  DataKey key = DataKey::FromBytes(bytes);
  OPENSSL_cleanse(bytes.data(), bytes.size());
  return key;
}

Status CreateKey(const std::string& path) {
  std::array<uint8_t, DataKey::kSize> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return OpenSslError("cannot draw a data key");
  }

  // Write a temporary file then rename it: a crash leaves either no key or a whole key,
  // never a short one that would make the queue unreadable.
  std::string temporary = path + ".tmp";
  ::unlink(temporary.c_str());
  FileDescriptor fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (fd.get() < 0) return ErrnoStatus(errno, "cannot create key file", temporary);
  ssize_t written = ::write(fd.get(), bytes.data(), bytes.size());
  OPENSSL_cleanse(bytes.data(), bytes.size());
  if (written != static_cast<ssize_t>(bytes.size())) {
    int error = written < 0 ? errno : ENOSPC;
    ::unlink(temporary.c_str());
    return ErrnoStatus(error, "cannot write key file", temporary);
  }
  if (::fsync(fd.get()) != 0) return ErrnoStatus(errno, "cannot sync key file", temporary);
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    return ErrnoStatus(errno, "cannot rename key file to", path);
  }
  // (Not `folder = "."` on an empty string: GCC 12's -Wrestrict misfires on it under ASan.)
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  const std::string folder = parent.empty() ? std::string(".") : parent.string();
  FileDescriptor dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() >= 0) ::fsync(dir.get());
  Log(Subsystem::kQueue).info("created a new device data key in {}", folder);
  return OkStatus();
}

}  // namespace

DataKey DataKey::FromBytes(const std::array<uint8_t, kSize>& bytes) {
  DataKey key;
  key.bytes_ = bytes;
  return key;
}

DataKey::~DataKey() { OPENSSL_cleanse(bytes_.data(), bytes_.size()); }

StatusOr<DataKey> DataKey::Load(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return ErrnoStatus(errno, "cannot open key file", path);
  FileDescriptor owner(fd);
  return ReadKey(path, fd);
}

StatusOr<DataKey> DataKey::LoadOrCreate(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0 && errno == ENOENT) {
    KIOSK_RETURN_IF_ERROR(CreateKey(path));
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  }
  if (fd < 0) return ErrnoStatus(errno, "cannot open key file", path);
  FileDescriptor owner(fd);
  return ReadKey(path, fd);
}

}  // namespace kiosk::offline
