#include "kiosk/procedure/submission.h"

#include <fmt/format.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>

#include "kiosk/procedure/answer.h"
#include "kiosk/procedure/canonical_json.h"

namespace kiosk::procedure {
namespace {

constexpr std::pair<IdentitySource, std::string_view> kSourceNames[] = {
    {IdentitySource::kChipVerified, "chip_verified"},
    {IdentitySource::kChipUnverified, "chip_unverified"},
    {IdentitySource::kTyped, "typed"},
    {IdentitySource::kNone, "none"},
};

bool IsUuidV4(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash) {
      if (s[i] != '-') return false;
    } else if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) {
      return false;
    }
  }
  return s[14] == '4' && (s[19] == '8' || s[19] == '9' || s[19] == 'a' || s[19] == 'b');
}

bool IsPlainToken(std::string_view s, size_t max) {
  if (s.empty() || s.size() > max) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || c == '/' || c == '+';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

bool IsStaffId(std::string_view id) { return IsPlainToken(id, 128); }

std::string_view IdentitySourceName(IdentitySource source) {
  for (auto [s, name] : kSourceNames) {
    if (s == source) return name;
  }
  return "none";
}

std::optional<IdentitySource> IdentitySourceFromName(std::string_view name) {
  for (auto [s, n] : kSourceNames) {
    if (n == name) return s;
  }
  return std::nullopt;
}

StatusOr<std::string> NewSubmissionId() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return UnavailableError("the random generator is not available");
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  std::string out;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += fmt::format("{:02x}", bytes[i]);
  }
  return out;
}

