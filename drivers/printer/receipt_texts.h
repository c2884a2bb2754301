// The fixed labels of a receipt in every language the kiosk offers (fr, en, es, de).
//
// The printer driver cannot use kiosk/texts (drivers do not link the flow layer), so the few
// receipt labels live here. Texts coming from a procedure (title, what happens next, field
// labels) arrive already translated in ReceiptData.
#pragma once

#include <string_view>
#include <vector>

namespace kiosk::printer {

enum class ReceiptLabel {
  kTitle,             // "Récépissé de dépôt"
  kProcedure,         // "Démarche"
  kDateTime,          // "Date et heure"
  kLocalReference,    // "Référence"
  kCentralReference,  // "Référence du dossier"
  kCentralPending,    // shown while the central reference is not known yet
  kStatus,            // "État"
  kStatusSent,        // "Envoyé à la mairie"
  kStatusWaiting,     // "En attente d'envoi"
  kPersonalData,      // "Demandeur"
  kNextSteps,         // "Et ensuite ?"
  kKeep,              // footer: keep this receipt
  kTestTitle,         // title of `kioskctl print test`
};

// The label in `language`, French when the language has no table.
std::string_view ReceiptText(std::string_view language, ReceiptLabel label);

// Languages with a complete table, French first.
std::vector<std::string_view> ReceiptLanguages();

// Every label, for completeness tests.
std::vector<ReceiptLabel> AllReceiptLabels();

}  // namespace kiosk::printer
