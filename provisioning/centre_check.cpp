#include "provisioning/centre_check.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "kiosk/version.h"
#include "provisioning/central_client.h"

namespace kiosk::provisioning {
namespace {

std::optional<std::chrono::system_clock::time_point> ServerTime(const std::string& body) {
  try {
    auto json = nlohmann::json::parse(body);
    return ParseRfc3339(json.at("server_time").get<std::string>());
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

}  // namespace

CentreCheck::CentreCheck(KioskConfig config, const Clock& clock, std::chrono::seconds tolerance,
                         std::chrono::milliseconds timeout)
    : config_(std::move(config)), clock_(clock), tolerance_(tolerance), timeout_(timeout) {}

std::vector<CheckResult> CentreCheck::Run() {
  std::vector<CheckResult> results;
  const std::string& url = config_.central.url;
  if (config_.central.ca_file.empty()) {
    results.push_back(Fail("centre", "no pinned CA (central.ca_file is empty)",
                           "enrol the kiosk first: kioskctl enrol ..."));
    results.push_back(Skipped("mutual_tls", "needs the centre"));
    results.push_back(Skipped("clock", "needs the centre"));
    return results;
  }
  CentralClient client(url, timeout_);
  TlsFiles server_only{config_.central.ca_file, "", ""};
  auto health = client.Get("/v1/health", server_only);
  if (!health.ok() || health->status != 200) {
    std::string seen =
        health.ok() ? fmt::format("HTTP {}", health->status) : health.status().message();
    std::string hint =
        health.ok() || health.status().code() != StatusCode::kPermissionDenied
            ? "check the network cable, the centre's address (central.url) and that "
              "guichet-central runs; the kiosk keeps submissions queued meanwhile"
            : "the centre's certificate does not match the pinned CA: enrol again with the "
              "right fingerprint, or check for a proxy intercepting TLS";
    results.push_back(Fail("centre", fmt::format("{}: {}", url, seen), hint));
    results.push_back(Skipped("mutual_tls", "needs the centre"));
    results.push_back(Skipped("clock", "needs the centre"));
    return results;
  }
  results.push_back(Pass("centre", fmt::format("{} reachable, certificate verified", url)));

  auto server_time = ServerTime(health->body);
  if (!server_time) {
    results.push_back(
        Fail("clock", "the centre's health answer has no server_time", "update guichet-central"));
  } else {
    auto skew = std::chrono::duration_cast<std::chrono::seconds>(clock_.Now() - *server_time);
    std::string detail = fmt::format("kiosk clock {:+} s from the centre's (tolerance ±{} s)",
                                     skew.count(), tolerance_.count());
    if (std::chrono::abs(skew) > tolerance_) {
      results.push_back(Fail("clock", detail,
                             "set the time: enable NTP (timedatectl set-ntp true) or set it by "
                             "hand; a wrong clock breaks TLS and dates submissions wrongly"));
    } else {
      results.push_back(Pass("clock", detail));
    }
  }

  if (config_.central.cert_file.empty()) {
    results.push_back(Fail("mutual_tls", "no client certificate", "enrol the kiosk first"));
    return results;
  }
  // The heartbeat's required fields (docs/openapi.yaml); the queue depth is the queue's
  // business, the self-test reports 0 rather than guess.
  nlohmann::json heartbeat = {
      {"software_version", std::string(SoftwareVersion())},
      {"queue_depth", 0},
      {"clock", fmt::format("{:%Y-%m-%dT%H:%M:%SZ}",
                            std::chrono::floor<std::chrono::seconds>(clock_.Now()))},
      {"source", "selftest"}};
  auto answer = client.PostJson(
      "/v1/heartbeats", heartbeat.dump(),
      TlsFiles{config_.central.ca_file, config_.central.cert_file, config_.central.key_file});
  if (!answer.ok()) {
    results.push_back(Fail("mutual_tls", answer.status().message(),
                           "the client certificate or key cannot be used: enrol again"));
  } else if (answer->status == 401 || answer->status == 403) {
    results.push_back(
        Fail("mutual_tls", fmt::format("the centre refused this kiosk (HTTP {})", answer->status),
             answer->status == 403 ? "this kiosk is revoked at the centre: ask its administrator"
                                   : "enrol again: kioskctl enrol --force ..."));
  } else if (answer->status >= 200 && answer->status < 300) {
    results.push_back(Pass("mutual_tls", "client certificate accepted (heartbeat sent)"));
  } else {
    results.push_back(Pass("mutual_tls", fmt::format("client certificate accepted (heartbeat "
                                                     "answered HTTP {})",
                                                     answer->status)));
  }
  return results;
}

}  // namespace kiosk::provisioning
