#include "kiosk/session/event_queue.h"

namespace kiosk::session {

void EventQueue::SetWake(std::function<void()> wake) {
  std::lock_guard lock(mutex_);
  wake_ = std::move(wake);
}

void EventQueue::Post(FlowEvent event) {
  std::function<void()> wake;
  {
    std::lock_guard lock(mutex_);
    events_.push_back(std::move(event));
    wake = wake_;
  }
  // Outside the lock: the wake function may take SDL's own event-queue lock.
  if (wake) wake();
}

std::deque<FlowEvent> EventQueue::Drain() {
  std::lock_guard lock(mutex_);
  std::deque<FlowEvent> drained;
  drained.swap(events_);
  return drained;
}

JobRunner::JobRunner() : thread_([this] { Loop(); }) {}

JobRunner::~JobRunner() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void JobRunner::Run(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  changed_.notify_all();
}

void JobRunner::WaitIdle() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return jobs_.empty() && !busy_; });
}

void JobRunner::Loop() {
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    if (jobs_.empty()) return;  // stopping, and every queued job ran
    std::function<void()> job = std::move(jobs_.front());
    jobs_.pop_front();
    busy_ = true;
    lock.unlock();
    job();
    lock.lock();
    busy_ = false;
    changed_.notify_all();
  }
}

}  // namespace kiosk::session
