#include "provisioning/certificate_check.h"

#include <fstream>
#include <sstream>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "provisioning/device_identity.h"

namespace kiosk::provisioning {
namespace {

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

CertificateCheck::CertificateCheck(KioskConfig config, const Clock& clock,
                                   std::chrono::hours renew_within)
    : config_(std::move(config)), clock_(clock), renew_within_(renew_within) {}

std::vector<CheckResult> CertificateCheck::Run() {
  constexpr char kName[] = "certificate";
  const std::string kEnrolHint =
      "enrol the kiosk: kioskctl enrol --central URL --token TOKEN --ca-fingerprint SHA256";
  if (config_.central.cert_file.empty() || config_.central.key_file.empty()) {
    return {Fail(kName, "not enrolled (central.cert_file is empty)", kEnrolHint)};
  }
  auto cert = ParseCertificatePem(ReadText(config_.central.cert_file));
  if (!cert.ok()) {
    return {Fail(kName, fmt::format("cannot read {}", config_.central.cert_file), kEnrolHint)};
  }
  auto key = ParsePrivateKeyPem(ReadText(config_.central.key_file));
  if (!key.ok() || X509_check_private_key(cert->get(), key->get()) != 1) {
    return {Fail(kName, "the certificate does not match the device key",
                 "enrol again with --force and a new token")};
  }
  auto not_after = NotAfter(cert->get());
  std::string detail =
      fmt::format("'{}', valid until {:%Y-%m-%d %H:%M} UTC", CommonName(cert->get()),
                  std::chrono::floor<std::chrono::seconds>(not_after));
  auto left = not_after - clock_.Now();
  if (left <= std::chrono::seconds(0)) {
    return {Fail(kName, "expired: " + detail,
                 "enrol again with --force and a new token (renewal needs a valid certificate)")};
  }
  if (left < renew_within_) {
    return {Warn(kName, "expires soon: " + detail, "renew it: kioskctl enrol --renew")};
  }
  return {Pass(kName, detail)};
}

}  // namespace kiosk::provisioning
