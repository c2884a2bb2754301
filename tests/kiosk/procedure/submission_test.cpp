// Frozen submissions: exact bytes, independence from answer order and Unicode form, and the
// centre's re-validation.
#include "kiosk/procedure/submission.h"

#include <gtest/gtest.h>

#include <regex>

#include "kiosk/procedure/canonical_json.h"
#include "tests/kiosk/procedure/run_helper.h"

namespace kiosk::procedure {
namespace {

using nlohmann::json;
using testing_helpers::RunAnswers;
using testing_helpers::ShippedProcedure;

const json kReport = {{"categorie", "chaussee"},
                      {"danger", false},
                      {"adresse_lieu", "Rue de l'Hôtel-de-Ville"},
                      {"description", "Nid-de-poule devant l'école élémentaire."}};

TEST(Submission, HasExactlyTheContractedBytes) {
  auto procedure = ShippedProcedure("signalement-voirie");
  ASSERT_TRUE(procedure);
  auto result = RunAnswers(procedure, kReport, "fr");
  EXPECT_EQ(result.bytes,
            "{\"answers\":{\"adresse_lieu\":\"Rue de l'Hôtel-de-Ville\",\"categorie\":\"chaussee\","
            "\"danger\":false,\"description\":\"Nid-de-poule devant l'école élémentaire.\","
            "\"priorite\":\"normale\",\"souhaite_contact\":false},\"assisted_by\":null,"
            "\"created_at\":\"2026-12-03T18:22:31Z\",\"format\":1,"
            "\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"identity_source\":\"typed\","
            "\"kiosk_id\":\"test-kiosk\",\"language\":\"fr\","
            "\"procedure\":{\"id\":\"signalement-voirie\",\"version\":1},"
            "\"time_zone\":\"Europe/Paris\"}");
}

TEST(Submission, BytesDoNotDependOnTheOrderAnswersWereEntered) {
  auto procedure = ShippedProcedure("signalement-voirie");
  ASSERT_TRUE(procedure);
  // nlohmann::json sorts keys, so build the reversed order by entering answers one by one.
  ProcedureSession forward(procedure, testing_helpers::TestOptions("fr"));
  ProcedureSession backward(procedure, testing_helpers::TestOptions("fr"));
  std::vector<std::pair<std::string, json>> items;
  for (const auto& [id, value] : kReport.items()) items.emplace_back(id, value);
  for (const auto& [id, value] : items) ASSERT_TRUE(forward.SetAnswer(id, value).ok());
  for (auto it = items.rbegin(); it != items.rend(); ++it) {
    ASSERT_TRUE(backward.SetAnswer(it->first, it->second).ok());
  }
  for (auto* session : {&forward, &backward}) {
    while (session->phase() == ProcedureSession::Phase::kStep && session->Next()) {
    }
  }
  auto a = forward.Confirm();
  auto b = backward.Confirm();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->bytes, b->bytes);
}

TEST(Submission, MultipleChoicesTappedInAnotherOrderGiveTheSameBytes) {
  auto procedure = ShippedProcedure("pre-demande-titre-identite");
  ASSERT_TRUE(procedure);
  json answers = {{"titre_demande", "cni"},
                  {"motif", "premiere_demande"},
                  {"nom_naissance", "Martin"},
                  {"prenoms", "Léa"},
                  {"sexe", "F"},
                  {"date_naissance", "1990-05-20"},
                  {"lieu_naissance", "Arles"},
                  {"taille_cm", 170},
                  {"adresse", {{"street", "1 rue A"}, {"postcode", "13200"}, {"commune", "Arles"}}},
                  {"jours_possibles", {"jeudi", "lundi"}},
                  {"telephone", "0612345678"},
                  {"attestation", true}};
  auto first = RunAnswers(procedure, answers, "fr");
  answers["jours_possibles"] = {"lundi", "jeudi", "lundi"};
  auto second = RunAnswers(procedure, answers, "fr");
  ASSERT_FALSE(first.bytes.empty());
  EXPECT_EQ(first.bytes, second.bytes);
  EXPECT_NE(first.bytes.find("\"jours_possibles\":[\"lundi\",\"jeudi\"]"), std::string::npos);
}

TEST(Submission, DecomposedAccentsGiveTheSameBytesAsComposedOnes) {
  auto procedure = ShippedProcedure("signalement-voirie");
  ASSERT_TRUE(procedure);
  json decomposed = kReport;
  decomposed["adresse_lieu"] = "Rue de l'Ho\u0302tel-de-Ville";
  decomposed["description"] = "Nid-de-poule devant l'e\u0301cole e\u0301le\u0301mentaire.";
  auto composed_run = RunAnswers(procedure, kReport, "fr");
  auto decomposed_run = RunAnswers(procedure, decomposed, "fr");
  ASSERT_FALSE(composed_run.bytes.empty());
  EXPECT_EQ(composed_run.bytes, decomposed_run.bytes);
}

TEST(Submission, NewIdsAreRandomLowerCaseUuidV4) {
  auto a = NewSubmissionId();
  auto b = NewSubmissionId();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  EXPECT_TRUE(std::regex_match(*a, uuid)) << *a;
}

TEST(Submission, FreezeRefusesAnIncompleteEnvelope) {
  auto procedure = ShippedProcedure("signalement-voirie");
  ASSERT_TRUE(procedure);
  SubmissionEnvelope envelope;
  envelope.id = "not-a-uuid";
  envelope.kiosk_id = "k";
  EXPECT_FALSE(FreezeSubmission(*procedure, json::object(), envelope).ok());
  envelope.id = testing_helpers::kFixedId;
  envelope.kiosk_id = "";
  EXPECT_FALSE(FreezeSubmission(*procedure, json::object(), envelope).ok());
}

TEST(Submission, UtcTimesRoundTrip) {
  auto time = ParseUtc("2026-12-03T18:22:31Z");
  ASSERT_TRUE(time);
  EXPECT_EQ(FormatUtc(*time), "2026-12-03T18:22:31Z");
  EXPECT_FALSE(ParseUtc("2026-12-03T18:22:31+01:00"));
  EXPECT_FALSE(ParseUtc("2026-12-03 18:22:31Z"));
  EXPECT_FALSE(ParseUtc("2026-12-03T24:00:00Z"));
}

class Revalidation : public ::testing::Test {
 protected:
  void SetUp() override {
    procedure_ = ShippedProcedure("signalement-voirie");
    ASSERT_TRUE(procedure_);
    auto result = RunAnswers(procedure_, kReport, "fr");
    ASSERT_FALSE(result.bytes.empty());
    submission_ = json::parse(result.bytes);
  }
  std::vector<FieldError> Validate(const json& s, std::string_view lang = "") {
    return ValidateSubmission(*procedure_, s, lang);
  }
  std::shared_ptr<const Procedure> procedure_;
  json submission_;
};

TEST_F(Revalidation, AcceptsWhatTheKioskFroze) { EXPECT_TRUE(Validate(submission_).empty()); }

TEST_F(Revalidation, ReportsAnInvalidAnswerInTheRequestedLanguage) {
  submission_["answers"]["description"] = "court";
  EXPECT_EQ(Validate(submission_, "en"),
            (std::vector<FieldError>{
                {"description", "Describe the problem in 10 characters at least."}}));
  EXPECT_EQ(Validate(submission_),
            (std::vector<FieldError>{
                {"description", "Décrivez le problème en 10 caractères au moins."}}));
}

TEST_F(Revalidation, ReportsMissingRequiredUnknownAndNotAskedAnswers) {
  submission_["answers"].erase("categorie");
  submission_["answers"]["couleur"] = "rouge";
  submission_["answers"]["nom"] = "Dupont";  // asked only when a contact is wanted
  auto errors = Validate(submission_, "en");
  EXPECT_EQ(errors,
            (std::vector<FieldError>{{"couleur", "This question does not exist in this procedure."},
                                     {"nom", "This question does not apply to your situation."},
                                     {"categorie", "This answer is required."}}));
}

TEST_F(Revalidation, ReportsATamperedCalculatedValueAndANonCanonicalAnswer) {
  submission_["answers"]["priorite"] = "haute";
  submission_["answers"]["adresse_lieu"] = "  Rue de l'Hôtel-de-Ville";
  auto errors = Validate(submission_, "en");
  EXPECT_EQ(errors, (std::vector<FieldError>{
                        {"adresse_lieu", "This answer is not valid."},
                        {"priorite", "This calculated value does not match the answers."}}));
}

TEST_F(Revalidation, ChecksTheEnvelope) {
  json s = submission_;
  s["procedure"]["version"] = 2;
  s["format"] = 2;
  s["extra"] = 1;
  auto errors = Validate(s);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message, "unknown key 'extra'");
  s.erase("extra");
  errors = Validate(s);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].message, "format must be 1");
  EXPECT_EQ(errors[1].message,
            "procedure is \"signalement-voirie\" version 2, not signalement-voirie version 1");
  s = submission_;
  s["created_at"] = "yesterday";
  s["identity_source"] = "guess";
  s["language"] = "it";
  EXPECT_EQ(Validate(s).size(), 3u);
}

