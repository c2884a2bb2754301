// A private guichet-central for tests: its own data folder under a TempDir, a free port on
// loopback, started as a child process and stopped by pid. Also enrols kiosks over the real
// API and hands out mutual-TLS clients.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "central/pki.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace kiosk::central::testing {

struct KioskCredentials {
  std::string kiosk_id;
  UniqueCert certificate;
  UniqueKey key;
};

class CentralInstance {
 public:
  // Initialises the data folder and publishes a catalog holding `procedure_yaml` files.
  explicit CentralInstance(const std::vector<std::string>& procedure_yaml = {DefaultProcedure()},
                           std::vector<std::string> extra_serve_args = {});
  ~CentralInstance();

  // Starts the server and waits until /v1/health answers. Returns false on failure.
  bool Start();
  // Sends `signal` and waits for the exit; returns the exit code.
  int Stop(int signal);

  int port() const { return port_; }
  const std::string& data_dir() const { return data_dir_; }
  std::string log() const;

  // Runs `guichet-central admin <args> --data DIR`.
  kiosk::testing::CommandResult Admin(std::vector<std::string> args) const;
  // A token made with `admin token create` (valid_seconds < 0: the default validity).
  std::string CreateToken(const std::string& kiosk_id, int valid_seconds = -1) const;
  // Enrols `kiosk_id` through POST /v1/enrolments; nullopt when that fails.
  std::optional<KioskCredentials> Enrol(const std::string& kiosk_id) const;

  // A client that trusts the device CA and, when given, presents `kiosk`'s certificate.
  std::unique_ptr<httplib::SSLClient> Client(const KioskCredentials* kiosk = nullptr) const;

  static std::string DefaultProcedure();

 private:
  kiosk::testing::TempDir temp_;
  std::string data_dir_;
  int port_;
  std::vector<std::string> extra_serve_args_;
  std::unique_ptr<kiosk::testing::ChildProcess> process_;
};

// A fresh lower-case UUID v4.
std::string NewUuid();
// A frozen submission (canonical JSON) for `kiosk_id` with `answers`.
std::string SubmissionBody(const std::string& id, const std::string& kiosk_id,
                           const nlohmann::json& answers,
                           const std::string& procedure_id = "acte-naissance",
                           int procedure_version = 3);
// The `error.code` of a JSON error answer, or "" when the body is not one.
std::string ErrorCode(const httplib::Result& result);

}  // namespace kiosk::central::testing
