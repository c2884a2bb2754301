#include "kiosk/procedure/answer.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <map>

#include "kiosk/procedure/canonical_json.h"

namespace kiosk::procedure {
namespace {

constexpr size_t kShortTextMax = 200;
constexpr size_t kLongTextMax = 2000;
constexpr int64_t kIntegerLimit = 1'000'000'000;

struct Message {
  MessageId id;
  std::array<std::string, 4> text;  // fr, en, es, de
};

const std::vector<Message>& Messages() {
  static const std::vector<Message> kMessages = {
      {MessageId::kRequired,
       {"Cette réponse est obligatoire.", "This answer is required.",
        "Esta respuesta es obligatoria.", "Diese Angabe ist erforderlich."}},
      {MessageId::kConsentRequired,
       {"Vous devez cocher cette case pour continuer.", "You must tick this box to continue.",
        "Debe marcar esta casilla para continuar.",
        "Sie müssen dieses Kästchen ankreuzen, um fortzufahren."}},
      {MessageId::kNotText,
       {"Saisissez un texte.", "Enter some text.", "Introduzca un texto.",
        "Geben Sie einen Text ein."}},
      {MessageId::kTooLong,
       {"Ce texte est trop long.", "This text is too long.", "Este texto es demasiado largo.",
        "Dieser Text ist zu lang."}},
      {MessageId::kNotInteger,
       {"Saisissez un nombre entier.", "Enter a whole number.", "Introduzca un número entero.",
        "Geben Sie eine ganze Zahl ein."}},
      {MessageId::kNotDate,
       {"Saisissez une date valide.", "Enter a valid date.", "Introduzca una fecha válida.",
        "Geben Sie ein gültiges Datum ein."}},
      {MessageId::kNotChoice,
       {"Choisissez une des propositions.", "Choose one of the options.",
        "Elija una de las opciones.", "Wählen Sie eine der Möglichkeiten."}},
      {MessageId::kNotYesNo,
       {"Répondez par oui ou par non.", "Answer yes or no.", "Responda sí o no.",
        "Antworten Sie mit Ja oder Nein."}},
      {MessageId::kNotPhone,
       {"Saisissez un numéro de téléphone valide (10 chiffres, ou +33...).",
        "Enter a valid phone number (10 digits, or +33...).",
        "Introduzca un número de teléfono válido (10 cifras, o +33...).",
        "Geben Sie eine gültige Telefonnummer ein (10 Ziffern oder +33...)."}},
      {MessageId::kNotEmail,
       {"Saisissez une adresse électronique valide.", "Enter a valid e-mail address.",
        "Introduzca un correo electrónico válido.", "Geben Sie eine gültige E-Mail-Adresse ein."}},
      {MessageId::kAddressIncomplete,
       {"Indiquez le numéro et la rue, le code postal et la commune.",
        "Enter the number and street, the postcode and the town.",
        "Indique el número y la calle, el código postal y el municipio.",
        "Geben Sie Hausnummer und Straße, Postleitzahl und Gemeinde an."}},
      {MessageId::kNotPostcode,
       {"Le code postal compte 5 chiffres.", "The postcode has 5 digits.",
        "El código postal tiene 5 cifras.", "Die Postleitzahl hat 5 Ziffern."}},
      {MessageId::kNotAsked,
       {"Cette question ne s'applique pas à votre situation.",
        "This question does not apply to your situation.",
        "Esta pregunta no se aplica a su situación.",
        "Diese Frage trifft auf Ihre Situation nicht zu."}},
      {MessageId::kCalculatedMismatch,
       {"Cette valeur calculée ne correspond pas aux réponses.",
        "This calculated value does not match the answers.",
        "Este valor calculado no corresponde a las respuestas.",
        "Dieser berechnete Wert passt nicht zu den Angaben."}},
      {MessageId::kUnknownQuestion,
       {"Cette question n'existe pas dans cette démarche.",
        "This question does not exist in this procedure.",
        "Esta pregunta no existe en este trámite.",
        "Diese Frage gibt es in diesem Verfahren nicht."}},
      {MessageId::kConstraintFailed,
       {"Cette réponse n'est pas valide.", "This answer is not valid.",
        "Esta respuesta no es válida.", "Diese Angabe ist ungültig."}},
  };
  return kMessages;
}

int LanguageIndex(std::string_view language) {
  if (language == "en") return 1;
  if (language == "es") return 2;
  if (language == "de") return 3;
  return 0;
}

AnswerCheck Fail(MessageId id, std::string_view language) {
  return AnswerCheck{nullptr, EngineMessage(id, language)};
}

AnswerCheck Pass(nlohmann::json value) { return AnswerCheck{std::move(value), ""}; }

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// NFC, then trim; one-line texts also have every run of white space made one space.
std::optional<std::string> CleanText(const std::string& raw, bool one_line) {
  auto nfc = ToNfc(raw);
  if (!nfc.ok()) return std::nullopt;
  std::string out;
  bool pending_space = false;
  for (char c : *nfc) {
    if (c == '\r') continue;
    bool space = one_line ? IsSpace(c) : (c == ' ' || c == '\t');
    if (space) {
      pending_space = !out.empty();
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n') return std::nullopt;
    if (c == 0x7f) return std::nullopt;
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  if (!one_line) {
    // Trailing or leading blank lines are not part of the answer.
    while (!out.empty() && out.back() == '\n') out.pop_back();
    size_t start = out.find_first_not_of('\n');
    out = start == std::string::npos ? "" : out.substr(start);
  }
  return out;
}

size_t CodePoints(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

AnswerCheck NormalizeText(const Question& q, const nlohmann::json& raw, std::string_view lang) {
  if (!raw.is_string()) return Fail(MessageId::kNotText, lang);
  bool one_line = q.type != QuestionType::kLongText;
  auto text = CleanText(raw.get<std::string>(), one_line);
  if (!text) return Fail(MessageId::kNotText, lang);
  if (text->empty()) return Pass(nullptr);
  size_t limit = q.max_length > 0 ? static_cast<size_t>(q.max_length)
                                  : (one_line ? kShortTextMax : kLongTextMax);
  if (CodePoints(*text) > limit) return Fail(MessageId::kTooLong, lang);
  return Pass(*text);
}

AnswerCheck NormalizeInteger(const nlohmann::json& raw, std::string_view lang) {
  if (raw.is_number_integer()) {
    int64_t v = raw.get<int64_t>();
    if (v > kIntegerLimit || v < -kIntegerLimit) return Fail(MessageId::kNotInteger, lang);
    return Pass(v);
  }
  if (raw.is_number_unsigned()) return Fail(MessageId::kNotInteger, lang);
  if (!raw.is_string()) return Fail(MessageId::kNotInteger, lang);
  auto text = CleanText(raw.get<std::string>(), true);
  if (!text) return Fail(MessageId::kNotInteger, lang);
  if (text->empty()) return Pass(nullptr);
  size_t i = (*text)[0] == '-' ? 1 : 0;
  if (i == text->size() || text->size() > 11) return Fail(MessageId::kNotInteger, lang);
  int64_t v = 0;
  for (; i < text->size(); ++i) {
    char c = (*text)[i];
    if (c < '0' || c > '9') return Fail(MessageId::kNotInteger, lang);
    v = v * 10 + (c - '0');
  }
  if ((*text)[0] == '-') v = -v;
  if (v > kIntegerLimit || v < -kIntegerLimit) return Fail(MessageId::kNotInteger, lang);
  return Pass(v);
}

AnswerCheck NormalizeDate(const nlohmann::json& raw, std::string_view lang) {
  if (!raw.is_string()) return Fail(MessageId::kNotDate, lang);
  auto text = CleanText(raw.get<std::string>(), true);
  if (!text) return Fail(MessageId::kNotDate, lang);
  if (text->empty()) return Pass(nullptr);
  if (!ParseIsoDate(*text)) return Fail(MessageId::kNotDate, lang);
  return Pass(*text);
}

AnswerCheck NormalizePhone(const nlohmann::json& raw, std::string_view lang) {
  if (!raw.is_string()) return Fail(MessageId::kNotPhone, lang);
  const auto& text = raw.get_ref<const std::string&>();
  std::string digits;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c == '+' && digits.empty()) {
      digits += c;
    } else if (c != ' ' && c != '.' && c != '-' && c != '(' && c != ')') {
      return Fail(MessageId::kNotPhone, lang);
    }
  }
  if (digits.empty()) return Pass(nullptr);
  bool international = digits[0] == '+';
  size_t count = digits.size() - (international ? 1 : 0);
  bool valid = international ? (count >= 6 && count <= 15 && digits[1] != '0')
                             : (count == 10 && digits[0] == '0');
  if (!valid) return Fail(MessageId::kNotPhone, lang);
  return Pass(digits);
}

AnswerCheck NormalizeEmail(const nlohmann::json& raw, std::string_view lang) {
  if (!raw.is_string()) return Fail(MessageId::kNotEmail, lang);
  auto text = CleanText(raw.get<std::string>(), true);
  if (!text) return Fail(MessageId::kNotEmail, lang);
  if (text->empty()) return Pass(nullptr);
  size_t at = text->find('@');
  if (text->size() > 254 || at == std::string::npos || at == 0 ||
      text->find('@', at + 1) != std::string::npos) {
    return Fail(MessageId::kNotEmail, lang);
  }
  std::string local = text->substr(0, at);
  std::string domain = text->substr(at + 1);
  size_t dot = domain.rfind('.');
  if (dot == std::string::npos || dot == 0 || dot + 2 > domain.size() ||
      domain.find("..") != std::string::npos || domain.front() == '-' || local.size() > 64) {
    return Fail(MessageId::kNotEmail, lang);
  }
  for (char c : *text) {
    if (c == ' ' || c == ',' || c == ';' || c == '<' || c == '>' || c == '"' || c == '\\') {
      return Fail(MessageId::kNotEmail, lang);
    }
  }
  // The domain part is case-insensitive: lower it so that equal addresses have equal bytes.
  for (char& c : domain) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return Pass(local + "@" + domain);
}

AnswerCheck NormalizeAddress(const nlohmann::json& raw, std::string_view lang) {
  if (!raw.is_object()) return Fail(MessageId::kAddressIncomplete, lang);
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, value] : raw.items()) {
    if (key != "street" && key != "postcode" && key != "commune" && key != "complement") {
      return Fail(MessageId::kAddressIncomplete, lang);
    }
    if (value.is_null()) continue;
    if (!value.is_string()) return Fail(MessageId::kAddressIncomplete, lang);
    auto text = CleanText(value.get<std::string>(), true);
    if (!text || CodePoints(*text) > kShortTextMax) return Fail(MessageId::kTooLong, lang);
    if (!text->empty()) out[key] = *text;
  }
  if (out.empty()) return Pass(nullptr);
  if (!out.contains("street") || !out.contains("postcode") || !out.contains("commune")) {
    return Fail(MessageId::kAddressIncomplete, lang);
  }
  const auto& postcode = out["postcode"].get_ref<const std::string&>();
  bool five_digits =
      postcode.size() == 5 &&
      std::all_of(postcode.begin(), postcode.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!five_digits) return Fail(MessageId::kNotPostcode, lang);
  return Pass(out);
}

AnswerCheck NormalizeChoices(const Question& q, const nlohmann::json& raw, std::string_view lang) {
  if (q.type == QuestionType::kSingleChoice) {
    if (!raw.is_string()) return Fail(MessageId::kNotChoice, lang);
    const auto& value = raw.get_ref<const std::string&>();
    if (value.empty()) return Pass(nullptr);
    if (q.FindChoice(value) == nullptr) return Fail(MessageId::kNotChoice, lang);
    return Pass(value);
  }
  if (!raw.is_array()) return Fail(MessageId::kNotChoice, lang);
  std::set<std::string> picked;
  for (const auto& item : raw) {
    if (!item.is_string() || q.FindChoice(item.get<std::string>()) == nullptr) {
      return Fail(MessageId::kNotChoice, lang);
    }
    picked.insert(item.get<std::string>());
  }
  if (picked.empty()) return Pass(nullptr);
  // The file's order, whatever the order of the taps: the same choices give the same bytes.
  nlohmann::json out = nlohmann::json::array();
  for (const auto& choice : q.choices) {
    if (picked.count(choice.value)) out.push_back(choice.value);
  }
  return Pass(out);
}

std::optional<Date> ResolveBound(const std::optional<Date>& bound, bool is_today, Date today) {
  if (is_today) return today;
  return bound;
}

}  // namespace

