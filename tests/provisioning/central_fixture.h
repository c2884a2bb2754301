// A private guichet-central for provisioning tests: its own data folder (TempDir), its own
// port, started as a child process and stopped by pid at destruction.
#pragma once

#include <memory>
#include <string>

#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace kiosk::testing {

class PrivateCentral {
 public:
  // Initialises a data folder and starts `guichet-central serve` on a free loopback port.
  // Check ok() before use.
  PrivateCentral();
  bool ok() const { return ok_; }
  const std::string& error() const { return error_; }

  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }
  const std::string& ca_fingerprint() const { return ca_fingerprint_; }  // lower-case hex
  std::string ca_file() const { return data_.Join("data/ca.pem"); }

  // A one-time enrolment token for `kiosk_id` (empty on failure).
  std::string CreateToken(const std::string& kiosk_id, int valid_seconds = 3600);
  // Revokes a kiosk; true on success.
  bool Revoke(const std::string& kiosk_id);
  void Stop() { server_ = ChildProcess(); }

 private:
  TempDir data_;
  int port_ = 0;
  bool ok_ = false;
  std::string error_;
  std::string ca_fingerprint_;
  ChildProcess server_;
};

}  // namespace kiosk::testing
