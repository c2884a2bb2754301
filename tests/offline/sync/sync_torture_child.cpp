// The process the kill torture kills with SIGKILL at random points: it confirms new
// submissions and sends them, over and over.
//
// usage: sync_torture_child DATA_DIR CENTRE_URL CA CERT KEY FIRST_NUMBER COUNT CONFIRMED_LOG
// Confirms submissions FIRST_NUMBER .. FIRST_NUMBER+COUNT-1 (COUNT 0: only drains the queue),
// appending each id to CONFIRMED_LOG once Confirm() has returned, and runs a sync pass after
// each one. Exit 0 when everything it confirmed was delivered.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "base/log.h"
#include "offline/queue/submission_queue.h"
#include "offline/sync/sync_worker.h"

namespace {

using namespace kiosk;
using namespace kiosk::offline;

FrozenSubmission Make(int n) {
  FrozenSubmission submission;
  submission.id = fmt::format("00000000-0000-4000-8000-{:012d}", n);
  submission.procedure_id = "signalement";
  submission.procedure_version = 1;
  submission.payload = fmt::format(R"({{"answers":{{"surname":"ERIKSSON"}},"format":1,"id":"{}",)"
                                   R"("procedure":{{"id":"signalement","version":1}}}})",
                                   submission.id);
  submission.receipt_data = "ERIKSSON L898902C3";
  return submission;
}

int Fail(const Status& status) {
  std::fprintf(stderr, "sync_torture_child: %s\n", status.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 9) {
    std::fprintf(stderr, "usage: %s DATA_DIR URL CA CERT KEY FIRST COUNT LOG\n", argv[0]);
    return 2;
  }
  LogOptions log_options;
  log_options.target = LogOptions::Target::kStderr;
  log_options.level = spdlog::level::err;
  InitLogging(log_options);

  std::string data_dir = argv[1];
  int first = std::stoi(argv[6]);
  int count = std::stoi(argv[7]);
  auto key = DataKey::LoadOrCreate(data_dir + "/data.key");
  if (!key.ok()) return Fail(key.status());
  QueueOptions queue_options;
  queue_options.database_path = data_dir + "/queue.sqlite";
  auto queue = SubmissionQueue::Open(queue_options, *key, SystemClock());
  if (!queue.ok()) return Fail(queue.status());

  SyncClientOptions client_options;
  client_options.base_url = argv[2];
  client_options.ca_file = argv[3];
  client_options.cert_file = argv[4];
  client_options.key_file = argv[5];
  client_options.request_timeout = std::chrono::seconds(5);
  auto client = SyncClient::Create(client_options);
  if (!client.ok()) return Fail(client.status());
  RetryPolicy policy(std::chrono::milliseconds(1), std::chrono::milliseconds(10));
  SyncWorker worker(**queue, **client, policy, SystemClock(), {});

  int log = ::open(argv[8], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (log < 0) return 2;
  for (int n = first; n < first + count; ++n) {
    Status confirmed = (*queue)->Confirm(Make(n));
    if (!confirmed.ok()) return Fail(confirmed);
    std::string line = Make(n).id + "\n";
    if (::write(log, line.data(), line.size()) != static_cast<ssize_t>(line.size())) return 1;
    auto pass = worker.RunPass(SyncTrigger::kStaffSyncNow);
    if (!pass.ok()) return Fail(pass.status());
  }
  ::close(log);

  // Drain: staff "sync now" until nothing is left.
  for (int round = 0; round < 50; ++round) {
    auto pass = worker.RunPass(SyncTrigger::kStaffSyncNow);
    if (!pass.ok()) return Fail(pass.status());
    auto summary = (*queue)->Summary();
    if (!summary.ok()) return Fail(summary.status());
    if (summary->unsent() == 0) return 0;
    usleep(20000);
  }
  return 1;
}