const std::string& EngineMessage(MessageId id, std::string_view language) {
  for (const auto& message : Messages()) {
    if (message.id == id) return message.text[LanguageIndex(language)];
  }
  static const std::string kUnknown = "?";
  return kUnknown;
}

AnswerCheck NormalizeAnswer(const Question& question, const nlohmann::json& raw,
                            std::string_view language) {
  if (raw.is_null()) return Pass(nullptr);
  switch (question.type) {
    case QuestionType::kShortText:
    case QuestionType::kLongText:
      return NormalizeText(question, raw, language);
    case QuestionType::kInteger:
      return NormalizeInteger(raw, language);
    case QuestionType::kDate:
      return NormalizeDate(raw, language);
    case QuestionType::kSingleChoice:
    case QuestionType::kMultipleChoice:
      return NormalizeChoices(question, raw, language);
    case QuestionType::kYesNo:
      if (!raw.is_boolean()) return Fail(MessageId::kNotYesNo, language);
      return Pass(raw);
    case QuestionType::kConsent:
      if (!raw.is_boolean()) return Fail(MessageId::kNotYesNo, language);
      return Pass(raw.get<bool>() ? nlohmann::json(true) : nlohmann::json(nullptr));
    case QuestionType::kPhone:
      return NormalizePhone(raw, language);
    case QuestionType::kEmail:
      return NormalizeEmail(raw, language);
    case QuestionType::kAddress:
      return NormalizeAddress(raw, language);
    case QuestionType::kCalculated:
      // Calculated values are the engine's; the citizen never gives one.
      return Fail(MessageId::kCalculatedMismatch, language);
  }
  return Fail(MessageId::kConstraintFailed, language);
}

