#include "central/data_dir.h"

#include <sys/stat.h>

#include <filesystem>

#include "central/pki.h"

namespace kiosk::central {
namespace {

constexpr auto kCaValidity = std::chrono::hours(24 * 365 * 10);
constexpr auto kServerValidity = std::chrono::hours(24 * 825);

}  // namespace

Status DataDir::Initialise(const std::vector<std::string>& hosts) const {
  std::error_code error;
  std::filesystem::create_directories(root_, error);
  if (error) return FailedPreconditionError("cannot create " + root_ + ": " + error.message());
  ::chmod(root_.c_str(), 0700);
  if (std::filesystem::exists(CaKey())) {
    return AlreadyExistsError(root_ + " is already initialised (ca.key exists)");
  }
  std::filesystem::create_directories(Procedures(), error);

  KIOSK_ASSIGN_OR_RETURN(UniqueKey ca_key, GenerateEcKey());
  KIOSK_ASSIGN_OR_RETURN(UniqueCert ca,
                         MakeCaCertificate(ca_key.get(), "guichet-central device CA", kCaValidity));
  KIOSK_ASSIGN_OR_RETURN(UniqueKey server_key, GenerateEcKey());
  KIOSK_ASSIGN_OR_RETURN(
      UniqueCert server,
      IssueServerCertificate(ca.get(), ca_key.get(), server_key.get(), hosts, kServerValidity));
  KIOSK_ASSIGN_OR_RETURN(UniqueKey signing_key, GenerateEd25519Key());

  // Keys first: a folder with certificates but no keys would look initialised and be useless.
  KIOSK_RETURN_IF_ERROR(WriteFileAtomically(CaKey(), PrivateKeyPem(ca_key.get()), 0600));
  KIOSK_RETURN_IF_ERROR(WriteFileAtomically(ServerKey(), PrivateKeyPem(server_key.get()), 0600));
  KIOSK_RETURN_IF_ERROR(
      WriteFileAtomically(CatalogSigningKey(), PrivateKeyPem(signing_key.get()), 0600));
  KIOSK_RETURN_IF_ERROR(WriteFileAtomically(CaCertificate(), CertificatePem(ca.get()), 0644));
  KIOSK_RETURN_IF_ERROR(
      WriteFileAtomically(ServerCertificate(), CertificatePem(server.get()), 0644));
  KIOSK_RETURN_IF_ERROR(
      WriteFileAtomically(CatalogPublicKey(), PublicKeyPem(signing_key.get()), 0644));
  return OkStatus();
}

Status DataDir::CheckInitialised() const {
  for (const std::string& path :
       {CaCertificate(), CaKey(), ServerCertificate(), ServerKey(), CatalogSigningKey()}) {
    if (!std::filesystem::exists(path)) {
      return FailedPreconditionError(path + " is missing: run `guichet-central admin init`");
    }
  }
  return OkStatus();
}

}  // namespace kiosk::central
