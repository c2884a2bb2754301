#include "drivers/printer/receipt_texts.h"

#include <array>

namespace kiosk::printer {
namespace {

constexpr size_t kLabelCount = static_cast<size_t>(ReceiptLabel::kTestTitle) + 1;

struct LanguageTable {
  std::string_view language;
  std::array<std::string_view, kLabelCount> texts;
};

// Order of each row follows the ReceiptLabel enumeration.
constexpr std::array<LanguageTable, 4> kTables = {{
    {"fr",
     {"Récépissé de dépôt", "Démarche", "Date et heure", "Référence", "Référence du dossier",
      "communiquée après l’envoi", "État", "Envoyé à la mairie", "En attente d’envoi", "Demandeur",
      "Et ensuite ?", "Conservez ce récépissé : il prouve votre démarche.",
      "Page d’essai de l’imprimante"}},
    {"en",
     {"Proof of submission", "Procedure", "Date and time", "Reference", "File reference",
      "given once sent", "Status", "Sent to the town hall", "Waiting to be sent", "Applicant",
      "What happens next?", "Keep this receipt: it proves your request.", "Printer test page"}},
    {"es",
     {"Justificante de presentación", "Trámite", "Fecha y hora", "Referencia",
      "Referencia del expediente", "se comunicará tras el envío", "Estado",
      "Enviado al ayuntamiento", "Pendiente de envío", "Solicitante", "¿Y ahora qué?",
      "Conserve este justificante: acredita su trámite.", "Página de prueba de la impresora"}},
    {"de",
     {"Eingangsbestätigung", "Verfahren", "Datum und Uhrzeit", "Referenz", "Aktenzeichen",
      "wird nach dem Senden mitgeteilt", "Status", "An das Rathaus gesendet", "Wartet auf Versand",
      "Antragsteller", "Wie geht es weiter?",
      "Bewahren Sie diese Bestätigung auf: Sie belegt Ihren Antrag.", "Drucker-Testseite"}},
}};

}  // namespace

std::string_view ReceiptText(std::string_view language, ReceiptLabel label) {
  const LanguageTable* table = &kTables[0];
  for (const auto& t : kTables) {
    if (t.language == language) table = &t;
  }
  return table->texts[static_cast<size_t>(label)];
}

std::vector<std::string_view> ReceiptLanguages() {
  std::vector<std::string_view> out;
  for (const auto& t : kTables) out.push_back(t.language);
  return out;
}

std::vector<ReceiptLabel> AllReceiptLabels() {
  std::vector<ReceiptLabel> out;
  for (size_t i = 0; i < kLabelCount; ++i) out.push_back(static_cast<ReceiptLabel>(i));
  return out;
}

}  // namespace kiosk::printer
