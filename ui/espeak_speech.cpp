#include "ui/espeak_speech.h"

#include <espeak-ng/speak_lib.h>

#include "base/log.h"

namespace kiosk::ui {

EspeakSpeech::EspeakSpeech() : thread_([this] { Loop(); }) {}

EspeakSpeech::~EspeakSpeech() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    pending_.reset();
  }
  espeak_Cancel();
  wake_.notify_all();
  thread_.join();
}

void EspeakSpeech::Say(const std::string& language, const std::string& text) {
  {
    std::lock_guard lock(mutex_);
    pending_ = std::make_pair(language, text);
  }
  // Interrupts the sentence being spoken; espeak_Cancel is safe from another thread.
  espeak_Cancel();
  wake_.notify_all();
}

void EspeakSpeech::Stop() {
  {
    std::lock_guard lock(mutex_);
    pending_.reset();
  }
  espeak_Cancel();
}

void EspeakSpeech::Loop() {
  // Initialised on this thread: espeak's synchronous playback blocks while it speaks.
  int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCH_PLAYBACK, 0, nullptr, 0);
  bool ready = rate > 0;
  if (!ready) Log(Subsystem::kUi).warn("espeak-ng unavailable: audio guidance is silent");
  std::string voice;
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || pending_.has_value(); });
    if (stopping_) break;
    auto [language, text] = std::move(*pending_);
    pending_.reset();
    lock.unlock();
    if (ready) {
      if (language != voice && espeak_SetVoiceByName(language.c_str()) == EE_OK) voice = language;
      espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr,
                   nullptr);
    }
    lock.lock();
  }
  lock.unlock();
  if (ready) espeak_Terminate();
}

}  // namespace kiosk::ui
