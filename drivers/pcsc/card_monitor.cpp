#include "drivers/pcsc/card_monitor.h"

#include "base/log.h"
#include "drivers/pcsc/pcsc_error.h"

namespace kiosk::pcsc {

CardMonitor::CardMonitor(CardMonitorOptions options, Callback callback)
    : options_(std::move(options)), callback_(std::move(callback)) {}

CardMonitor::~CardMonitor() { Stop(); }

void CardMonitor::Start() {
  stopping_ = false;
  finished_ = false;
  thread_ = std::thread([this] { Run(); });
}

void CardMonitor::Stop() {
  stopping_ = true;
  if (!thread_.joinable()) return;
  // SCardCancel only interrupts a wait already in progress: the worker may be between its
  // check of stopping_ and SCardGetStatusChange. Cancel again until it has left.
  while (!finished_) {
    {
      std::lock_guard lock(mutex_);
      if (live_context_ != nullptr) live_context_->Cancel();
    }
    wake_.notify_all();
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(50), [this] { return finished_.load(); });
  }
  thread_.join();
}

CardLinkState CardMonitor::state() const {
  std::lock_guard lock(mutex_);
  return Summarise(service_up_, readers_, options_.preferred_reader);
}

std::vector<ReaderInfo> CardMonitor::readers() const {
  std::lock_guard lock(mutex_);
  return readers_;
}

void CardMonitor::SleepFor(std::chrono::milliseconds duration) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, duration, [this] { return stopping_.load(); });
}

void CardMonitor::Emit(CardEvent event) {
  if (callback_) callback_(event);
}

void CardMonitor::Publish(std::vector<ReaderInfo> readers, bool service_up) {
  std::vector<CardEvent> events;
  CardLinkState state;
  {
    std::lock_guard lock(mutex_);
    bool was_known = service_known_;
    bool was_up = service_up_;
    if (!service_up) readers.clear();
    events = DiffReaders(readers_, readers);
    if (service_up && (!was_up || !was_known)) {
      events.insert(events.begin(), CardEvent{CardEvent::Kind::kServiceUp, "", {}, {}});
    }
    if (!service_up && (was_up || !was_known)) {
      events.push_back(CardEvent{CardEvent::Kind::kServiceDown, "", {}, {}});
    }
    readers_ = std::move(readers);
    service_up_ = service_up;
    service_known_ = true;
    state = Summarise(service_up_, readers_, options_.preferred_reader);
  }
  for (CardEvent& event : events) {
    event.state = state;
    Log(Subsystem::kCard)
        .info("{}{}{} (state {})", CardEventKindKey(event.kind), event.reader.empty() ? "" : " ",
              event.reader, CardLinkStateKey(state));
    Emit(std::move(event));
  }
}

void CardMonitor::Run() {
  while (!stopping_) {
    auto context = PcscContext::Establish();
    if (!context.ok()) {
      Publish({}, false);
      SleepFor(options_.reconnect_interval);
      continue;
    }
    ++contexts_established_;
    {
      std::lock_guard lock(mutex_);
      live_context_ = context->get();
    }
    while (!stopping_ && Turn(**context)) {
    }
    {
      std::lock_guard lock(mutex_);
      live_context_ = nullptr;
    }
    if (!stopping_) {
      Log(Subsystem::kCard).warn("PC/SC service lost; establishing a new context");
      Publish({}, false);
      SleepFor(options_.reconnect_interval);
    }
  }
  std::lock_guard lock(mutex_);
  finished_ = true;
  wake_.notify_all();
}

bool CardMonitor::Turn(PcscContext& context) {
  auto names = context.ListReaders();
  if (!names.ok()) {
    if (ReasonOf(names.status()) == LinkReason::kServiceUnavailable) return false;
    // Anything else (a reader appearing between the two calls, a driver hiccup): do not spin.
    SleepFor(std::chrono::milliseconds(50));
    return true;
  }
  auto infos = context.ReadStates(*names);
  if (!infos.ok()) {
    if (ReasonOf(infos.status()) == LinkReason::kServiceUnavailable) return false;
    // A reader vanished between listing and reading: look again next turn.
    SleepFor(std::chrono::milliseconds(50));
    return true;
  }
  Publish(*infos, true);

  auto changed = context.WaitForChange(*infos, /*watch_plug=*/true, options_.poll_interval);
  if (!changed.ok()) {
    LinkReason reason = ReasonOf(changed.status());
    if (reason == LinkReason::kCancelled) return !stopping_;
    if (reason == LinkReason::kServiceUnavailable) return false;
    // Anything else (a driver hiccup): do not spin.
    SleepFor(options_.poll_interval);
  }
  return true;
}

}  // namespace kiosk::pcsc