std::string FormatUtc(std::chrono::system_clock::time_point time) {
  auto seconds = std::chrono::floor<std::chrono::seconds>(time);
  auto days = std::chrono::floor<std::chrono::days>(seconds);
  std::chrono::hh_mm_ss<std::chrono::seconds> hms(seconds - days);
  return fmt::format("{}T{:02d}:{:02d}:{:02d}Z",
                     FormatIsoDate(Date{static_cast<int32_t>(days.time_since_epoch().count())}),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

std::optional<std::chrono::system_clock::time_point> ParseUtc(std::string_view text) {
  if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
      text[19] != 'Z') {
    return std::nullopt;
  }
  auto date = ParseIsoDate(text.substr(0, 10));
  if (!date) return std::nullopt;
  int parts[3];
  for (int i = 0; i < 3; ++i) {
    char a = text[11 + i * 3], b = text[12 + i * 3];
    if (a < '0' || a > '9' || b < '0' || b > '9') return std::nullopt;
    parts[i] = (a - '0') * 10 + (b - '0');
  }
  if (parts[0] > 23 || parts[1] > 59 || parts[2] > 59) return std::nullopt;
  return std::chrono::system_clock::time_point(
      std::chrono::days(date->days) + std::chrono::hours(parts[0]) +
      std::chrono::minutes(parts[1]) + std::chrono::seconds(parts[2]));
}

StatusOr<FrozenSubmission> FreezeSubmission(const Procedure& procedure,
                                            const nlohmann::json& answers,
                                            const SubmissionEnvelope& envelope) {
  if (!IsUuidV4(envelope.id)) return InvalidInputError("submission id is not a lower-case UUID v4");
  if (!IsPlainToken(envelope.kiosk_id, 128))
    return InvalidInputError("kiosk id is missing or malformed");
  if (!IsPlainToken(envelope.time_zone, 64))
    return InvalidInputError("time zone is missing or malformed");
  // The centre refuses any other form (ValidateSubmission): refuse it here, before the
  // citizen's submission is frozen, rather than have it set aside at the centre.
  if (envelope.assisted_by && !IsStaffId(*envelope.assisted_by)) {
    return InvalidInputError("assisted_by is not a staff id (letters, digits, - _ . / +)");
  }
  if (!answers.is_object()) return InvalidInputError("answers must be an object");
  nlohmann::json doc = {
      {"answers", answers},
      {"assisted_by", envelope.assisted_by ? nlohmann::json(*envelope.assisted_by) : nullptr},
      {"created_at", FormatUtc(envelope.created_at)},
      {"format", kSubmissionFormat},
      {"id", envelope.id},
      {"identity_source", std::string(IdentitySourceName(envelope.identity_source))},
      {"kiosk_id", envelope.kiosk_id},
      {"language", envelope.language},
      {"procedure", {{"id", procedure.id}, {"version", procedure.version}}},
      {"time_zone", envelope.time_zone},
  };
  KIOSK_ASSIGN_OR_RETURN(std::string bytes, CanonicalJson(doc));
  return FrozenSubmission{envelope.id, std::move(bytes)};
}

std::vector<FieldError> ValidateSubmission(const Procedure& procedure,
                                           const nlohmann::json& submission,
                                           std::string_view language) {
  std::vector<FieldError> errors;
  auto envelope_error = [&](std::string message) { errors.push_back({"", std::move(message)}); };
  if (!submission.is_object()) {
    envelope_error("the submission is not a JSON object");
    return errors;
  }
  static const std::set<std::string> kKeys = {
      "answers",         "assisted_by", "created_at", "format",    "id",
      "identity_source", "kiosk_id",    "language",   "procedure", "time_zone"};
  for (const auto& [key, value] : submission.items()) {
    if (!kKeys.count(key)) envelope_error(fmt::format("unknown key '{}'", key));
  }
  for (const auto& key : kKeys) {
    if (!submission.contains(key)) envelope_error(fmt::format("missing key '{}'", key));
  }
  if (!errors.empty()) return errors;

  const auto& s = submission;
  if (s["format"] != kSubmissionFormat) envelope_error("format must be 1");
  if (!s["id"].is_string() || !IsUuidV4(s["id"].get<std::string>())) {
    envelope_error("id must be a lower-case UUID v4");
  }
  const auto& proc = s["procedure"];
  if (!proc.is_object() || proc.size() != 2 || !proc.contains("id") || !proc.contains("version")) {
    envelope_error("procedure must be {\"id\", \"version\"}");
  } else if (proc["id"] != procedure.id || proc["version"] != procedure.version) {
    envelope_error(fmt::format("procedure is {} version {}, not {} version {}", proc["id"].dump(),
                               proc["version"].dump(), procedure.id, procedure.version));
  }
  std::optional<std::chrono::system_clock::time_point> created;
  if (s["created_at"].is_string()) created = ParseUtc(s["created_at"].get<std::string>());
  if (!created) envelope_error("created_at must be YYYY-MM-DDTHH:MM:SSZ");
  if (!s["identity_source"].is_string() ||
      !IdentitySourceFromName(s["identity_source"].get<std::string>())) {
    envelope_error("identity_source must be chip_verified, chip_unverified, typed or none");
  }
  if (!s["kiosk_id"].is_string() || !IsPlainToken(s["kiosk_id"].get<std::string>(), 128)) {
    envelope_error("kiosk_id is malformed");
  }
  if (!s["time_zone"].is_string() || !IsPlainToken(s["time_zone"].get<std::string>(), 64)) {
    envelope_error("time_zone is malformed");
  }
  if (!s["assisted_by"].is_null() &&
      (!s["assisted_by"].is_string() || !IsPlainToken(s["assisted_by"].get<std::string>(), 128))) {
    envelope_error("assisted_by must be null or a staff id");
  }
  std::string lang;
  if (s["language"].is_string()) lang = s["language"].get<std::string>();
  if (std::find(procedure.languages.begin(), procedure.languages.end(), lang) ==
      procedure.languages.end()) {
    envelope_error("language is not one of the procedure's languages");
  }
  if (!s["answers"].is_object()) envelope_error("answers must be an object");
  if (!errors.empty()) return errors;

  std::string message_language = language.empty() ? lang : std::string(language);
  const auto& answers = s["answers"];
  Date today = UtcDate(*created);

  // Every answer must already be in its stored form: normalising it again changes nothing.
  nlohmann::json stored = nlohmann::json::object();
  for (const auto& [id, value] : answers.items()) {
    const Question* question = procedure.FindQuestion(id);
    if (question == nullptr) {
      errors.push_back({id, EngineMessage(MessageId::kUnknownQuestion, message_language)});
      continue;
    }
    if (question->type == QuestionType::kCalculated) {
      stored[id] = value;
      continue;
    }
    AnswerCheck check = NormalizeAnswer(*question, value, message_language);
    if (!check.ok()) {
      errors.push_back({id, check.error});
    } else if (check.value != value) {
      errors.push_back({id, EngineMessage(MessageId::kConstraintFailed, message_language)});
    } else {
      stored[id] = value;
    }
  }

  Resolution resolution = Resolve(procedure, stored, today);
  for (const auto& [id, value] : stored.items()) {
    if (!resolution.relevant_questions.count(id)) {
      errors.push_back({id, EngineMessage(MessageId::kNotAsked, message_language)});
    }
  }
  for (const Question* question : procedure.AllQuestions()) {
    if (!resolution.relevant_questions.count(question->id)) continue;
    const auto& id = question->id;
    nlohmann::json value = resolution.answers.contains(id) ? resolution.answers[id] : nullptr;
    if (question->type == QuestionType::kCalculated) {
      nlohmann::json given = stored.contains(id) ? stored[id] : nullptr;
      if (given != value) {
        errors.push_back({id, EngineMessage(MessageId::kCalculatedMismatch, message_language)});
      }
      continue;
    }
    bool reported = std::any_of(errors.begin(), errors.end(),
                                [&](const FieldError& e) { return e.question == id; });
    if (reported) continue;  // its form was already wrong: one message per answer
    std::string error =
        CheckConstraints(procedure, *question, value, resolution.answers, today, message_language);
    if (!error.empty()) errors.push_back({id, error});
  }
  return errors;
}

std::vector<FieldError> ValidateSubmissionBytes(const Procedure& procedure, std::string_view bytes,
                                                std::string_view language) {
  auto parsed = ParseJson(bytes);
  if (!parsed.ok()) return {{"", parsed.status().message()}};
  auto canonical = CanonicalJson(*parsed);
  if (!canonical.ok()) return {{"", canonical.status().message()}};
  if (*canonical != bytes) return {{"", "the submission is not in canonical form"}};
  return ValidateSubmission(procedure, *parsed, language);
}

std::string DisplayAnswer(const Question& question, const nlohmann::json& stored,
                          std::string_view language) {
  if (stored.is_null()) return "";
  switch (question.type) {
    case QuestionType::kDate: {
      auto date = ParseIsoDate(stored.get<std::string>());
      if (!date) return stored.get<std::string>();
      int y, m, d;
      YmdFromDate(*date, &y, &m, &d);
      return fmt::format("{:02d}/{:02d}/{:04d}", d, m, y);
    }
    case QuestionType::kSingleChoice: {
      const Choice* choice = question.FindChoice(stored.get<std::string>());
      return choice ? choice->label.In(language) : stored.get<std::string>();
    }
    case QuestionType::kMultipleChoice: {
      std::vector<std::string> labels;
      for (const auto& item : stored) {
        const Choice* choice =
            item.is_string() ? question.FindChoice(item.get<std::string>()) : nullptr;
        labels.push_back(choice ? choice->label.In(language) : item.dump());
      }
      return fmt::format("{}", fmt::join(labels, ", "));
    }
    case QuestionType::kYesNo:
    case QuestionType::kConsent: {
      static const std::map<std::string, std::pair<std::string, std::string>> kYesNo = {
          {"fr", {"Oui", "Non"}},
          {"en", {"Yes", "No"}},
          {"es", {"Sí", "No"}},
          {"de", {"Ja", "Nein"}}};
      auto it = kYesNo.find(std::string(language));
      const auto& words = it != kYesNo.end() ? it->second : kYesNo.at("fr");
      return stored.is_boolean() && stored.get<bool>() ? words.first : words.second;
    }
    case QuestionType::kAddress: {
      if (!stored.is_object()) return "";
      std::string line = stored.value("street", "");
      if (stored.contains("complement")) line += ", " + stored.value("complement", "");
      return line + ", " + stored.value("postcode", "") + " " + stored.value("commune", "");
    }
    default:
      return stored.is_string() ? stored.get<std::string>() : stored.dump();
  }
}

std::vector<ReceiptLine> ReceiptLines(const Procedure& procedure, const nlohmann::json& submission,
                                      std::string_view language) {
  std::vector<ReceiptLine> lines;
  if (!submission.is_object() || !submission.contains("answers") ||
      !submission["answers"].is_object()) {
    return lines;
  }
  const auto& answers = submission["answers"];
  for (const Question* question : procedure.AllQuestions()) {
    if (question->printable == Printable::kNo || !answers.contains(question->id)) continue;
    std::string text = DisplayAnswer(*question, answers[question->id], language);
    if (question->printable == Printable::kInitial && !text.empty()) {
      // First code point of the answer, then a dot.
      size_t length = 1;
      while (length < text.size() && (static_cast<unsigned char>(text[length]) & 0xC0) == 0x80) {
        ++length;
      }
      text = text.substr(0, length) + ".";
    }
    lines.push_back({question->id, question->label.In(language), text});
  }
  return lines;
}

}  // namespace kiosk::procedure
