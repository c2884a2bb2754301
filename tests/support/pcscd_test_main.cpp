// main() of the test binaries that talk to a private pcscd (label `card`): enters a private
// mount namespace before GoogleTest starts any test, so that every PC/SC client of the test
// sees only the daemon the test started (see private_pcscd.h). Listing tests (ctest's
// discovery) does not need it; KIOSK_TEST_LOG=debug turns the logs on; when the namespace cannot be
// made (not root), the tests that need pcscd skip with the reason.
#include <cstdlib>
#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "base/log.h"
#include "tests/support/private_pcscd.h"

int main(int argc, char** argv) {
  bool listing = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--gtest_list_tests") == 0) listing = true;
  }
  if (!listing) {
    std::string error;
    if (!kiosk::testing::EnterPrivatePcscdNamespace(&error)) {
      fprintf(stderr, "private pcscd namespace unavailable: %s\n", error.c_str());
    }
  }
  // KIOSK_TEST_LOG=debug shows every PC/SC call and its decoded result.
  if (const char* level = std::getenv("KIOSK_TEST_LOG")) {
    kiosk::LogOptions options;
    options.target = kiosk::LogOptions::Target::kStderr;
    if (kiosk::ParseLogLevel(level, &options.level)) kiosk::InitLogging(options);
  }
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
