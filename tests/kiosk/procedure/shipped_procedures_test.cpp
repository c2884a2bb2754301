// The five procedures shipped in procedures/: each loads, a valid answer set gives a
// submission with stable bytes, and invalid sets give the expected messages in French and
// English. Today is 2026-12-03 for every run.
#include <gtest/gtest.h>

#include <algorithm>

#include "kiosk/procedure/canonical_json.h"
#include "kiosk/procedure/loader.h"
#include "kiosk/procedure/session.h"
#include "tests/kiosk/procedure/run_helper.h"

namespace kiosk::procedure {
namespace {

using nlohmann::json;
using testing_helpers::RunAnswers;
using testing_helpers::RunResult;
using testing_helpers::ShippedProcedure;

const json kArlesAddress = {
    {"street", "2 place de la République"}, {"postcode", "13200"}, {"commune", "Arles"}};

struct ValidCase {
  std::string procedure;
  json answers;
};

class ShippedProcedureAccepts : public ::testing::TestWithParam<ValidCase> {};

TEST_P(ShippedProcedureAccepts, AValidAnswerSetWithStableBytes) {
  auto procedure = ShippedProcedure(GetParam().procedure);
  ASSERT_TRUE(procedure);
  RunResult first = RunAnswers(procedure, GetParam().answers, "fr");
  ASSERT_TRUE(first.errors.empty()) << first.errors[0].question << ": " << first.errors[0].message;
  ASSERT_FALSE(first.bytes.empty());

  // The same answers again: the same bytes.
  RunResult second = RunAnswers(procedure, GetParam().answers, "fr");
  EXPECT_EQ(first.bytes, second.bytes);

  // The bytes are canonical and name the procedure.
  auto parsed = ParseJson(first.bytes);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*CanonicalJson(*parsed), first.bytes);
  EXPECT_EQ((*parsed)["procedure"]["id"], procedure->id);
  EXPECT_EQ((*parsed)["procedure"]["version"], procedure->version);

