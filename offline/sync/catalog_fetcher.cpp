#include "offline/sync/catalog_fetcher.h"

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

// Temporary file + rename: a crash leaves the old ETag or the new one. Not fsynced: a lost
// ETag only costs one full download.
Status WriteEtag(const std::string& path, const std::string& etag) {
  std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << etag;
    if (!out) return FailedPreconditionError("cannot write " + temporary);
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    return FailedPreconditionError(
        fmt::format("cannot install {}: {}", path, std::strerror(errno)));
  }
  return OkStatus();
}

}  // namespace

CatalogFetcher::CatalogFetcher(std::string etag_path, CatalogInstaller installer)
    : etag_path_(std::move(etag_path)), installer_(std::move(installer)) {}

std::string CatalogFetcher::Etag() const {
  std::ifstream in(etag_path_, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

StatusOr<bool> CatalogFetcher::Update(SyncClient& client) {
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
  if (!installer_) return FailedPreconditionError("no catalog installer configured");
  Status installed = installer_(response.body);
  if (!installed.ok()) {
    Log(Subsystem::kSync)
        .error("catalog refused ({}); keeping the last good one", installed.ToString());
    return installed;
  }
  KIOSK_RETURN_IF_ERROR(WriteEtag(etag_path_, response.Header("etag")));
  Log(Subsystem::kSync).info("installed a new procedure catalog");
  return true;
}

}  // namespace kiosk::offline