Value TypedValue(const Question& question, const nlohmann::json& stored) {
  if (question.type == QuestionType::kAddress && stored.is_object()) {
    // A whole address reads as one line of text ("12 rue X, 76800 Commune"), so that
    // answered(adresse) is true once it is given; its parts read as adresse.street ...
    std::string line;
    auto part = [&stored](const char* key) {
      auto it = stored.find(key);
      return it != stored.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    for (const std::string& piece : {part("street"), part("complement")}) {
      if (!piece.empty()) line += (line.empty() ? "" : ", ") + piece;
    }
    std::string town = part("postcode");
    if (!part("commune").empty()) town += (town.empty() ? "" : " ") + part("commune");
    if (!town.empty()) line += (line.empty() ? "" : ", ") + town;
    if (line.empty()) return std::monostate{};
    return line;
  }
  if (stored.is_null() || stored.is_object()) return std::monostate{};
  if (question.type == QuestionType::kDate && stored.is_string()) {
    auto date = ParseIsoDate(stored.get<std::string>());
    if (date) return *date;
    return std::monostate{};
  }
  return ValueFromJson(stored);
}

EvaluationContext MakeContext(const Procedure& procedure, const nlohmann::json& answers,
                              Date today) {
  EvaluationContext context;
  context.today = today;
  context.lookup = [&procedure, &answers](std::string_view id, std::string_view member) -> Value {
    const Question* question = procedure.FindQuestion(id);
    if (question == nullptr) return std::monostate{};
    auto it = answers.find(std::string(id));
    if (it == answers.end()) return std::monostate{};
    if (!member.empty()) {
      if (!it->is_object()) return std::monostate{};
      auto part = it->find(std::string(member));
      if (part == it->end() || !part->is_string()) return std::monostate{};
      return part->get<std::string>();
    }
    // A calculated date is stored as ISO text; read it as a date like a date question.
    if (question->type == QuestionType::kCalculated && it->is_string()) {
      if (auto date = ParseIsoDate(it->get<std::string>())) return *date;
    }
    return TypedValue(*question, *it);
  };
  return context;
}

namespace {

// A calculated value in its stored JSON form; null for null or an error.
nlohmann::json JsonFromValue(const Value& value) {
  if (const auto* b = std::get_if<bool>(&value)) return *b;
  if (const auto* i = std::get_if<int64_t>(&value)) return *i;
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  if (const auto* d = std::get_if<Date>(&value)) return FormatIsoDate(*d);
  if (const auto* l = std::get_if<std::vector<std::string>>(&value)) return *l;
  return nullptr;
}

}  // namespace

Resolution Resolve(const Procedure& procedure, const nlohmann::json& raw_answers, Date today) {
  Resolution resolution;
  std::map<std::string, const Step*> step_of;
  for (const auto& step : procedure.steps) {
    for (const auto& question : step.questions) step_of[question.id] = &step;
  }
  std::map<std::string, bool> step_relevant;
  for (const auto& id : procedure.evaluation_order) {
    const Question* question = procedure.FindQuestion(id);
    const Step* step = step_of[id];
    if (question == nullptr || step == nullptr) continue;
    EvaluationContext context = MakeContext(procedure, resolution.answers, today);

    // A step's relevance reads only questions ordered before each of its questions, so
    // evaluating it at its first question gives the same answer as at any later one.
    auto known = step_relevant.find(step->id);
    bool in_step = known != step_relevant.end()
                       ? known->second
                       : (!step->relevant || step->relevant->IsTrue(context));
    step_relevant[step->id] = in_step;
    if (!in_step) continue;
    if (question->relevant && !question->relevant->IsTrue(context)) continue;

    resolution.relevant_questions.insert(id);
    if (question->type == QuestionType::kCalculated) {
      if (question->calculate) {
        auto value = question->calculate->Evaluate(context);
        nlohmann::json stored = value.ok() ? JsonFromValue(*value) : nlohmann::json(nullptr);
        if (!stored.is_null()) resolution.answers[id] = stored;
      }
      continue;
    }
    auto it = raw_answers.find(id);
    if (it != raw_answers.end() && !it->is_null()) resolution.answers[id] = *it;
  }
  for (const auto& [step_id, relevant] : step_relevant) {
    if (relevant) resolution.relevant_steps.insert(step_id);
  }
  // A step whose questions were all skipped is still relevant if its own condition holds.
  for (const auto& step : procedure.steps) {
    if (step_relevant.count(step.id) == 0 &&
        (!step.relevant ||
         step.relevant->IsTrue(MakeContext(procedure, resolution.answers, today)))) {
      resolution.relevant_steps.insert(step.id);
    }
  }
  return resolution;
}

std::string CheckConstraints(const Procedure& procedure, const Question& question,
                             const nlohmann::json& stored, const nlohmann::json& answers,
                             Date today, std::string_view language) {
  EvaluationContext context = MakeContext(procedure, answers, today);
  if (stored.is_null()) {
    bool required =
        question.required || (question.required_if && question.required_if->IsTrue(context));
    if (!required) return "";
    if (!question.required_message.empty()) return question.required_message.In(language);
    return EngineMessage(question.type == QuestionType::kConsent ? MessageId::kConsentRequired
                                                                 : MessageId::kRequired,
                         language);
  }
  context.self = TypedValue(question, stored);
  for (const auto& constraint : question.constraints) {
    bool holds = true;
    switch (constraint.kind) {
      case Constraint::Kind::kPattern:
      case Constraint::Kind::kCheck:
        holds = constraint.expression && constraint.expression->IsTrue(context);
        break;
      case Constraint::Kind::kMinMax:
      case Constraint::Kind::kLength: {
        int64_t measured = 0;
        if (constraint.kind == Constraint::Kind::kLength && stored.is_string()) {
          measured = static_cast<int64_t>(CodePoints(stored.get<std::string>()));
        } else if (constraint.kind == Constraint::Kind::kLength && stored.is_array()) {
          measured = static_cast<int64_t>(stored.size());
        } else if (stored.is_number_integer()) {
          measured = stored.get<int64_t>();
        } else {
          holds = false;
          break;
        }
        if (constraint.min && measured < *constraint.min) holds = false;
        if (constraint.max && measured > *constraint.max) holds = false;
        break;
      }
      case Constraint::Kind::kDateRange:
      case Constraint::Kind::kAgeRange: {
        const auto* date = std::get_if<Date>(&context.self);
        if (date == nullptr) {
          holds = false;
          break;
        }
        if (constraint.kind == Constraint::Kind::kAgeRange) {
          int age = AgeOn(*date, today);
          if (constraint.min && age < *constraint.min) holds = false;
          if (constraint.max && age > *constraint.max) holds = false;
          break;
        }
        auto min = ResolveBound(constraint.min_date, constraint.min_is_today, today);
        auto max = ResolveBound(constraint.max_date, constraint.max_is_today, today);
        if (min && *date < *min) holds = false;
        if (max && *date > *max) holds = false;
        break;
      }
    }
    if (!holds) {
      const std::string& message = constraint.message.In(language);
      return message.empty() ? EngineMessage(MessageId::kConstraintFailed, language) : message;
    }
  }
  return "";
}

Date UtcDate(std::chrono::system_clock::time_point time) {
  auto days = std::chrono::floor<std::chrono::days>(time);
  return Date{static_cast<int32_t>(days.time_since_epoch().count())};
}

}  // namespace kiosk::procedure
