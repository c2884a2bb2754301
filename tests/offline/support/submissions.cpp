#include "tests/offline/support/submissions.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace kiosk::testing {
namespace {

// Each note of the specimen procedure holds up to this many characters; larger paddings
// spread over note, note2, note3...
constexpr size_t kNoteCapacity = 9000;
constexpr int kNotes = 6;

}  // namespace

offline::FrozenSubmission SpecimenSubmission(int n, size_t padding, const std::string& procedure) {
  offline::FrozenSubmission submission;
  submission.id = fmt::format("00000000-0000-4000-8000-{:012d}", n);
  submission.procedure_id = procedure;
  submission.procedure_version = 3;

  nlohmann::json answers = {{"document_number", kSpecimenDocumentNumber},
                            {"given_names", kSpecimenGivenNames},
                            {"surname", kSpecimenSurname},
                            {"note", "Copie intégrale"}};
  for (int i = 0; padding > 0 && i < kNotes; ++i) {
    size_t part = std::min(padding, kNoteCapacity);
    std::string key = i == 0 ? "note" : fmt::format("note{}", i + 1);
    answers[key] = "Copie intégrale " + std::string(part, 'x');
    padding -= part;
  }
  // nlohmann's object keeps its keys sorted and dump() writes no white space: the canonical
  // form of docs/contracts.md for these plain values.
  nlohmann::json payload = {{"answers", answers},
                            {"assisted_by", nullptr},
                            {"created_at", "2026-12-03T18:22:31Z"},
                            {"format", 1},
                            {"id", submission.id},
                            {"identity_source", "chip_verified"},
                            {"kiosk_id", "test-kiosk-01"},
                            {"language", "fr"},
                            {"procedure", {{"id", procedure}, {"version", 3}}},
                            {"time_zone", "Europe/Paris"}};
  submission.payload = payload.dump();
  submission.receipt_data = fmt::format("Récépissé\n{} {}\nDocument {}\n", kSpecimenSurname,
                                        kSpecimenGivenNames, kSpecimenDocumentNumber);
  return submission;
}

std::string SpecimenProcedureYaml() {
  std::string yaml = R"(id: acte-naissance
version: 3
languages: [fr]
title: {fr: Demande d'acte de naissance (procédure de test)}
closing: {fr: Votre demande est transmise au service de l'état civil.}
steps:
  - id: identite
    title: {fr: Identité}
    questions:
      - id: surname
        type: short_text
        required: true
        label: {fr: Nom}
      - id: given_names
        type: short_text
        required: true
        label: {fr: Prénoms}
      - id: document_number
        type: short_text
        label: {fr: Numéro du document}
)";
  for (int i = 0; i < kNotes; ++i) {
    std::string key = i == 0 ? "note" : fmt::format("note{}", i + 1);
    yaml += fmt::format(
        "      - id: {}\n        type: long_text\n        max_length: 10000\n"
        "        label: {{fr: Remarque {}}}\n",
        key, i + 1);
  }
  return yaml;
}

}  // namespace kiosk::testing
