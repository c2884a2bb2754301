#include "tests/kiosk/devices/device_fixtures.h"

#include <array>

#include "tests/offline/support/submissions.h"

namespace kiosk::testing {

offline::DataKey TestDataKey() {
  std::array<uint8_t, offline::DataKey::kSize> bytes{};
  bytes.fill(7);
  return offline::DataKey::FromBytes(bytes);
}

session::ConfirmedSubmission SpecimenConfirmed(int n) {
  offline::FrozenSubmission frozen = SpecimenSubmission(n);
  session::ConfirmedSubmission submission;
  submission.id = frozen.id;
  submission.procedure_id = frozen.procedure_id;
  submission.procedure_version = frozen.procedure_version;
  submission.bytes = frozen.payload;

  session::Receipt& receipt = submission.receipt;
  receipt.language = "fr";
  receipt.commune = "Saint-Étienne-du-Rouvray";
  receipt.site = "Hall d'accueil";
  receipt.procedure_title = "Demande d'acte de naissance";
  receipt.submission_id = frozen.id;
  receipt.created_at = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
  receipt.next_steps = "Votre demande est transmise au service de l'état civil.";
  receipt.lines = {{"Demandeur", std::string("A. ") + kSpecimenSurname}};
  return submission;
}

}  // namespace kiosk::testing
