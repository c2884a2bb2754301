#include "kiosk/session/citizen_session.h"

#include <gtest/gtest.h>

namespace kiosk::session {
namespace {

TEST(CitizenSession, WipeClearsEveryPieceOfCitizenData) {
  CitizenSession session;
  CardIdentity identity;
  identity.surname = "MARTIN";
  identity.photo = {1, 2, 3};
  session.SetIdentity(identity);
  session.answers()["nom"] = "Martin";
  session.input() = "Élodie";
  session.assisted_by = "agent";
  session.preferences.text_percent = 200;
  ASSERT_FALSE(session.Empty());

  session.Wipe({.language = "fr"});
  EXPECT_TRUE(session.Empty());
  EXPECT_FALSE(session.has_identity());
  EXPECT_EQ(session.preferences.text_percent, 100);
}

TEST(CitizenSession, WipeStringZeroesAndReleasesTheBuffer) {
  std::string text = "a name that does not fit the small string buffer";
  WipeString(text);
  EXPECT_TRUE(text.empty());
  EXPECT_LE(text.capacity(), 15u);
}

}  // namespace
}  // namespace kiosk::session
