// Runs a headless harness script (docs/ui-script.md) against a KioskApp built with a fake
// clock and recording speech: taps controls by id or label, types, drives the emulated card,
// moves time, waits for screens, checks what is shown and spoken, takes screenshots.
#pragma once

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

 private:
  Status Execute(const ScriptCommand& command);
  Status Tap(const std::string& key);
  Status Hold(const std::string& key, double seconds);
  Status Key(const std::string& name, int times);
  Status Screenshot(const std::string& name);
  void Settle();

  KioskApp& app_;
  std::string screenshot_dir_;
  std::string source_name_;
  std::map<std::string, std::vector<unsigned char>> shots_;
};

}  // namespace kiosk::app
