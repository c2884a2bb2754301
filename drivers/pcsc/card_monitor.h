// CardMonitor: a worker thread that watches pcscd for readers and cards and reports changes.
//
// It keeps one PC/SC context, waits on every reader plus the PnP notification reader
// (SCardGetStatusChange), and re-lists the readers every `poll_interval` anyway, because some
// drivers never wake waiters when a reader goes away. When pcscd stops or restarts, the old
// context answers SCARD_E_NO_SERVICE for ever: the monitor drops it, reports
// kServiceDown, and tries a new context every `reconnect_interval` until the daemon is back.
//
// Thread: Start() and Stop() from the owner's thread. The callback runs on the monitor's
// thread, one event at a time, and must not block for long (post to the UI queue and return).
// state() and readers() may be read from any thread. The destructor stops the thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "drivers/pcsc/pcsc_context.h"
#include "drivers/pcsc/reader_state.h"

namespace kiosk::pcsc {

struct CardMonitorOptions {
  std::chrono::milliseconds poll_interval{1000};      // fallback re-listing of readers
  std::chrono::milliseconds reconnect_interval{500};  // while pcscd is away
  std::string preferred_reader;                       // card.preferred_reader
};

class CardMonitor {
 public:
  using Callback = std::function<void(const CardEvent&)>;

  CardMonitor(CardMonitorOptions options, Callback callback);
  ~CardMonitor();
  CardMonitor(const CardMonitor&) = delete;
  CardMonitor& operator=(const CardMonitor&) = delete;

  // Starts the worker thread. REQUIRES: not started.
  void Start();
  // Stops the worker (interrupting its wait) and joins it. Idempotent.
  void Stop();

  CardLinkState state() const;
  std::vector<ReaderInfo> readers() const;
  // How many contexts have been established since Start(): 2 after one pcscd restart.
  int contexts_established() const { return contexts_established_; }

 private:
  void Run();
  // One turn with a live context: re-list, report, wait. Returns false when the context must
  // be dropped (service gone).
  bool Turn(PcscContext& context);
  void Publish(std::vector<ReaderInfo> readers, bool service_up);
  void Emit(CardEvent event);
  void SleepFor(std::chrono::milliseconds duration);

  const CardMonitorOptions options_;
  const Callback callback_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> finished_{false};  // the worker has left Run()
  std::atomic<int> contexts_established_{0};

  mutable std::mutex mutex_;  // guards the fields below
  std::condition_variable wake_;
  PcscContext* live_context_ = nullptr;  // for Stop() to cancel a wait
  bool service_up_ = false;
  bool service_known_ = false;  // false until the first attempt
  std::vector<ReaderInfo> readers_;
};

}  // namespace kiosk::pcsc
