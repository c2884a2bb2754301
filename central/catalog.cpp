#include "central/catalog.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include "central/data_dir.h"
#include "central/pki.h"
#include "central/time_text.h"

namespace kiosk::central {
namespace {

std::optional<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool ValidProcedureId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

StatusOr<std::string> Base64Decode(const std::string& text) {
  std::string out(3 * (text.size() / 4) + 3, '\0');
  int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                               reinterpret_cast<const unsigned char*>(text.data()),
                               static_cast<int>(text.size()));
  if (length < 0 || text.size() % 4 != 0) return InvalidInputError("invalid base64");
  size_t padding = 0;
  if (!text.empty() && text.back() == '=') ++padding;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++padding;
  out.resize(static_cast<size_t>(length) - padding);
  return out;
}

}  // namespace

StatusOr<ProcedureFile> ReadProcedureFile(std::string yaml) {
  ProcedureFile file;
  try {
    YAML::Node root = YAML::Load(yaml);
    if (!root.IsMap() || !root["id"] || !root["version"]) {
      return InvalidInputError("a procedure file needs top-level `id` and `version`");
    }
    file.id = root["id"].as<std::string>();
    file.version = root["version"].as<int>();
  } catch (const YAML::Exception& e) {
    return InvalidInputError(std::string("procedure YAML: ") + e.what());
  }
  if (!ValidProcedureId(file.id)) {
    return InvalidInputError("procedure id must be 1-64 of [a-z0-9_-]: " + file.id);
  }
  if (file.version < 1) return InvalidInputError("procedure version must be >= 1");
  file.yaml = std::move(yaml);
  return file;
}

StatusOr<std::string> BuildSignedCatalog(std::vector<ProcedureFile> procedures, int catalog_version,
                                         std::chrono::system_clock::time_point issued_at,
                                         EVP_PKEY* signing_key) {
  std::sort(procedures.begin(), procedures.end(), [](const auto& a, const auto& b) {
    return a.id != b.id ? a.id < b.id : a.version < b.version;
  });
  // nlohmann::json keeps object keys in a std::map, so dump() without indentation gives
  // keys sorted by byte value and no insignificant white space: the canonical form.
  nlohmann::json payload = {{"catalog_version", catalog_version},
                            {"issued_at", Rfc3339(issued_at)},
                            {"procedures", nlohmann::json::array()}};
  for (const ProcedureFile& p : procedures) {
    payload["procedures"].push_back({{"id", p.id}, {"version", p.version}, {"yaml", p.yaml}});
  }
  std::string payload_text;
  try {
    payload_text = payload.dump();
  } catch (const nlohmann::json::exception& e) {
    return InvalidInputError(std::string("procedure text is not UTF-8: ") + e.what());
  }
  KIOSK_ASSIGN_OR_RETURN(std::string signature, SignEd25519(signing_key, payload_text));
  KIOSK_ASSIGN_OR_RETURN(std::string raw_public, RawPublicKey(signing_key));
  nlohmann::json envelope = {{"format", 1},
                             {"key_id", HexEncode(Sha256(raw_public)).substr(0, 16)},
                             {"payload", payload_text},
                             {"signature", Base64Encode(signature)}};
  return envelope.dump();
}

StatusOr<std::string> VerifySignedCatalog(const std::string& envelope, EVP_PKEY* public_key) {
  nlohmann::json parsed = nlohmann::json::parse(envelope, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("payload") || !parsed["payload"].is_string() ||
      !parsed.contains("signature") || !parsed["signature"].is_string()) {
    return InvalidInputError("not a signed catalog envelope");
  }
  std::string payload = parsed["payload"].get<std::string>();
  KIOSK_ASSIGN_OR_RETURN(std::string signature,
                         Base64Decode(parsed["signature"].get<std::string>()));
  if (!VerifyEd25519(public_key, payload, signature)) {
    return DataLossError("the catalog signature does not verify");
  }
  return payload;
}

int CatalogVersionOf(const std::string& envelope) {
  nlohmann::json parsed = nlohmann::json::parse(envelope, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("payload") || !parsed["payload"].is_string()) {
    return 0;
  }
  nlohmann::json payload =
      nlohmann::json::parse(parsed["payload"].get<std::string>(), nullptr, false);
  if (!payload.is_object() || !payload.contains("catalog_version") ||
      !payload["catalog_version"].is_number_integer()) {
    return 0;
  }
  return payload["catalog_version"].get<int>();
}

StatusOr<int> PublishCatalog(const std::string& data_root, const std::string& directory,
                             std::chrono::system_clock::time_point now) {
  DataDir data(data_root);
  KIOSK_RETURN_IF_ERROR(data.CheckInitialised());

  std::vector<std::string> paths;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    std::string extension = entry.path().extension().string();
    if (entry.is_regular_file() && (extension == ".yaml" || extension == ".yml")) {
      paths.push_back(entry.path().string());
    }
  }
  if (error) return FailedPreconditionError("cannot read " + directory + ": " + error.message());
  if (paths.empty()) return InvalidInputError("no *.yaml procedure file in " + directory);
  std::sort(paths.begin(), paths.end());

  std::vector<ProcedureFile> procedures;
  for (const std::string& path : paths) {
    std::optional<std::string> text = ReadText(path);
    if (!text) return FailedPreconditionError("cannot read " + path);
    auto file = ReadProcedureFile(std::move(*text));
    if (!file.ok()) return file.status().WithContext(path);
    procedures.push_back(std::move(*file));
  }

  // A published version is frozen: kiosks may hold submissions made against it, and the
  // centre re-validates them against the very text they were filled with.
  for (const ProcedureFile& p : procedures) {
    std::string folder = data.Procedures() + "/" + p.id;
    std::string path = folder + "/" + std::to_string(p.version) + ".yaml";
    std::optional<std::string> published = ReadText(path);
    if (published && *published != p.yaml) {
      return FailedPreconditionError(p.id + " version " + std::to_string(p.version) +
                                     " was already published with other content: raise its "
                                     "version");
    }
    if (!published) {
      std::filesystem::create_directories(folder, error);
      KIOSK_RETURN_IF_ERROR(WriteFileAtomically(path, p.yaml, 0644));
    }
  }

  int version = 1;
  if (std::optional<std::string> previous = ReadText(data.Catalog())) {
    version = CatalogVersionOf(*previous) + 1;
  }
  KIOSK_ASSIGN_OR_RETURN(UniqueKey key, LoadPrivateKey(data.CatalogSigningKey()));
  KIOSK_ASSIGN_OR_RETURN(std::string envelope,
                         BuildSignedCatalog(std::move(procedures), version, now, key.get()));
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
