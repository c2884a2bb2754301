// Benchmarks of the offline queue (bench/queue/README.md).
//
//   queue_bench confirm N   N durable confirms (WAL + synchronous=FULL) into a fresh queue in
//                           the build folder; prints p50 / p99 / max latency in ms.
//   queue_bench flush N     queues N submissions, starts a private guichet-central on
//                           loopback, enrols a kiosk and flushes everything over mutual TLS
//                           with one SyncWorker pass; prints the rate and the growth of this
//                           process's resident memory during the flush.
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "base/log.h"
#include "central/pki.h"
#include "offline/queue/submission_queue.h"
#include "offline/sync/sync_worker.h"
#include "tests/central/central_instance.h"
#include "tests/offline/support/submissions.h"
#include "tests/support/temp_dir.h"

namespace {

using namespace kiosk;
using namespace kiosk::offline;
using Clock = std::chrono::steady_clock;

// About 600 bytes: a birth certificate request of the ICAO specimen citizen (invented data),
// which the benchmark's centre accepts as it re-validates every submission.
FrozenSubmission Make(int n) { return kiosk::testing::SpecimenSubmission(n); }

long ResidentKb() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

DataKey BenchKey() {
  std::array<uint8_t, DataKey::kSize> bytes{};
  bytes.fill(5);
  return DataKey::FromBytes(bytes);
}

std::unique_ptr<SubmissionQueue> FreshQueue(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
  QueueOptions options;
  options.database_path = path;
  auto queue = SubmissionQueue::Open(options, BenchKey(), SystemClock());
  if (!queue.ok()) {
    std::fprintf(stderr, "%s\n", queue.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(queue).value();
}

int Confirm(int count) {
  // On the build folder's disk (not /tmp, which may be a tmpfs without real fsync).
  std::string path = std::string(KIOSK_BENCH_DIR) + "/queue_bench.sqlite";
  auto queue = FreshQueue(path);
  std::vector<double> latencies;
  latencies.reserve(count);
  for (int i = 0; i < count; ++i) {
    auto start = Clock::now();
    Status status = queue->Confirm(Make(i));
    latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    if (!status.ok()) {
      std::fprintf(stderr, "%s\n", status.ToString().c_str());
      return 1;
    }
  }
  std::sort(latencies.begin(), latencies.end());
  auto at = [&](double q) { return latencies[static_cast<size_t>(q * (latencies.size() - 1))]; };
  std::printf("confirm n=%d p50_ms=%.3f p99_ms=%.3f max_ms=%.3f\n", count, at(0.5), at(0.99),
              latencies.back());
  queue.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
  return 0;
}

int Flush(int count) {
  kiosk::testing::TempDir dir;
  std::string path = std::string(KIOSK_BENCH_DIR) + "/queue_bench_flush.sqlite";
  auto queue = FreshQueue(path);
  for (int i = 0; i < count; ++i) {
    if (!queue->Confirm(Make(i)).ok()) return 1;
  }

  central::testing::CentralInstance central({kiosk::testing::SpecimenProcedureYaml()});
  if (!central.Start()) {
    std::fprintf(stderr, "central did not start:\n%s\n", central.log().c_str());
    return 1;
  }
  auto credentials = central.Enrol("bench-kiosk");
  if (!credentials) return 1;
  SyncClientOptions options;
  options.base_url = "https://127.0.0.1:" + std::to_string(central.port());
  options.ca_file = central.data_dir() + "/ca.pem";
  options.cert_file =
      dir.WriteFile("kiosk.pem", central::CertificatePem(credentials->certificate.get()));
  options.key_file = dir.WriteFile("kiosk.key", central::PrivateKeyPem(credentials->key.get()));
  auto client = SyncClient::Create(options);
  if (!client.ok()) return 1;
  RetryPolicy policy;
  SyncWorker worker(*queue, **client, policy, SystemClock(), {});

  long rss_before = ResidentKb();
  long rss_peak = rss_before;
  auto start = Clock::now();
  int sent = 0;
  // Passes of at most ~1000 to sample memory while flushing; one pass would do it all.
  while (sent < count) {
    auto pass = worker.RunPass(SyncTrigger::kStaffSyncNow);
    if (!pass.ok() || pass->sent == 0) {
      std::fprintf(
          stderr, "flush stopped after %d: %s\n", sent,
          pass.ok() ? worker.State().last_error.c_str() : pass.status().ToString().c_str());
      return 1;
    }
    sent += pass->sent;
    rss_peak = std::max(rss_peak, ResidentKb());
  }
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  long rss_after = ResidentKb();
  std::printf(
      "flush n=%d seconds=%.2f rate_per_s=%.0f rss_before_kb=%ld rss_after_kb=%ld "
      "rss_growth_kb=%ld rss_peak_growth_kb=%ld\n",
      count, seconds, count / seconds, rss_before, rss_after, rss_after - rss_before,
      rss_peak - rss_before);
  central.Stop(SIGTERM);
  queue.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  LogOptions log_options;
  log_options.target = LogOptions::Target::kStderr;
  log_options.level = spdlog::level::err;
  InitLogging(log_options);
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s confirm|flush COUNT\n", argv[0]);
    return 2;
  }
  std::string mode = argv[1];
  int count = std::atoi(argv[2]);
  if (mode == "confirm") return Confirm(count);
  if (mode == "flush") return Flush(count);
  return 2;
}
