// Runs a headless harness script (docs/ui-script.md) against a KioskApp built with a fake
// clock and recording speech: taps controls by id or label, types, drives the emulated card,
// moves time, waits for screens, checks what is shown and spoken, takes screenshots.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "kiosk/app/kiosk_app.h"
#include "kiosk/app/ui_script.h"

namespace kiosk::app {

class ScriptRunner {
 public:
  // Screenshots go to `screenshot_dir` as NAME.png.
  ScriptRunner(KioskApp& app, std::string screenshot_dir, std::string source_name);

  // Runs every command; stops at the first failure, whose message is "source:line: ...".
  Status Run(const std::vector<ScriptCommand>& commands);

  // With real devices, `card insert` and `card remove` signal this card emulator process
  // (drivers/cardsim's card-emulator: SIGUSR2 inserts, SIGUSR1 removes) instead of the fake
  // reader. Test and demo harness only.
  void SetCardEmulator(int pid) { emulator_pid_ = pid; }

 private:
  Status Execute(const ScriptCommand& command);
  Status Tap(const std::string& key);
  Status ScrollIntoView(const std::string& key);
  Status Hold(const std::string& key, double seconds);
  Status Key(const std::string& name, int times);
  Status Screenshot(const std::string& name);
  Status CardOnEmulator(const std::string& what);
  // Renders frames until `done` holds or `timeout` of wall-clock time passed (real devices
  // answer in their own time).
  bool WaitUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout);
  void Settle();

  KioskApp& app_;
  std::string screenshot_dir_;
  std::string source_name_;
  std::map<std::string, std::vector<unsigned char>> shots_;
  int emulator_pid_ = 0;
};

}  // namespace kiosk::app
