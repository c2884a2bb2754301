#include "provisioning/enrolment.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/atomic_file.h"
#include "base/config.h"
#include "base/log.h"
#include "base/redact.h"
#include "provisioning/central_client.h"
#include "provisioning/config_file.h"
#include "provisioning/device_identity.h"

namespace kiosk::provisioning {
namespace {

namespace fs = std::filesystem;

constexpr char kKeyName[] = "device.key";
constexpr char kCertName[] = "device.crt";
constexpr char kCaName[] = "ca.crt";

StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(fmt::format("{}: cannot open", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A file created in the staging folder, flushed, with the owner of the data folder (the kiosk
// user) when we run as root.
Status WriteNewFile(const std::string& path, std::string_view bytes, mode_t mode,
                    const struct stat& owner) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return FileErrorStatus(errno, path);
  Status status;
  if (fchmod(fd, mode) != 0) status = FileErrorStatus(errno, path);
  if (status.ok() && geteuid() == 0 && fchown(fd, owner.st_uid, owner.st_gid) != 0) {
    status = FileErrorStatus(errno, path);
  }
  while (status.ok() && !bytes.empty()) {
    ssize_t n = write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      status = FileErrorStatus(errno, path);
      break;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  if (status.ok() && fsync(fd) != 0) status = FileErrorStatus(errno, path);
  close(fd);
  return status;
}

// Removes a staging folder unless it was committed.
class StagingFolder {
 public:
  ~StagingFolder() {
    if (!path_.empty()) {
      std::error_code ec;
      fs::remove_all(path_, ec);
    }
  }
  Status Create(const std::string& parent) {
    std::string pattern = parent + "/.staging-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) return FileErrorStatus(errno, parent);
    path_ = pattern;
    return OkStatus();
  }
  const std::string& path() const { return path_; }
  void Release() { path_.clear(); }

 private:
  std::string path_;
};

std::string GenerationName(std::chrono::system_clock::time_point now) {
  return fmt::format("{:%Y%m%dT%H%M%SZ}", std::chrono::floor<std::chrono::seconds>(now));
}

// What the centre's error JSON says, turned into an error the technician can act on.
Status EnrolmentHttpError(const HttpResponse& response) {
  std::string code;
  std::string message;
  try {
    auto json = nlohmann::json::parse(response.body);
    code = json.at("error").at("code").get<std::string>();
    message = json["error"].value("message", "");
  } catch (const nlohmann::json::exception&) {
    code = "";
  }
  std::string said = fmt::format("HTTP {}{}{}", response.status, code.empty() ? "" : " ", code);
  if (code == "token_unknown") {
    return PermissionDeniedError(
        fmt::format("the centre does not know this enrolment token ({})", said));
  }
  if (code == "token_used") {
    return PermissionDeniedError(fmt::format(
        "this enrolment token was already used: ask the centre for a new one ({})", said));
  }
  if (code == "token_expired") {
    return PermissionDeniedError(
        fmt::format("this enrolment token has expired: ask the centre for a new one ({})", said));
  }
  if (code == "invalid_csr" || code == "malformed_request") {
    return InvalidInputError(fmt::format("the centre refused the request ({}): {}", said, message));
  }
  if (response.status == 401 || response.status == 403) {
    return PermissionDeniedError(fmt::format("the centre refused this kiosk ({})", said));
  }
  if (response.status == 404) {
    return UnsupportedError(fmt::format("the centre does not offer this call ({})", said));
  }
  if (response.status >= 500) return UnavailableError(fmt::format("the centre failed ({})", said));
  return DataLossError(fmt::format("unexpected answer from the centre ({})", said));
}

struct Issued {
  std::string kiosk_id;
  std::string certificate_pem;
};

StatusOr<Issued> ParseIssued(const HttpResponse& response, EVP_PKEY* key) {
  if (response.status != 201 && response.status != 200) return EnrolmentHttpError(response);
  Issued issued;
  std::string ca_pem;
  try {
    auto json = nlohmann::json::parse(response.body);
    issued.kiosk_id = json.at("kiosk_id").get<std::string>();
    issued.certificate_pem = json.at("certificate").get<std::string>();
    ca_pem = json.at("ca_certificate").get<std::string>();
  } catch (const nlohmann::json::exception&) {
    return DataLossError("the centre's answer is not the expected JSON");
  }
  KIOSK_ASSIGN_OR_RETURN(UniqueCert cert, ParseCertificatePem(issued.certificate_pem));
  KIOSK_ASSIGN_OR_RETURN(UniqueCert ca, ParseCertificatePem(ca_pem));
  KIOSK_RETURN_IF_ERROR(CheckIssuedCertificate(cert.get(), key, ca.get()));
  return issued;
}

// Writes the new generation and the new configuration; the configuration's rename commits.
StatusOr<EnrolResult> CommitIdentity(const std::string& config_path, KioskConfig config,
                                     StagingFolder& staging, const std::string& identity_dir,
                                     const std::string& key_pem, const Issued& issued,
                                     const std::string& central_url,
                                     const std::string& ca_fingerprint) {
  struct stat owner {};
  if (stat(config.storage.data_dir.c_str(), &owner) != 0) {
    return FileErrorStatus(errno, config.storage.data_dir);
  }
  std::string staged = staging.path();
  KIOSK_RETURN_IF_ERROR(WriteNewFile(staged + "/" + kKeyName, key_pem, 0600, owner));
  KIOSK_RETURN_IF_ERROR(
      WriteNewFile(staged + "/" + kCertName, issued.certificate_pem, 0644, owner));
  KIOSK_RETURN_IF_ERROR(SyncDirectory(staged));
  if (geteuid() == 0 && chown(staged.c_str(), owner.st_uid, owner.st_gid) != 0) {
    return FileErrorStatus(errno, staged);
  }

  std::string generation = identity_dir + "/" + GenerationName(std::chrono::system_clock::now());
  for (int n = 2; fs::exists(generation); ++n) {
    generation =
        fmt::format("{}/{}-{}", identity_dir, GenerationName(std::chrono::system_clock::now()), n);
  }
  if (rename(staged.c_str(), generation.c_str()) != 0) return FileErrorStatus(errno, generation);
  staging.Release();
  KIOSK_RETURN_IF_ERROR(SyncDirectory(identity_dir));

  if (issued.kiosk_id != config.identity.id) {
    Log(Subsystem::kProvisioning)
        .warn("the centre enrolled this kiosk as '{}' (configured: '{}'); using the centre's",
              issued.kiosk_id, config.identity.id);
    config.identity.id = issued.kiosk_id;
  }
  config.central.url = central_url;
  config.central.ca_file = generation + "/" + kCaName;
  config.central.cert_file = generation + "/" + kCertName;
  config.central.key_file = generation + "/" + kKeyName;
  Status saved = SaveConfig(config_path, config);
  if (!saved.ok()) {
    std::error_code ec;
    fs::remove_all(generation, ec);
    return saved;
  }

  EnrolResult result;
  result.kiosk_id = config.identity.id;
  result.cert_file = config.central.cert_file;
  result.key_file = config.central.key_file;
  result.ca_file = config.central.ca_file;
  result.ca_fingerprint = ca_fingerprint;
  result.renewed = true;
  if (auto cert = ParseCertificatePem(issued.certificate_pem); cert.ok()) {
    result.not_after = NotAfter(cert->get());
  }
  return result;
}

// Removes every generation and staging folder the configuration does not point to.
void RemoveUnusedGenerations(const std::string& identity_dir, const KioskConfig& config) {
  std::error_code ec;
  fs::path in_use = fs::path(config.central.cert_file).parent_path();
  for (const auto& entry : fs::directory_iterator(identity_dir, ec)) {
    if (entry.path() != in_use) fs::remove_all(entry.path(), ec);
  }
}

bool IsEnrolled(const KioskConfig& config) {
  return !config.central.cert_file.empty() && fs::exists(config.central.cert_file) &&
         !config.central.key_file.empty() && fs::exists(config.central.key_file);
}

StatusOr<std::string> PrepareIdentityFolder(const KioskConfig& config) {
  std::error_code ec;
  if (!fs::is_directory(config.storage.data_dir, ec)) {
    return FailedPreconditionError(fmt::format(
        "the data folder {} does not exist (storage.data_dir): create it, owned by the kiosk "
        "user",
        config.storage.data_dir));
  }
  std::string identity_dir = IdentityFolder(config.storage.data_dir);
  if (mkdir(identity_dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return FileErrorStatus(errno, identity_dir);
  }
  return identity_dir;
}

}  // namespace

std::string IdentityFolder(const std::string& data_dir) { return data_dir + "/identity"; }

StatusOr<EnrolResult> Enrol(const EnrolRequest& request) {
  KIOSK_ASSIGN_OR_RETURN(std::string fingerprint, NormaliseFingerprint(request.ca_fingerprint));
  if (request.central_url.rfind("https://", 0) != 0) {
    return InvalidInputError("the centre's URL must start with https://");
  }
  if (request.token.empty()) return InvalidInputError("the enrolment token is empty");
  KIOSK_ASSIGN_OR_RETURN(KioskConfig config, LoadConfig(request.config_path));
  if (IsEnrolled(config) && !request.force) {
    std::string until;
    if (auto pem = ReadWholeFile(config.central.cert_file); pem.ok()) {
      if (auto cert = ParseCertificatePem(*pem); cert.ok()) {
        until = fmt::format(", certificate valid until {:%Y-%m-%d}", NotAfter(cert->get()));
      }
    }
    return AlreadyExistsError(fmt::format(
        "this kiosk is already enrolled as '{}'{}: use --force to enrol again, or --renew",
        config.identity.id, until));
  }
  KIOSK_ASSIGN_OR_RETURN(std::string identity_dir, PrepareIdentityFolder(config));
  RemoveUnusedGenerations(identity_dir, config);
  auto& log = Log(Subsystem::kProvisioning);
  log.info("enrolling kiosk '{}' with {} (token {})", config.identity.id, request.central_url,
           redact::Token(request.token));

  // Key and request first: they need nothing from the network.
  KIOSK_ASSIGN_OR_RETURN(UniqueKey key, GenerateDeviceKey());
  KIOSK_ASSIGN_OR_RETURN(std::string key_pem, PrivateKeyPem(key.get()));
  KIOSK_ASSIGN_OR_RETURN(
      std::string csr,
      MakeCsrPem(key.get(), {config.identity.id, config.identity.commune, config.identity.site}));

  // Trust the centre's CA only if it is the one the technician was told about.
  CentralClient client(request.central_url, request.timeout);
  auto chain_pem = client.ReadPresentedChain();
  if (!chain_pem.ok()) {
    return chain_pem.status().WithContext(
        fmt::format("cannot reach the centre at {}", request.central_url));
  }
  KIOSK_ASSIGN_OR_RETURN(std::vector<UniqueCert> chain, ParseCertificateChainPem(*chain_pem));
  KIOSK_ASSIGN_OR_RETURN(UniqueCert anchor, FindPinnedAnchor(chain, fingerprint));
  KIOSK_ASSIGN_OR_RETURN(std::string anchor_pem, CertificatePem(anchor.get()));

  StagingFolder staging;
  KIOSK_RETURN_IF_ERROR(staging.Create(identity_dir));
  struct stat owner {};
  if (stat(config.storage.data_dir.c_str(), &owner) != 0) {
    return FileErrorStatus(errno, config.storage.data_dir);
  }
  std::string staged_ca = staging.path() + "/" + kCaName;
  KIOSK_RETURN_IF_ERROR(WriteNewFile(staged_ca, anchor_pem, 0644, owner));

  nlohmann::json body = {{"token", request.token}, {"csr", csr}};
  auto response = client.PostJson("/v1/enrolments", body.dump(), TlsFiles{staged_ca, "", ""});
  if (!response.ok()) {
    return response.status().WithContext(
        fmt::format("enrolment request to {} failed", request.central_url));
  }
  KIOSK_ASSIGN_OR_RETURN(Issued issued, ParseIssued(*response, key.get()));
  KIOSK_ASSIGN_OR_RETURN(EnrolResult result,
                         CommitIdentity(request.config_path, config, staging, identity_dir, key_pem,
                                        issued, request.central_url, fingerprint));
  if (auto reloaded = LoadConfig(request.config_path); reloaded.ok()) {
    RemoveUnusedGenerations(identity_dir, *reloaded);
  }
  log.info("kiosk '{}' enrolled; certificate in {}", result.kiosk_id, result.cert_file);
  return result;
}

StatusOr<EnrolResult> Renew(const RenewRequest& request) {
  KIOSK_ASSIGN_OR_RETURN(KioskConfig config, LoadConfig(request.config_path));
  if (!IsEnrolled(config)) {
    return FailedPreconditionError("this kiosk is not enrolled: run `kioskctl enrol` first");
  }
  KIOSK_ASSIGN_OR_RETURN(std::string current_pem, ReadWholeFile(config.central.cert_file));
  KIOSK_ASSIGN_OR_RETURN(UniqueCert current, ParseCertificatePem(current_pem));
  EnrolResult not_due;
  not_due.kiosk_id = config.identity.id;
  not_due.cert_file = config.central.cert_file;
  not_due.key_file = config.central.key_file;
  not_due.ca_file = config.central.ca_file;
  not_due.not_after = NotAfter(current.get());
  if (!request.force && not_due.not_after - std::chrono::system_clock::now() > request.within) {
    return not_due;
  }

  KIOSK_ASSIGN_OR_RETURN(std::string identity_dir, PrepareIdentityFolder(config));
  KIOSK_ASSIGN_OR_RETURN(UniqueKey key, GenerateDeviceKey());
  KIOSK_ASSIGN_OR_RETURN(std::string key_pem, PrivateKeyPem(key.get()));
  // The centre renews the kiosk that the current certificate names and refuses a CSR naming
  // another one, so the CSR carries the certificate's id even if identity.id was edited since.
  KIOSK_ASSIGN_OR_RETURN(std::string csr,
                         MakeCsrPem(key.get(), {CommonName(current.get()), config.identity.commune,
                                                config.identity.site}));
  StagingFolder staging;
  KIOSK_RETURN_IF_ERROR(staging.Create(identity_dir));
  struct stat owner {};
  if (stat(config.storage.data_dir.c_str(), &owner) != 0) {
    return FileErrorStatus(errno, config.storage.data_dir);
  }
  KIOSK_ASSIGN_OR_RETURN(std::string ca_pem, ReadWholeFile(config.central.ca_file));
  KIOSK_RETURN_IF_ERROR(WriteNewFile(staging.path() + "/" + kCaName, ca_pem, 0644, owner));

  CentralClient client(config.central.url, request.timeout);
  nlohmann::json body = {{"csr", csr}};
  auto response = client.PostJson(
      "/v1/enrolments/renew", body.dump(),
      TlsFiles{config.central.ca_file, config.central.cert_file, config.central.key_file});
  if (!response.ok()) return response.status().WithContext("renewal request failed");
  auto issued_or = ParseIssued(*response, key.get());
  if (!issued_or.ok()) {
    return issued_or.status().WithContext(
        "certificate renewal refused; the current certificate stays in use (an expired one "
        "needs `kioskctl enrol --force` with a new token)");
  }
  Issued issued = std::move(issued_or).value();
  std::string fingerprint;
  if (auto ca = ParseCertificatePem(ca_pem); ca.ok())
    fingerprint = CertificateFingerprint(ca->get());
  KIOSK_ASSIGN_OR_RETURN(EnrolResult result,
                         CommitIdentity(request.config_path, config, staging, identity_dir, key_pem,
                                        issued, config.central.url, fingerprint));
  if (auto reloaded = LoadConfig(request.config_path); reloaded.ok()) {
    RemoveUnusedGenerations(identity_dir, *reloaded);
  }
  Log(Subsystem::kProvisioning)
      .info("certificate renewed, valid until {:%Y-%m-%d}", result.not_after);
  return result;
}

}  // namespace kiosk::provisioning