TEST_F(Revalidation, UsesTheSubmissionDateForToday) {
  // Filled on 2026-12-03 with "depuis" = that day: still valid when checked a year later,
  // because today() is the date of created_at.
  submission_["answers"]["depuis"] = "2026-12-03";
  EXPECT_TRUE(Validate(submission_).empty());
  submission_["answers"]["depuis"] = "2026-12-04";
  EXPECT_EQ(Validate(submission_, "en").size(), 1u);
}

TEST_F(Revalidation, RequiresCanonicalBytes) {
  std::string canonical = *CanonicalJson(submission_);
  EXPECT_TRUE(ValidateSubmissionBytes(*procedure_, canonical).empty());
  std::string spaced = submission_.dump(1);
  auto errors = ValidateSubmissionBytes(*procedure_, spaced);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message, "the submission is not in canonical form");
  EXPECT_EQ(ValidateSubmissionBytes(*procedure_, "{nope").size(), 1u);
}

TEST(Receipt, PrintsOnlyPrintableAnswersWithInitialsForGivenNames) {
  auto procedure = ShippedProcedure("acte-naissance");
  ASSERT_TRUE(procedure);
  json submission = {{"answers",
                      {{"type_acte", "extrait_sans_filiation"},
                       {"nom", "Eriksson"},
                       {"prenoms", "Élodie Anna"},
                       {"date_naissance", "1974-08-12"},
                       {"nombre_exemplaires", 2}}}};
  auto lines = ReceiptLines(*procedure, submission, "en");
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].text, "Extract without parentage");
  EXPECT_EQ(lines[1].label, "Surname at birth");
  EXPECT_EQ(lines[1].text, "Eriksson");
  EXPECT_EQ(lines[2].text, "É.");
  EXPECT_EQ(lines[3].text, "2");
}

}  // namespace
}  // namespace kiosk::procedure
