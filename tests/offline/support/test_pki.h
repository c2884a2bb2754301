// A throw-away PKI for sync tests, made with OpenSSL at test time: the centre's CA, a server
// certificate for 127.0.0.1, a kiosk client certificate, an expired one, and a rogue CA with
// its own server certificate (a "wrong server").
#pragma once

#include <string>

namespace kiosk::testing {

struct TestPki {
  std::string ca_cert;  // the centre's CA (what the kiosk pins)
  std::string ca_key;
  std::string server_cert;  // CN/SAN 127.0.0.1, signed by the CA
  std::string server_key;
  std::string client_cert;  // a kiosk, signed by the CA
  std::string client_key;
  std::string expired_client_cert;  // signed by the CA, expired yesterday
  std::string expired_client_key;
  std::string rogue_ca_cert;      // another CA
  std::string rogue_server_cert;  // SAN 127.0.0.1, signed by the rogue CA
  std::string rogue_server_key;

  // Writes every file (PEM) into `dir`. Aborts the test on failure.
  static TestPki Create(const std::string& dir);
};

}  // namespace kiosk::testing
