// The technician self-test port (session::SelfTest) on provisioning's checks, the same ones
// `kioskctl selftest` runs: pcscd and the reader, the printer, the kiosk's certificate, the
// centre over mutual TLS and the clock, free disk space, the queue's health.
//
// The queue check reads the kiosk's own open queue: opening a second SubmissionQueue on the
// same file would turn a submission being sent into `waiting` under the sync worker's feet.
//
// Thread: Run() from a worker thread; it blocks while each check runs (each bounded by its own
// timeout, a few seconds at most).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/config.h"
#include "kiosk/session/ports.h"
#include "offline/queue/submission_queue.h"
#include "provisioning/self_test.h"

namespace kiosk::devices {

struct SelfTestOptions {
  std::string cups_server;  // "" = libcups' default
  uint64_t min_free_bytes = uint64_t{200} << 20;
  std::chrono::seconds clock_tolerance{120};
};

// pass and skipped are ok; warn is ok with its hint; fail is not ok. A skipped check says so
// in its detail.
std::vector<session::CheckLine> ToCheckLines(const provisioning::SelfTestReport& report);

class KioskSelfTest : public session::SelfTest {
 public:
  // `clock` and `queue` must outlive the self-test.
  KioskSelfTest(KioskConfig config, const Clock& clock, offline::SubmissionQueue& queue,
                SelfTestOptions options = {});

  std::vector<session::CheckLine> Run() override;

 private:
  const KioskConfig config_;
  const Clock& clock_;
  offline::SubmissionQueue& queue_;
  const SelfTestOptions options_;
};

}  // namespace kiosk::devices
