// How worker threads talk to the drawing thread: they post FlowEvents into an EventQueue,
// which calls a wake function (the app pushes an SDL user event) so that a loop blocked in
// SDL_WaitEventTimeout runs at once. JobRunner is the worker thread for slow calls.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "base/status.h"
#include "kiosk/session/citizen_session.h"
#include "kiosk/session/ports.h"

namespace kiosk::session {

struct FlowEvent {
  enum class Kind {
    kCardInserted,
    kCardRemoved,
    kCardRead,    // identity, or status on failure
    kPinChecked,  // ok = PIN accepted
    kStored,      // text = local reference, or status: the submission is in the queue
    kDelivered,   // text = central reference: the centre acknowledged it
    kPrinted,     // print
    kReprinted,   // print (staff reprint or the citizen's "print again")
    kSelfTested,  // checks
  };
  Kind kind = Kind::kCardInserted;
  std::uint64_t session_serial = 0;  // which session started the job
  Status status;
  std::string text;
  bool ok = false;
  std::optional<CardIdentity> identity;
  PrintResult print;
  std::vector<CheckLine> checks;
};

// Thread-safe. Post() from any thread; Drain() from the drawing thread.
class EventQueue {
 public:
  // `wake` is called after each Post(), from the posting thread; may be empty.
  void SetWake(std::function<void()> wake);
  void Post(FlowEvent event);
  std::deque<FlowEvent> Drain();

 private:
  std::mutex mutex_;
  std::deque<FlowEvent> events_;
  std::function<void()> wake_;
};

// One worker thread running jobs in order. The destructor finishes the jobs already queued
// (a receipt being printed is printed) and joins.
class JobRunner {
 public:
  JobRunner();
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  void Run(std::function<void()> job);
  // Blocks until every queued job ran (tests and the headless harness).
  void WaitIdle();

 private:
  void Loop();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::function<void()>> jobs_;
  bool busy_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace kiosk::session
