#include "offline/sync/catalog_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "base/log.h"

namespace kiosk::offline {
namespace {

// Writes to a temporary file, fsyncs it, renames it over `path` and fsyncs the folder: a
// power cut leaves either the old or the new file.
Status WriteAtomically(const std::string& dir, const std::string& name, std::string_view bytes) {
  std::string path = dir + "/" + name;
  std::string temporary = path + ".tmp";
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return FailedPreconditionError(
        fmt::format("cannot write {}: {}", temporary, std::strerror(errno)));
  }
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int error = errno;
      ::close(fd);
      Status status(
          error == ENOSPC ? StatusCode::kResourceExhausted : StatusCode::kFailedPrecondition,
          fmt::format("cannot write {}: {}", temporary, std::strerror(error)));
      return status;
    }
    done += static_cast<size_t>(n);
  }
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || ::rename(temporary.c_str(), path.c_str()) != 0) {
    return FailedPreconditionError(
        fmt::format("cannot install {}: {}", path, std::strerror(errno)));
  }
  int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return OkStatus();
}

std::optional<std::string> ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

CatalogStore::CatalogStore(std::string dir, CatalogVerifier verifier)
    : dir_(std::move(dir)), verifier_(std::move(verifier)) {}

StatusOr<std::optional<std::string>> CatalogStore::Current() const {
  return ReadWhole(dir_ + "/catalog.json");
}

std::string CatalogStore::Etag() const {
  // The ETag is only meaningful with its catalog: without a catalog, ask for a full copy.
  if (!ReadWhole(dir_ + "/catalog.json")) return {};
  return ReadWhole(dir_ + "/catalog.etag").value_or("");
}

Status CatalogStore::Install(std::string_view envelope, std::string_view etag) {
  if (!verifier_) return FailedPreconditionError("no catalog verification key configured");
  KIOSK_RETURN_IF_ERROR(verifier_(envelope).WithContext("catalog rejected"));
  KIOSK_RETURN_IF_ERROR(WriteAtomically(dir_, "catalog.json", envelope));
  // Written after the catalog: a crash in between only costs one full download.
  return WriteAtomically(dir_, "catalog.etag", etag);
}

StatusOr<bool> CatalogStore::Update(SyncClient& client) {
  std::map<std::string, std::string> headers;
  std::string etag = Etag();
  if (!etag.empty()) headers["If-None-Match"] = etag;
  KIOSK_ASSIGN_OR_RETURN(HttpResponse response, client.Get("/v1/catalog", headers));
  if (response.status == 304) return false;
  if (response.status == 401 || response.status == 403) {
    return PermissionDeniedError(fmt::format("catalog: HTTP {}", response.status));
  }
  if (response.status != 200) {
    return UnavailableError(fmt::format("catalog: HTTP {}", response.status));
  }
  Status installed = Install(response.body, response.Header("etag"));
  if (!installed.ok()) {
    Log(Subsystem::kSync).error("{}; keeping the last good catalog", installed.ToString());
    return installed;
  }
  Log(Subsystem::kSync).info("installed a new procedure catalog");
  return true;
}

}  // namespace kiosk::offline
