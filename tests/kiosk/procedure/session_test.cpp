// The engine as a touch screen drives it: steps, skipping, going back, errors in the
// citizen's language, review and confirmation.
#include "kiosk/procedure/session.h"

#include <gtest/gtest.h>

#include "tests/kiosk/procedure/run_helper.h"

namespace kiosk::procedure {
namespace {

using testing_helpers::ShippedProcedure;
using testing_helpers::TestOptions;

class SignalementSession : public ::testing::Test {
 protected:
  std::shared_ptr<const Procedure> procedure_ = ShippedProcedure("signalement-voirie");
};

TEST_F(SignalementSession, StartsOnTheFirstStepWithLabelsInTheLanguage) {
  ProcedureSession session(procedure_, TestOptions("en"));
  StepView step = session.CurrentStep();
  EXPECT_EQ(step.id, "probleme");
  EXPECT_EQ(step.title, "The problem");
  EXPECT_EQ(step.number, 1);
  EXPECT_EQ(step.count, 3);
  EXPECT_FALSE(step.can_go_back);
  ASSERT_EQ(step.questions.size(), 2u);  // "categorie_autre" is not relevant yet
  EXPECT_EQ(step.questions[0].label, "Category");
  EXPECT_EQ(step.questions[0].choices[1].label, "Street light out");
  EXPECT_TRUE(step.questions[0].required);
}

TEST_F(SignalementSession, ShowsAQuestionOnceItBecomesRelevant) {
  ProcedureSession session(procedure_, TestOptions("fr"));
  ASSERT_TRUE(session.SetAnswer("categorie", "autre").ok());
  StepView step = session.CurrentStep();
  ASSERT_EQ(step.questions.size(), 3u);
  EXPECT_EQ(step.questions[1].id, "categorie_autre");
  EXPECT_TRUE(step.questions[0].choices.back().selected);
}

TEST_F(SignalementSession, NextStaysAndShowsErrorsInTheCitizensLanguage) {
  ProcedureSession session(procedure_, TestOptions("de"));
  EXPECT_FALSE(session.Next());
  StepView step = session.CurrentStep();
  EXPECT_EQ(step.id, "probleme");
  EXPECT_EQ(step.questions[0].error, "Diese Angabe ist erforderlich.");
  session.SetLanguage("es");
  EXPECT_EQ(session.CurrentStep().questions[0].error, "Esta respuesta es obligatoria.");
}

TEST_F(SignalementSession, MalformedInputIsKeptAsTypedWithItsMessage) {
  ProcedureSession session(procedure_, TestOptions("fr"));
  ASSERT_TRUE(session.SetAnswer("souhaite_contact", true).ok());
  auto message = session.SetAnswer("telephone", "06 12");
  ASSERT_TRUE(message.ok());
  EXPECT_EQ(*message, "Saisissez un numéro de téléphone valide (10 chiffres, ou +33...).");
  ASSERT_TRUE(session.SetAnswer("categorie", "eclairage").ok());
  ASSERT_TRUE(session.SetAnswer("danger", false).ok());
  ASSERT_TRUE(session.Next());
  ASSERT_TRUE(session.SetAnswer("adresse_lieu", "12 rue Victor Hugo").ok());
  ASSERT_TRUE(session.SetAnswer("description", "Lampadaire éteint depuis lundi").ok());
  ASSERT_TRUE(session.Next());
  StepView step = session.CurrentStep();
  ASSERT_EQ(step.id, "contact");
  EXPECT_FALSE(session.Next());
  step = session.CurrentStep();
  EXPECT_EQ(step.questions[3].id, "telephone");
  EXPECT_EQ(step.questions[3].value, "06 12");
  EXPECT_EQ(step.questions[3].error,
            "Saisissez un numéro de téléphone valide (10 chiffres, ou +33...).");
}

TEST_F(SignalementSession, GoingBackKeepsAnswersAndReviewListsThem) {
  ProcedureSession session(procedure_, TestOptions("fr"));
  ASSERT_TRUE(session.SetAnswer("categorie", "proprete").ok());
  ASSERT_TRUE(session.SetAnswer("danger", false).ok());
  ASSERT_TRUE(session.Next());
  ASSERT_TRUE(session.SetAnswer("adresse_lieu", "Parking des Lices").ok());
  ASSERT_TRUE(session.SetAnswer("description", "Dépôt de gravats au fond du parking").ok());
  ASSERT_TRUE(session.Back());
  EXPECT_EQ(session.CurrentStep().id, "probleme");
  EXPECT_EQ(session.CurrentStep().questions[0].value, "proprete");
  ASSERT_TRUE(session.Next());
  EXPECT_EQ(session.CurrentStep().questions[0].value, "Parking des Lices");
  ASSERT_TRUE(session.Next());
  EXPECT_TRUE(session.CurrentStep().is_last);
  ASSERT_TRUE(session.Next());  // souhaite_contact defaults to false
  ASSERT_EQ(session.phase(), ProcedureSession::Phase::kReview);

  auto review = session.Review();
  ASSERT_EQ(review.size(), 5u);
  EXPECT_EQ(review[0].label, "Catégorie");
  EXPECT_EQ(review[0].value, "Dépôt sauvage ou propreté");
  EXPECT_EQ(review[1].value, "Non");
  EXPECT_EQ(review[4].question_id, "souhaite_contact");

  ASSERT_TRUE(session.EditStep("lieu"));
  EXPECT_EQ(session.CurrentStep().id, "lieu");
  ASSERT_TRUE(session.Next());
  ASSERT_TRUE(session.Next());
  auto frozen = session.Confirm();
  ASSERT_TRUE(frozen.ok()) << frozen.status().message();
  EXPECT_EQ(frozen->id, testing_helpers::kFixedId);
  EXPECT_EQ(session.phase(), ProcedureSession::Phase::kConfirmed);
  EXPECT_FALSE(session.SetAnswer("danger", true).ok());
  EXPECT_FALSE(session.Confirm().ok());
}

TEST_F(SignalementSession, AnswersOfAStepThatNoLongerAppliesAreLeftOutButKept) {
  ProcedureSession session(procedure_, TestOptions("fr"));
  ASSERT_TRUE(session.SetAnswer("souhaite_contact", true).ok());
  ASSERT_TRUE(session.SetAnswer("nom", "Dupont").ok());
  EXPECT_EQ(session.ResolvedAnswers()["nom"], "Dupont");
  ASSERT_TRUE(session.SetAnswer("souhaite_contact", false).ok());
  EXPECT_FALSE(session.ResolvedAnswers().contains("nom"));
  ASSERT_TRUE(session.SetAnswer("souhaite_contact", true).ok());
  EXPECT_EQ(session.ResolvedAnswers()["nom"], "Dupont");
}

TEST_F(SignalementSession, ConfirmIsRefusedBeforeTheReview) {
  ProcedureSession session(procedure_, TestOptions("fr"));
  auto frozen = session.Confirm();
  ASSERT_FALSE(frozen.ok());
  EXPECT_EQ(frozen.status().code(), StatusCode::kFailedPrecondition);
}

TEST_F(SignalementSession, UnknownAndCalculatedQuestionsCannotBeAnswered) {
  ProcedureSession session(procedure_, TestOptions("fr"));
  EXPECT_EQ(session.SetAnswer("nope", "x").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(session.SetAnswer("priorite", "haute").status().code(), StatusCode::kNotFound);
}

TEST(Session, SkipsAStepThatDoesNotApply) {
  auto procedure = ShippedProcedure("acte-naissance");
  ASSERT_TRUE(procedure);
  ProcedureSession session(procedure, TestOptions("fr"));
  ASSERT_TRUE(session.SetAnswer("type_acte", "extrait_sans_filiation").ok());
  ASSERT_TRUE(session.SetAnswer("qualite", "personne_concernee").ok());
  EXPECT_EQ(session.StepCount(), 3);  // no parents, no requester
  ASSERT_TRUE(session.Next());
  ASSERT_TRUE(session.SetAnswer("nom", "Eriksson").ok());
  ASSERT_TRUE(session.SetAnswer("prenoms", "Anna").ok());
  ASSERT_TRUE(session.SetAnswer("sexe", "F").ok());
  ASSERT_TRUE(session.SetAnswer("date_naissance", "1974-08-12").ok());
  ASSERT_TRUE(session.SetAnswer("lieu_naissance", "Arles").ok());
  ASSERT_TRUE(session.Next());
  EXPECT_EQ(session.CurrentStep().id, "remise");
  EXPECT_EQ(session.CurrentStep().number, 3);
  ASSERT_TRUE(session.Back());
  EXPECT_EQ(session.CurrentStep().id, "personne");
}

TEST(Session, IdentityDataFromJsonRefusesUnknownFields) {
  EXPECT_TRUE(IdentityDataFromJson({{"surname", "ERIKSSON"}}).ok());
  EXPECT_FALSE(IdentityDataFromJson({{"mrz", "P<UTO"}}).ok());
  EXPECT_FALSE(IdentityDataFromJson({{"surname", 3}}).ok());
}

}  // namespace
}  // namespace kiosk::procedure
