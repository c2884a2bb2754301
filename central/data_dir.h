// The files of a centre under its --data folder. Private keys are written 0600.
//
//   ca.pem / ca.key              device CA: signs kiosk certificates and the server certificate
//   server.pem / server.key      TLS server certificate (names given at init)
//   catalog-signing.key / .pub   Ed25519 key signing the catalog
//   catalog.json                 the signed catalog served at GET /v1/catalog
//   procedures/<id>/<v>.yaml     every procedure version ever published (for re-validation)
//   central.db                   SQLite store (WAL)
#pragma once

#include <string>
#include <vector>

#include "base/status.h"

namespace kiosk::central {

class DataDir {
 public:
  explicit DataDir(std::string root) : root_(std::move(root)) {}

  const std::string& root() const { return root_; }
  std::string CaCertificate() const { return root_ + "/ca.pem"; }
  std::string CaKey() const { return root_ + "/ca.key"; }
  std::string ServerCertificate() const { return root_ + "/server.pem"; }
  std::string ServerKey() const { return root_ + "/server.key"; }
  std::string CatalogSigningKey() const { return root_ + "/catalog-signing.key"; }
  std::string CatalogPublicKey() const { return root_ + "/catalog-signing.pub"; }
  std::string Catalog() const { return root_ + "/catalog.json"; }
  std::string Procedures() const { return root_ + "/procedures"; }
  std::string Database() const { return root_ + "/central.db"; }

  // Creates the folder (0700), the device CA, the server certificate for `hosts` and the
  // catalog signing key. Errors: kAlreadyExists when the folder already holds a CA.
  Status Initialise(const std::vector<std::string>& hosts) const;
  // kFailedPrecondition naming the missing file when Initialise has not been run.
  Status CheckInitialised() const;

 private:
  std::string root_;
};

}  // namespace kiosk::central
