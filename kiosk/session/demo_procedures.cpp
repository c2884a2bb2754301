#include "kiosk/session/demo_procedures.h"

#include <cctype>

namespace kiosk::session {
namespace {

bool English(const std::string& language) { return language == "en"; }

std::string Pick(const std::string& language, const char* fr, const char* en) {
  return English(language) ? en : fr;
}

bool AllDigits(const std::string& text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::string TrimmedCopy(const std::string& text) {
  size_t begin = text.find_first_not_of(' ');
  if (begin == std::string::npos) return "";
  size_t end = text.find_last_not_of(' ');
  return text.substr(begin, end - begin + 1);
}

}  // namespace

std::optional<std::string> DigitsToIsoDate(const std::string& digits) {
  if (digits.size() != 8 || !AllDigits(digits)) return std::nullopt;
  int day = std::stoi(digits.substr(0, 2));
  int month = std::stoi(digits.substr(2, 2));
  int year = std::stoi(digits.substr(4, 4));
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return std::nullopt;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int max_day = month == 2 && !leap ? 28 : kDays[month - 1];
  if (day > max_day) return std::nullopt;
  return digits.substr(4, 4) + "-" + digits.substr(2, 2) + "-" + digits.substr(0, 2);
}

std::string IsoDateToDigits(const std::string& iso) {
  if (iso.size() != 10) return "";
  return iso.substr(8, 2) + iso.substr(5, 2) + iso.substr(0, 4);
}

std::string FormatDateDigits(const std::string& digits) {
  std::string shown;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i == 2 || i == 4) shown += '/';
    shown += digits[i];
  }
  return shown;
}

std::vector<ProcedureSummary> DemoProcedures::Catalog(const std::string& language) const {
  return {
      {"acte-naissance", 3, Pick(language, "Acte de naissance", "Birth certificate"),
       Pick(language, "Recevoir une copie ou un extrait de votre acte de naissance.",
            "Receive a copy or an extract of your birth certificate."),
       false},
      {"signalement-voirie", 1,
       Pick(language, "Signaler un problème de voirie", "Report a street problem"),
       Pick(language, "Nid-de-poule, éclairage, dépôt sauvage…",
            "Pothole, street lighting, fly-tipping…"),
       false},
      {"inscription-electorale", 2,
       Pick(language, "Inscription sur les listes électorales", "Register to vote"),
       Pick(language, "Vous inscrire pour voter dans la commune.",
            "Register to vote in this commune."),
       true},
  };
}

StatusOr<std::vector<Question>> DemoProcedures::Questions(const std::string& procedure_id,
                                                          const std::string& language) const {
  if (procedure_id == "acte-naissance") {
    return std::vector<Question>{
        {"nom",
         Pick(language, "Nom de naissance", "Surname at birth"),
         Pick(language, "Tel qu’il figure sur l’acte.", "As written on the certificate."),
         QuestionKind::kText,
         {},
         true},
        {"prenoms",
         Pick(language, "Prénoms", "Given names"),
         Pick(language, "Avec les accents, dans l’ordre de l’acte.",
              "With accents, in the order of the certificate."),
         QuestionKind::kText,
         {},
         true},
        {"date_naissance",
         Pick(language, "Date de naissance", "Date of birth"),
         Pick(language, "Jour, mois, année.", "Day, month, year."),
         QuestionKind::kDate,
         {},
         true},
        {"lieu_naissance",
         Pick(language, "Commune de naissance", "Town of birth"),
         "",
         QuestionKind::kText,
         {},
         true},
        {"type_acte",
         Pick(language, "Type de document", "Kind of document"),
         "",
         QuestionKind::kChoice,
         {{"copie-integrale", Pick(language, "Copie intégrale", "Full copy")},
          {"extrait-filiation",
           Pick(language, "Extrait avec filiation", "Extract with parents’ names")},
          {"extrait-sans-filiation",
           Pick(language, "Extrait sans filiation", "Extract without parents’ names")}},
         true},
        {"exemplaires",
         Pick(language, "Nombre d’exemplaires", "Number of copies"),
         Pick(language, "De 1 à 5.", "From 1 to 5."),
         QuestionKind::kNumber,
         {},
         true},
    };
  }
  if (procedure_id == "signalement-voirie") {
    return std::vector<Question>{
        {"categorie",
         Pick(language, "De quoi s’agit-il ?", "What is it about?"),
         "",
         QuestionKind::kChoice,
         {{"chaussee", Pick(language, "Chaussée abîmée", "Damaged road")},
          {"eclairage", Pick(language, "Éclairage en panne", "Broken street light")},
          {"dechets", Pick(language, "Dépôt sauvage", "Fly-tipping")}},
         true},
        {"lieu",
         Pick(language, "Où ?", "Where?"),
         Pick(language, "Rue et numéro, ou un repère.", "Street and number, or a landmark."),
         QuestionKind::kText,
         {},
         true},
    };
  }
  if (procedure_id == "inscription-electorale") {
    return std::vector<Question>{
        {"nom", Pick(language, "Nom", "Surname"), "", QuestionKind::kText, {}, true},
        {"prenoms", Pick(language, "Prénoms", "Given names"), "", QuestionKind::kText, {}, true},
        {"date_naissance",
         Pick(language, "Date de naissance", "Date of birth"),
         "",
         QuestionKind::kDate,
         {},
         true},
        {"adresse",
         Pick(language, "Adresse dans la commune", "Address in the commune"),
         "",
         QuestionKind::kText,
         {},
         true},
    };
  }
  return NotFoundError("unknown procedure " + procedure_id);
}

