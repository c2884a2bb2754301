#include "kiosk/session/announcer.h"

#include <gtest/gtest.h>

#include "kiosk/session/fakes.h"

namespace kiosk::session {
namespace {

TEST(Announcer, SaysNothingWhenGuidanceIsOff) {
  RecordingSpeech speech;
  Announcer announcer(speech);
  announcer.Update(false, "fr", {"welcome", "Bienvenue", "", "Commencer", ""});
  EXPECT_TRUE(speech.spoken().empty());
}

TEST(Announcer, SpeaksTitleQuestionAndFocusOnANewScreen) {
  RecordingSpeech speech;
  Announcer announcer(speech);
  announcer.Update(true, "fr", {"step", "Acte de naissance", "Prénoms", "Suivant", ""});
  ASSERT_EQ(speech.spoken().size(), 1u);
  EXPECT_EQ(speech.spoken()[0], "fr: Acte de naissance. Prénoms. Suivant");
}

TEST(Announcer, SpeaksOnlyWhatChanged) {
  RecordingSpeech speech;
  Announcer announcer(speech);
  announcer.Update(true, "en", {"step", "Birth", "Names", "Next", ""});
  announcer.Update(true, "en", {"step", "Birth", "Names", "Next", ""});
  announcer.Update(true, "en", {"step", "Birth", "Names", "Back", ""});
  announcer.Update(true, "en", {"step", "Birth", "Names", "Back", "This field is required."});
  ASSERT_EQ(speech.spoken().size(), 3u);
  EXPECT_EQ(speech.spoken()[1], "en: Back");
  EXPECT_EQ(speech.spoken()[2], "en: This field is required.");
}

}  // namespace
}  // namespace kiosk::session