  // The centre's re-validation agrees.
  auto errors = ValidateSubmissionBytes(*procedure, first.bytes);
  EXPECT_TRUE(errors.empty()) << errors[0].question << ": " << errors[0].message;
}

INSTANTIATE_TEST_SUITE_P(
    Table, ShippedProcedureAccepts,
    ::testing::Values(ValidCase{"acte-naissance",
                                {{"type_acte", "copie_integrale"},
                                 {"qualite", "personne_concernee"},
                                 {"nom", "Eriksson"},
                                 {"prenoms", "Anna Maria"},
                                 {"sexe", "F"},
                                 {"date_naissance", "1974-08-12"},
                                 {"lieu_naissance", "Arles"},
                                 {"parent1_nom", "Eriksson"},
                                 {"parent1_prenoms", "Lars"},
                                 {"parent2_nom", "Lindqvist"},
                                 {"parent2_prenoms", "Karin"},
                                 {"nombre_exemplaires", 2},
                                 {"mode_remise", "courrier"},
                                 {"adresse_envoi", kArlesAddress},
                                 {"attestation", true}}},
                      ValidCase{"acte-naissance",
                                {{"type_acte", "extrait_sans_filiation"},
                                 {"qualite", "autre"},
                                 {"nom", "Eriksson"},
                                 {"prenoms", "Anna"},
                                 {"sexe", "F"},
                                 {"date_naissance", "1974-08-12"},
                                 {"lieu_naissance", "Arles"},
                                 {"demandeur_nom", "Notaire"},
                                 {"demandeur_prenoms", "Jean"},
                                 {"motif_autre", "Succession"},
                                 {"mode_remise", "mairie"},
                                 {"attestation", true}}},
                      ValidCase{"inscription-listes-electorales",
                                {{"motif", "domicile"},
                                 {"situation", "changement_commune"},
                                 {"sexe", "F"},
                                 {"nom_naissance", "Eriksson"},
                                 {"prenoms", "Anna Maria"},
                                 {"date_naissance", "1974-08-12"},
                                 {"ne_en_france", true},
                                 {"commune_naissance", "Arles"},
                                 {"departement_naissance", "13"},
                                 {"nationalite", "FRA"},
                                 {"adresse", kArlesAddress},
                                 {"commune_precedente", "Lyon"},
                                 {"departement_precedent", "69"},
                                 {"declaration", true}}},
                      ValidCase{"recensement-citoyen",
                                {{"nom", "Martin"},
                                 {"prenoms", "Léa"},
                                 {"sexe", "F"},
                                 {"date_naissance", "2010-10-01"},
                                 {"lieu_naissance", "Arles (13)"},
                                 {"nationalite_acquise", "naissance"},
                                 {"adresse", kArlesAddress},
                                 {"courriel", "lea.martin@example.org"},
                                 {"pere_nom", "Martin"},
                                 {"pere_prenoms", "Paul"},
                                 {"mere_nom", "Durand"},
                                 {"mere_prenoms", "Julie"},
                                 {"situation_scolaire", "scolarise"},
                                 {"etablissement", "Lycée Pasquet, Arles"},
                                 {"diplome", "brevet"},
                                 {"attestation", true}}},
                      ValidCase{
                          "signalement-voirie",
                          {{"categorie", "eclairage"},
                           {"danger", true},
                           {"adresse_lieu", "12 rue Victor Hugo"},
                           {"description", "Le lampadaire devant le numéro 12 ne s'allume plus."},
                           {"souhaite_contact", true},
                           {"nom", "Dupont"},
                           {"telephone", "06 12 34 56 78"},
                           {"consentement_contact", true}}},
                      ValidCase{"signalement-voirie",
                                {{"categorie", "proprete"},
                                 {"danger", false},
                                 {"adresse_lieu", "Parking des Lices"},
                                 {"depuis", "2026-11-30"},
                                 {"description", "Dépôt de gravats au fond du parking."}}},
                      ValidCase{"pre-demande-titre-identite",
                                {{"titre_demande", "passeport"},
                                 {"motif", "renouvellement"},
                                 {"numero_titre_actuel", "X4RTBPFW4"},
                                 {"date_expiration_actuel", "2027-01-15"},
                                 {"nom_naissance", "Eriksson"},
                                 {"prenoms", "Anna Maria"},
                                 {"sexe", "F"},
                                 {"date_naissance", "1974-08-12"},
                                 {"lieu_naissance", "Arles"},
                                 {"taille_cm", 168},
                                 {"couleur_yeux", "bleu"},
                                 {"adresse", kArlesAddress},
                                 {"parent1_nom", "Eriksson"},
                                 {"parent1_prenoms", "Lars"},
                                 {"parent1_date_naissance", "1945-03-02"},
                                 {"jours_possibles", {"mardi", "jeudi"}},
                                 {"courriel", "anna@example.org"},
                                 {"attestation", true}}},
                      ValidCase{"pre-demande-titre-identite",
                                {{"titre_demande", "cni"},
                                 {"motif", "premiere_demande"},
                                 {"nom_naissance", "Martin"},
                                 {"prenoms", "Léa"},
                                 {"sexe", "F"},
                                 {"date_naissance", "2012-05-20"},
                                 {"lieu_naissance", "Arles"},
                                 {"taille_cm", 150},
                                 {"adresse", kArlesAddress},
                                 {"parent1_nom", "Martin"},
                                 {"parent1_prenoms", "Paul"},
                                 {"representant_qualite", "parent1"},
                                 {"jours_possibles", {"samedi"}},
                                 {"telephone", "+33 6 12 34 56 78"},
                                 {"attestation", true}}}),
    [](const auto& test_info) {
      std::string name = test_info.param.procedure + "_" + std::to_string(test_info.index);
      std::replace(name.begin(), name.end(), '-', '_');
      return name;
    });

struct ExpectedError {
  std::string question;
  std::string fr;
  std::string en;
};

struct InvalidCase {
  std::string name;
  std::string procedure;
  json answers;
  std::vector<ExpectedError> errors;  // in procedure order
};

class ShippedProcedureRejects : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(ShippedProcedureRejects, WithEachMessageInFrenchAndEnglish) {
  auto procedure = ShippedProcedure(GetParam().procedure);
  ASSERT_TRUE(procedure);
  for (std::string language : {"fr", "en"}) {
    RunResult result = RunAnswers(procedure, GetParam().answers, language);
    EXPECT_TRUE(result.bytes.empty());
    std::vector<FieldError> expected;
    for (const auto& e : GetParam().errors) {
      expected.push_back({e.question, language == "fr" ? e.fr : e.en});
    }
    EXPECT_EQ(result.errors, expected) << "language " << language;
  }
}

const std::string kRequiredFr = "Cette réponse est obligatoire.";
const std::string kRequiredEn = "This answer is required.";
const std::string kConsentFr = "Vous devez cocher cette case pour continuer.";
const std::string kConsentEn = "You must tick this box to continue.";

INSTANTIATE_TEST_SUITE_P(
    Table, ShippedProcedureRejects,
    ::testing::Values(
        InvalidCase{
            "BirthCertificateFullCopyForSomeoneElse",
            "acte-naissance",
            {{"type_acte", "copie_integrale"},
             {"qualite", "autre"},
             {"nom", "Eriksson"},
             {"prenoms", "Anna"},
             {"sexe", "F"},
             {"date_naissance", "2030-01-01"},
             {"lieu_naissance", "Arles"},
             {"demandeur_nom", "Dupont"},
             {"demandeur_prenoms", "Jean"},
             {"nombre_exemplaires", 9},
             {"mode_remise", "courrier"}},
            {{"qualite", "Seul l'extrait sans filiation peut être délivré à une autre personne.",
              "Only the extract without parentage can be issued to someone else."},
             {"date_naissance", "La date de naissance ne peut pas être dans le futur.",
              "The date of birth cannot be in the future."},
             {"motif_autre", kRequiredFr, kRequiredEn},
             {"nombre_exemplaires", "Vous pouvez demander de 1 à 5 exemplaires.",
              "You can ask for 1 to 5 copies."},
             {"adresse_envoi", kRequiredFr, kRequiredEn},
             {"attestation", kConsentFr, kConsentEn}}},
        InvalidCase{"BirthCertificateParentWithoutSurname",
                    "acte-naissance",
                    {{"type_acte", "extrait_avec_filiation"},
                     {"qualite", "personne_concernee"},
                     {"nom", "Eriksson"},
                     {"prenoms", "Anna"},
                     {"sexe", "X"},
                     {"date_naissance", "1974-08-12"},
                     {"lieu_naissance", "Arles"},
                     {"parent1_prenoms", "Lars"},
                     {"mode_remise", "mairie"},
                     {"courriel", "anna@"},
                     {"attestation", true}},
                    {{"sexe", "Choisissez une des propositions.", "Choose one of the options."},
                     {"parent1_prenoms", "Indiquez aussi le nom de ce parent.",
                      "Also give this parent's surname."},
                     {"courriel", "Saisissez une adresse électronique valide.",
                      "Enter a valid e-mail address."}}},
        InvalidCase{"ElectoralRollTooYoungEuCitizenBadDepartement",
                    "inscription-listes-electorales",
                    {{"motif", "domicile"},
                     {"situation", "premiere_inscription"},
                     {"sexe", "M"},
                     {"nom_naissance", "Rossi"},
                     {"prenoms", "Marco"},
                     {"date_naissance", "2010-01-01"},
                     {"ne_en_france", true},
                     {"commune_naissance", "Arles"},
                     {"departement_naissance", "99"},
                     {"nationalite", "UE"},
                     {"adresse", kArlesAddress}},
                    {{"date_naissance",
                      "Il faut avoir 18 ans au plus tard la veille du scrutin pour être inscrit.",
                      "You must be 18 by the day before the election to be registered."},
                     {"departement_naissance",
                      "Indiquez le numéro du département, par exemple 13, 2A ou 974.",
                      "Give the département number, for example 13, 2A or 974."},
                     {"nationalite",
                      "Les citoyens d'un autre pays de l'Union européenne utilisent les "
                      "formulaires Cerfa 12670 et 12671, disponibles à l'accueil.",
                      "Citizens of another European Union country use forms Cerfa 12670 and "
                      "12671, available at the desk."},
                     {"declaration", kConsentFr, kConsentEn}}},
        InvalidCase{
            "CensusTooYoungAndBadContact",
            "recensement-citoyen",
            {{"nom", "Martin"},
             {"prenoms", "Léa"},
             {"sexe", "F"},
             {"date_naissance", "2011-01-01"},
             {"lieu_naissance", "Arles"},
             {"nationalite_acquise", "naissance"},
             {"adresse", {{"street", "2 place"}, {"postcode", "132"}, {"commune", "Arles"}}},
             {"courriel", "lea"},
             {"nombre_enfants", 30},
             {"pere_nom", "Martin"},
             {"situation_scolaire", "emploi"},
             {"diplome", "aucun"},
             {"attestation", true}},
            {{"date_naissance", "Le recensement se fait à partir du jour des 16 ans.",
              "The census can be done from the 16th birthday on."},
             {"adresse", "Le code postal compte 5 chiffres.", "The postcode has 5 digits."},
             {"courriel", "Saisissez une adresse électronique valide.",
              "Enter a valid e-mail address."},
             {"nombre_enfants", "Indiquez un nombre entre 0 et 20.",
              "Give a number between 0 and 20."},
             {"pere_prenoms", kRequiredFr, kRequiredEn}}},
        InvalidCase{"StreetReportTooShortWithoutContact",
                    "signalement-voirie",
                    {{"categorie", "autre"},
                     {"danger", true},
                     {"adresse_lieu", "ici"},
                     {"depuis", "2027-01-01"},
                     {"description", "court"},
                     {"souhaite_contact", true}},
                    {{"categorie_autre", kRequiredFr, kRequiredEn},
                     {"adresse_lieu", "Décrivez le lieu en 5 caractères au moins.",
                      "Describe the place in 5 characters at least."},
                     {"depuis", "La date ne peut pas être dans le futur.",
                      "The date cannot be in the future."},
                     {"description", "Décrivez le problème en 10 caractères au moins.",
                      "Describe the problem in 10 characters at least."},
                     {"nom", kRequiredFr, kRequiredEn},
                     {"telephone", "Indiquez un téléphone ou une adresse électronique.",
                      "Give a phone number or an e-mail address."},
                     {"consentement_contact", kConsentFr, kConsentEn}}},
        InvalidCase{"IdPreRequestImpossibleValues",
                    "pre-demande-titre-identite",
                    {{"titre_demande", "passeport"},
                     {"motif", "vol"},
                     {"nom_naissance", "Eriksson"},
                     {"prenoms", "Anna"},
                     {"sexe", "F"},
                     {"date_naissance", "1974-08-12"},
                     {"lieu_naissance", "Arles"},
                     {"taille_cm", 300},
                     {"couleur_yeux", "bleu"},
                     {"adresse", kArlesAddress},
                     {"parent1_nom", "Eriksson"},
                     {"parent1_prenoms", "Lars"},
                     {"parent1_date_naissance", "1980-01-01"},
                     {"jours_possibles", {"lundi"}},
                     {"disponible_a_partir", "2026-12-01"},
                     {"attestation", true}},
                    {{"declaration_perte_vol", kConsentFr, kConsentEn},
                     {"taille_cm", "Indiquez votre taille en centimètres, entre 40 et 250.",
                      "Give your height in centimetres, between 40 and 250."},
                     {"parent1_date_naissance", "Un parent est né avant son enfant.",
                      "A parent is born before their child."},
                     {"disponible_a_partir", "Choisissez une date à partir d'aujourd'hui.",
                      "Choose a date from today on."},
                     {"courriel",
                      "Indiquez un téléphone ou une adresse électronique pour recevoir le "
                      "rendez-vous.",
                      "Give a phone number or an e-mail address to receive the appointment."}}}),
    [](const auto& test_info) { return test_info.param.name; });

TEST(ShippedProcedures, AllLoadWithFrenchAndEnglish) {
  ProcedureSet set = LoadProcedureFolder(std::string(KIOSK_SOURCE_DIR) + "/procedures");
  EXPECT_TRUE(set.errors.empty()) << set.errors[0].ToString();
  ASSERT_EQ(set.procedures.size(), 5u);
  for (const auto& p : set.procedures) {
    EXPECT_EQ(p->languages[0], "fr") << p->id;
    EXPECT_NE(std::find(p->languages.begin(), p->languages.end(), "en"), p->languages.end())
        << p->id;
  }
}

TEST(ShippedProcedures, PrefillFromTheCardStaysEditable) {
  auto procedure = ShippedProcedure("pre-demande-titre-identite");
  ASSERT_TRUE(procedure);
  IdentityData identity;
  identity.surname = "ERIKSSON";
  identity.given_names = "ANNA MARIA";
  identity.sex = "F";
  identity.birth_date = "1974-08-12";
  identity.document_number = "D23145890";
  identity.document_expiry = "2031-04-15";
  SessionOptions options = testing_helpers::TestOptions("fr");
  options.identity = identity;
  options.identity_source = IdentitySource::kChipVerified;
  ProcedureSession session(procedure, options);
  ASSERT_TRUE(session.SetAnswer("titre_demande", "cni").ok());
  ASSERT_TRUE(session.SetAnswer("motif", "renouvellement").ok());
  ASSERT_TRUE(session.Next());

  StepView step = session.CurrentStep();
  ASSERT_EQ(step.id, "etat_civil");
  EXPECT_EQ(step.questions[0].id, "nom_naissance");
  EXPECT_EQ(step.questions[0].value, "ERIKSSON");
  EXPECT_TRUE(step.questions[0].prefilled);

  // The MRZ has no accents: the citizen corrects, and the answer is no longer "prefilled".
  ASSERT_EQ(*session.SetAnswer("prenoms", "Anna Mária"), "");
  step = session.CurrentStep();
  EXPECT_EQ(step.questions[2].value, "Anna Mária");
  EXPECT_FALSE(step.questions[2].prefilled);
  EXPECT_EQ(session.ResolvedAnswers()["numero_titre_actuel"], "D23145890");
}

}  // namespace
}  // namespace kiosk::procedure
