// Audio guidance with espeak-ng, on its own thread: Say() queues the text and returns; a new
// Say() drops what was not spoken yet and interrupts the current sentence, so the citizen
// hears the screen they are on, not a backlog.
#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "kiosk/session/ports.h"

namespace kiosk::ui {

class EspeakSpeech : public session::Speech {
 public:
  EspeakSpeech();
  ~EspeakSpeech() override;

  void Say(const std::string& language, const std::string& text) override;
  void Stop() override;

 private:
  void Loop();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<std::pair<std::string, std::string>> pending_;  // language, text
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace kiosk::ui
