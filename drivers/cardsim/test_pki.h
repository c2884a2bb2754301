// A throw-away passive authentication PKI for tests and the demo: a CSCA (self-signed, EC
// P-256) and a Document Signer certified by it. Generated on demand; the private keys are
// test-only and never committed.
//
// Layout of `dir`: csca/csca.pem (the trust store folder to give the reader),
// ds-cert.pem, ds-key.pem.
#pragma once

#include <string>

#include "base/status.h"
#include "drivers/emrtd/crypto.h"

namespace kiosk::cardsim {

struct TestPkiPaths {
  std::string trust_store_dir;  // dir/csca
  std::string ds_cert;
  std::string ds_key;
};

// Creates the PKI in `dir` (created if needed) unless it is already there.
StatusOr<TestPkiPaths> GenerateTestPki(const std::string& dir);

// EF.SOD (tag 77): a CMS SignedData over `lds_security_object` (DER), signed with the DS.
StatusOr<emrtd::Bytes> SignSecurityObject(const TestPkiPaths& pki,
                                          std::span<const uint8_t> lds_security_object);

}  // namespace kiosk::cardsim
