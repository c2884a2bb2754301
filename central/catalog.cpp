#include "central/catalog.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "central/data_dir.h"
#include "central/pki.h"
#include "kiosk/procedure/catalog.h"

namespace kiosk::central {
namespace {

std::optional<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

StatusOr<int64_t> PublishCatalog(const std::string& data_root, const std::string& directory,
                                 std::chrono::system_clock::time_point now) {
  DataDir data(data_root);
  KIOSK_RETURN_IF_ERROR(data.CheckInitialised());
  std::optional<std::string> private_pem = ReadText(data.CatalogSigningKey());
  std::optional<std::string> public_pem = ReadText(data.CatalogPublicKey());
  if (!private_pem || !public_pem) {
    return FailedPreconditionError("cannot read the catalog signing key in " + data_root);
  }

  // The version follows the catalog served now; a catalog that no longer verifies (a key
  // changed by hand) is not a base to count from.
  int64_t version = 1;
  if (std::optional<std::string> previous = ReadText(data.Catalog())) {
    auto current = procedure::VerifyCatalog(*previous, *public_pem);
    if (!current.ok()) return current.status().WithContext(data.Catalog());
    version = current->catalog_version + 1;
  }

  KIOSK_ASSIGN_OR_RETURN(procedure::BuiltCatalog built,
                         procedure::BuildCatalogFromFolder(directory, version, now));
  if (!built.errors.empty()) {
    std::string message = "procedure files that do not load, nothing published:";
    for (const auto& diagnostic : built.errors) message += "\n  " + diagnostic.ToString();
    return InvalidInputError(message);
  }
  if (built.catalog.procedures.empty()) {
    return InvalidInputError("no procedure file in " + directory);
  }

  std::error_code error;
  for (const procedure::CatalogEntry& entry : built.catalog.procedures) {
    std::string folder = data.Procedures() + "/" + entry.id;
    std::string path = folder + "/" + std::to_string(entry.version) + ".yaml";
    std::optional<std::string> published = ReadText(path);
    if (published && *published != entry.yaml) {
      return FailedPreconditionError(entry.id + " version " + std::to_string(entry.version) +
                                     " was already published with other content: raise its "
                                     "version");
    }
    if (!published) {
      std::filesystem::create_directories(folder, error);
      KIOSK_RETURN_IF_ERROR(WriteFileAtomically(path, entry.yaml, 0644));
    }
  }

  KIOSK_ASSIGN_OR_RETURN(std::string envelope, procedure::SignCatalog(built.catalog, *private_pem));
  KIOSK_RETURN_IF_ERROR(WriteFileAtomically(data.Catalog(), envelope, 0644));
  return version;
}

StatusOr<ServedCatalog::Snapshot> ServedCatalog::Current() {
  struct stat info {};
  std::lock_guard lock(mutex_);
  if (::stat(path_.c_str(), &info) != 0) {
    if (snapshot_) return *snapshot_;
    return UnavailableError("no catalog has been published yet");
  }
  int64_t mtime_ns =
      static_cast<int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
  if (snapshot_ && mtime_ns == loaded_mtime_ns_ &&
      static_cast<uint64_t>(info.st_size) == loaded_size_) {
    return *snapshot_;
  }
  std::optional<std::string> text = ReadText(path_);
  if (!text) return UnavailableError("cannot read " + path_);
  Snapshot snapshot;
  snapshot.etag = "\"" + HexEncode(Sha256(*text)).substr(0, 32) + "\"";
  snapshot.bytes = std::make_shared<const std::string>(std::move(*text));
  snapshot_ = snapshot;
  loaded_mtime_ns_ = mtime_ns;
  loaded_size_ = static_cast<uint64_t>(info.st_size);
  return snapshot;
}

}  // namespace kiosk::central