std::string DemoProcedures::Prefill(const std::string& procedure_id, const std::string& question_id,
                                    const CardIdentity* identity) const {
  if (question_id == "exemplaires") return "1";
  if (identity == nullptr || procedure_id == "signalement-voirie") return "";
  if (question_id == "nom") return identity->surname;
  if (question_id == "prenoms") return identity->given_names;
  if (question_id == "date_naissance") return IsoDateToDigits(identity->birth_date);
  return "";
}

std::optional<std::string> DemoProcedures::Validate(const std::string& procedure_id,
                                                    const std::string& question_id,
                                                    const std::string& value,
                                                    const std::string& language) const {
  auto questions = Questions(procedure_id, language);
  if (!questions.ok()) return Pick(language, "Démarche inconnue.", "Unknown procedure.");
  const Question* question = nullptr;
  for (const auto& q : *questions) {
    if (q.id == question_id) question = &q;
  }
  if (question == nullptr) return Pick(language, "Question inconnue.", "Unknown question.");

  std::string trimmed = TrimmedCopy(value);
  if (question->required && trimmed.empty()) {
    return Pick(language, "Ce champ est obligatoire.", "This field is required.");
  }
  switch (question->kind) {
    case QuestionKind::kText:
      if (trimmed.size() > 200) return Pick(language, "Texte trop long.", "Text too long.");
      return std::nullopt;
    case QuestionKind::kDate:
      if (!DigitsToIsoDate(value)) {
        return Pick(language, "Date invalide : saisissez JJ/MM/AAAA.",
                    "Invalid date: type DD/MM/YYYY.");
      }
      return std::nullopt;
    case QuestionKind::kNumber:
      if (!AllDigits(value) || value.size() > 2 || std::stoi(value) < 1 || std::stoi(value) > 5) {
        return Pick(language, "Choisissez un nombre entre 1 et 5.",
                    "Choose a number between 1 and 5.");
      }
      return std::nullopt;
    case QuestionKind::kChoice:
      for (const auto& option : question->options) {
        if (option.value == value) return std::nullopt;
      }
      return Pick(language, "Choisissez une des réponses.", "Choose one of the answers.");
  }
  return std::nullopt;
}

std::string DemoProcedures::DisplayValue(const std::string& procedure_id,
                                         const std::string& question_id, const std::string& value,
                                         const std::string& language) const {
  auto questions = Questions(procedure_id, language);
  if (!questions.ok()) return value;
  for (const auto& q : *questions) {
    if (q.id != question_id) continue;
    if (q.kind == QuestionKind::kDate) return FormatDateDigits(value);
    if (q.kind == QuestionKind::kChoice) {
      for (const auto& option : q.options) {
        if (option.value == value) return option.label;
      }
    }
  }
  return value;
}

}  // namespace kiosk::session
