#include "tests/offline/support/submissions.h"

#include <fmt/format.h>

namespace kiosk::testing {

offline::FrozenSubmission SpecimenSubmission(int n, size_t padding, const std::string& procedure) {
  offline::FrozenSubmission submission;
  submission.id = fmt::format("00000000-0000-4000-8000-{:012d}", n);
  submission.procedure_id = procedure;
  submission.procedure_version = 3;
  // Keys sorted, no white space: the canonical form of docs/contracts.md.
  submission.payload = fmt::format(
      R"({{"answers":{{"document_number":"{}","given_names":"{}","note":"{}","surname":"{}"}},)"
      R"("assisted_by":null,"created_at":"2026-12-03T18:22:31Z","format":1,"id":"{}",)"
      R"("identity_source":"chip_verified","kiosk_id":"test-kiosk-01","language":"fr",)"
      R"("procedure":{{"id":"{}","version":3}},"time_zone":"Europe/Paris"}})",
      kSpecimenDocumentNumber, kSpecimenGivenNames, std::string(padding, 'x'), kSpecimenSurname,
      submission.id, procedure);
  submission.receipt_data = fmt::format("Récépissé\n{} {}\nDocument {}\n", kSpecimenSurname,
                                        kSpecimenGivenNames, kSpecimenDocumentNumber);
  return submission;
}

}  // namespace kiosk::testing
