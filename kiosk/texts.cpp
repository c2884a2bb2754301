#include "kiosk/texts.h"

#include <array>

namespace kiosk {
namespace {

struct Entry {
  std::string_view key;
  std::string_view fr;
  std::string_view en;
  std::string_view es;
  std::string_view de;
};

// French first: it is the reference text and the fallback.
constexpr std::array kEntries = {
    Entry{"welcome.title", "Bienvenue à la mairie", "Welcome to the town hall",
          "Bienvenido al ayuntamiento", "Willkommen im Rathaus"},
    Entry{"welcome.subtitle", "Vos démarches en quelques minutes, et votre récépissé à emporter.",
          "Your procedures in a few minutes, with a receipt to take home.",
          "Sus trámites en pocos minutos, con un resguardo para llevar.",
          "Ihre Anliegen in wenigen Minuten, mit einer Quittung zum Mitnehmen."},
    Entry{"welcome.start", "« Touchez ici pour commencer »", "“Touch here to start”",
          "«Toque aquí para empezar»", "„Hier berühren, um zu beginnen“"},
    Entry{"welcome.choose_language", "Choisissez votre langue", "Choose your language",
          "Elija su idioma", "Wählen Sie Ihre Sprache"},
    Entry{"welcome.privacy",
          "Vos données sont effacées de la borne dès la fin de votre démarche — rien n’est "
          "conservé ici…",
          "Your data is erased from this terminal as soon as you finish — nothing is kept here…",
          "Sus datos se borran del terminal al terminar — aquí no se guarda nada…",
          "Ihre Daten werden nach Abschluss vom Terminal gelöscht — hier bleibt nichts…"},
};

struct Language {
  std::string_view code;
  std::string_view name;
};
constexpr std::array kLanguages = {
    Language{"fr", "Français"}, Language{"en", "English"},  Language{"es", "Español"},
    Language{"de", "Deutsch"},  Language{"it", "Italiano"}, Language{"pt", "Português"},
    Language{"ar", "العربية"},
};

std::string_view Pick(const Entry& e, std::string_view language) {
  if (language == "en") return e.en;
  if (language == "es") return e.es;
  if (language == "de") return e.de;
  return e.fr;
}

}  // namespace

std::string_view Text(std::string_view language, std::string_view key) {
  for (const auto& e : kEntries) {
    if (e.key == key) return Pick(e, language);
  }
  return key;
}

std::string_view LanguageName(std::string_view language) {
  for (const auto& l : kLanguages) {
    if (l.code == language) return l.name;
  }
  return language;
}

std::vector<std::string_view> TextKeys() {
  std::vector<std::string_view> keys;
  for (const auto& e : kEntries) keys.push_back(e.key);
  return keys;
}

std::vector<std::string_view> TextLanguages() { return {"fr", "en", "es", "de"}; }

}  // namespace kiosk
