// A test fixture with a private pcscd (vpcd reader on free ports) and an event recorder for
// CardMonitor callbacks. Test binaries using it link kiosk_test_pcscd_main.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "drivers/pcsc/reader_state.h"
#include "tests/support/private_pcscd.h"
#include "tests/support/temp_dir.h"

namespace kiosk::testing {

class PcscdTest : public ::testing::Test {
 protected:
  void SetUp() override { StartPcscd(true); }

  void StartPcscd(bool with_vpcd) {
    if (!InPrivatePcscdNamespace()) GTEST_SKIP() << "needs root: private mount namespace";
    std::string error;
    pcscd_ = PrivatePcscd::Start(dir_, &error, with_vpcd);
    ASSERT_NE(pcscd_, nullptr) << error;
  }

  // Waits until the card in slot `slot` is seen by pcscd (the emulator connected).
  bool WaitForCard(int slot = 0) {
    return WaitUntil([&] { return CardPresent(pcscd_->reader_name(slot)); },
                     std::chrono::seconds(10));
  }
  static bool CardPresent(const std::string& reader);

  TempDir dir_;
  std::unique_ptr<PrivatePcscd> pcscd_;
};

// Collects CardMonitor events from its thread; tests wait for the one they expect.
class EventRecorder {
 public:
  void operator()(const pcsc::CardEvent& event) {
    std::lock_guard lock(mutex_);
    events_.push_back(event);
    changed_.notify_all();
  }

  // Waits until an event of `kind` (on `reader` when not empty) arrives after index `from`;
  // returns its index or -1 on timeout.
  int WaitFor(pcsc::CardEvent::Kind kind, const std::string& reader = "", size_t from = 0,
              std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock lock(mutex_);
    int found = -1;
    changed_.wait_for(lock, timeout, [&] {
      for (size_t i = from; i < events_.size(); ++i) {
        if (events_[i].kind == kind && (reader.empty() || events_[i].reader == reader)) {
          found = static_cast<int>(i);
          return true;
        }
      }
      return false;
    });
    return found;
  }

  size_t size() {
    std::lock_guard lock(mutex_);
    return events_.size();
  }
  std::vector<pcsc::CardEvent> events() {
    std::lock_guard lock(mutex_);
    return events_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<pcsc::CardEvent> events_;
};

}  // namespace kiosk::testing
