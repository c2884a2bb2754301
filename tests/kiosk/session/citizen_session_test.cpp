#include "kiosk/session/citizen_session.h"

#include <gtest/gtest.h>

#include "kiosk/procedure/loader.h"

namespace kiosk::session {
namespace {

constexpr char kProcedure[] = R"(id: essai
version: 1
languages: [fr, en]
title: {fr: Essai, en: Trial}
closing: {fr: Nous vous écrirons., en: We will write to you.}
steps:
  - id: s
    title: {fr: Étape, en: Step}
    questions:
      - id: nom
        type: short_text
        prefill: surname
        label: {fr: Nom, en: Surname}
)";

TEST(CitizenSession, WipeClearsEveryPieceOfCitizenData) {
  CitizenSession session;
  CardIdentity identity;
  identity.surname = "MARTIN";
  identity.place_of_birth = "Évreux";
  identity.photo = {1, 2, 3};
  session.SetIdentity(identity);

  auto load = procedure::ParseProcedure(kProcedure, "essai.yaml");
  ASSERT_TRUE(load.ok()) << load.errors.front().ToString();
  procedure::SessionOptions options;
  options.identity = identity.ToIdentityData();
  session.StartProcedure(std::make_unique<procedure::ProcedureSession>(load.procedure, options));
  ASSERT_EQ(session.procedure()->ResolvedAnswers()["nom"], "MARTIN");
  session.input() = "Élodie";
  session.parts() = {"12 rue de la Paix", "", "76800", "Rouen"};
  session.assisted_by = "agent";
  session.preferences.text_percent = 200;
  ASSERT_FALSE(session.Empty());

  session.Wipe({.language = "fr"});
  EXPECT_TRUE(session.Empty());
  EXPECT_FALSE(session.has_identity());
  EXPECT_EQ(session.procedure(), nullptr);
  EXPECT_EQ(session.preferences.text_percent, 100);
}

TEST(CitizenSession, TheEnginesWipeForgetsEveryAnswer) {
  auto load = procedure::ParseProcedure(kProcedure, "essai.yaml");
  ASSERT_TRUE(load.ok()) << load.errors.front().ToString();
  procedure::ProcedureSession engine(load.procedure, {});
  ASSERT_TRUE(engine.SetAnswer("nom", "Durand").ok());
  ASSERT_EQ(engine.ResolvedAnswers()["nom"], "Durand");
  engine.Wipe();
  EXPECT_FALSE(engine.ResolvedAnswers().contains("nom"));
}

TEST(CitizenSession, WipeJsonOverwritesNestedStrings) {
  nlohmann::json value = {{"street", "12 rue de la Paix"}, {"list", {"a", "b"}}};
  WipeJson(value);
  EXPECT_TRUE(value.is_null());
}

TEST(CitizenSession, WipeStringZeroesAndReleasesTheBuffer) {
  std::string text = "a name that does not fit the small string buffer";
  WipeString(text);
  EXPECT_TRUE(text.empty());
  EXPECT_LE(text.capacity(), 15u);
}

}  // namespace
}  // namespace kiosk::session
