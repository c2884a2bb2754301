// Enrolling the kiosk with the centre, and renewing its certificate.
//
// Enrol: the device key is generated here and never leaves the kiosk; a CSR naming the kiosk
// (CN = identity.id, O = commune, OU = site) is sent with the one-time token over TLS verified
// against the centre's CA, which is trusted only once its SHA-256 fingerprint matches the one
// the technician typed. The key, certificate and pinned CA go to a new folder
// <data_dir>/identity/<generation>/ and the configuration (central.url, ca_file, cert_file,
// key_file) is then replaced atomically: that rename is the single commit point. A failure or
// a crash before it leaves the old configuration and credentials in use; leftovers of an
// interrupted attempt are removed by the next one.
//
// Thread-compatible; one enrolment at a time per configuration file.
#pragma once

#include <chrono>
#include <string>

#include "base/status.h"

namespace kiosk::provisioning {

struct EnrolRequest {
  std::string config_path;
  std::string central_url;     // https://host:port
  std::string token;           // one-time enrolment token (never logged)
  std::string ca_fingerprint;  // SHA-256 of the centre's CA certificate, as typed
  bool force = false;          // enrol again although already enrolled
  std::chrono::milliseconds timeout = std::chrono::seconds(15);
};

struct EnrolResult {
  std::string kiosk_id;
  std::string cert_file;
  std::string key_file;
  std::string ca_file;
  std::string ca_fingerprint;  // normalised
  std::chrono::system_clock::time_point not_after;
  bool renewed = false;  // false when a renewal was not due
};

// Errors: kAlreadyExists (enrolled already, no force), kInvalidInput (bad URL, fingerprint,
// configuration), kPermissionDenied (fingerprint mismatch, token unknown/used/expired, TLS
// verification failure), kUnavailable / kDeadlineExceeded (centre unreachable), kDataLoss
// (the centre answered something unusable), file errors from base/atomic_file.h.
StatusOr<EnrolResult> Enrol(const EnrolRequest& request);

struct RenewRequest {
  std::string config_path;
  // Renew only when the certificate expires within this window (unless `force`).
  std::chrono::hours within = std::chrono::hours(24 * 30);
  bool force = false;
  std::chrono::milliseconds timeout = std::chrono::seconds(15);
};

// Renews the client certificate with a new key, authenticated by the current certificate
// (mutual TLS) on POST /v1/enrolments/renew (see docs/contracts.md). kFailedPrecondition when
// not enrolled; returns renewed = false when the certificate is not due.
StatusOr<EnrolResult> Renew(const RenewRequest& request);

// Where the identity generations live: <data_dir>/identity.
std::string IdentityFolder(const std::string& data_dir);

}  // namespace kiosk::provisioning
