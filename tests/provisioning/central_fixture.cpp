#include "tests/provisioning/central_fixture.h"

#include <nlohmann/json.hpp>

namespace kiosk::testing {

PrivateCentral::PrivateCentral() {
  std::string data = data_.Join("data");
  auto init =
      RunCommand({BinaryPath("guichet-central"), "admin", "--data", data, "--json", "init"});
  if (init.exit_code != 0) {
    error_ = "admin init failed: " + init.err;
    return;
  }
  auto json = nlohmann::json::parse(init.out, nullptr, false);
  if (json.is_discarded() || !json.contains("ca_sha256")) {
    error_ = "admin init printed no fingerprint: " + init.out;
    return;
  }
  ca_fingerprint_ = json["ca_sha256"].get<std::string>();
  port_ = FreeTcpPort();
  server_ = ChildProcess({BinaryPath("guichet-central"), "serve", "--listen",
                          "127.0.0.1:" + std::to_string(port_), "--data", data, "--threads", "2"},
                         data_.Join("central.log"));
  ok_ = WaitUntil([this] { return TcpPortOpen(port_); });
  if (!ok_) error_ = "guichet-central did not start: " + ReadFile(data_.Join("central.log"));
}

std::string PrivateCentral::CreateToken(const std::string& kiosk_id, int valid_seconds) {
  auto created = RunCommand({BinaryPath("guichet-central"), "admin", "--data", data_.Join("data"),
                             "--json", "token", "create", "--kiosk-id", kiosk_id, "--valid-seconds",
                             std::to_string(valid_seconds)});
  if (created.exit_code != 0) return "";
  auto json = nlohmann::json::parse(created.out, nullptr, false);
  if (json.is_discarded() || !json.contains("token")) return "";
  return json["token"].get<std::string>();
}

bool PrivateCentral::Revoke(const std::string& kiosk_id) {
  return RunCommand({BinaryPath("guichet-central"), "admin", "--data", data_.Join("data"), "kiosks",
                     "revoke", kiosk_id})
             .exit_code == 0;
}

}  // namespace kiosk::testing
