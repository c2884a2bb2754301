// The loader reads the YAML tree once, collecting every problem instead of stopping at the
// first: an author fixing a file wants the whole list. Checks that need the whole procedure
// (references, cycles) run after the tree is read.
#include "kiosk/procedure/loader.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "base/log.h"
#include "kiosk/procedure/answer.h"
#include "kiosk/procedure/canonical_json.h"

namespace kiosk::procedure {
namespace {

constexpr size_t kMaxSteps = 50;
constexpr size_t kMaxQuestions = 300;
constexpr size_t kMaxChoices = 200;
constexpr size_t kMaxTextLength = 4000;

bool IsLanguageCode(std::string_view s) {
  return s.size() == 2 && s[0] >= 'a' && s[0] <= 'z' && s[1] >= 'a' && s[1] <= 'z';
}

bool IsQuestionId(std::string_view s) {
  if (s.empty() || s.size() > 64 || s[0] < 'a' || s[0] > 'z') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool IsProcedureId(std::string_view s) {
  if (s.empty() || s.size() > 64 || s[0] < 'a' || s[0] > 'z') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// Words of the expression language that cannot name a question.
bool IsReservedWord(std::string_view s) {
  static const std::set<std::string_view> kReserved = {
      "and",    "or",      "not",      "true",  "false", "null",     "self", "today", "age", "date",
      "length", "matches", "selected", "count", "if",    "answered", "year", "month", "day"};
  return kReserved.count(s) > 0;
}

bool IsTextType(QuestionType t) {
  return t == QuestionType::kShortText || t == QuestionType::kLongText ||
         t == QuestionType::kPhone || t == QuestionType::kEmail;
}

class Reader {
 public:
  explicit Reader(std::string_view source_name) : file_(source_name) {}

  void ErrorAt(const YAML::Mark& mark, std::string message) {
    if (mark.is_null()) {
      errors.push_back({file_, 0, 0, std::move(message)});
    } else {
      errors.push_back({file_, mark.line + 1, mark.column + 1, std::move(message)});
    }
  }
  void ErrorAt(const YAML::Node& node, std::string message) {
    ErrorAt(node.Mark(), std::move(message));
  }
  void ErrorAt(SourcePosition pos, std::string message) {
    errors.push_back({file_, pos.line, pos.column, std::move(message)});
  }

  static SourcePosition PositionOf(const YAML::Node& node) {
    YAML::Mark mark = node.Mark();
    if (mark.is_null()) return {};
    return {mark.line + 1, mark.column + 1};
  }

  // Checks that `map` is a mapping whose keys are all in `allowed`, each at most once.
  bool CheckKeys(const YAML::Node& map, std::string_view what,
                 std::initializer_list<std::string_view> allowed) {
    if (!map.IsMap()) {
      ErrorAt(map, fmt::format("{} must be a mapping of keys to values", what));
      return false;
    }
    std::set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (!it->first.IsScalar()) {
        ErrorAt(it->first, fmt::format("{}: keys must be plain words", what));
        continue;
      }
      std::string key = it->first.Scalar();
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        ErrorAt(it->first, fmt::format("unknown key '{}' in {} (allowed: {})", key, what,
                                       fmt::join(allowed, ", ")));
      }
      if (!seen.insert(key).second) {
        ErrorAt(it->first, fmt::format("key '{}' appears twice in {}", key, what));
      }
    }
    return true;
  }

  std::optional<std::string> Scalar(const YAML::Node& node, std::string_view what) {
    if (!node.IsScalar()) {
      ErrorAt(node, fmt::format("{} must be a single value", what));
      return std::nullopt;
    }
    return node.Scalar();
  }

  std::optional<int64_t> Integer(const YAML::Node& node, std::string_view what) {
    auto text = Scalar(node, what);
    if (!text) return std::nullopt;
    const std::string& s = *text;
    bool digits = !s.empty() && s.size() <= 12 &&
                  std::all_of(s.begin() + (s[0] == '-' ? 1 : 0), s.end(),
                              [](char c) { return c >= '0' && c <= '9'; }) &&
                  s != "-";
    if (!digits) {
      ErrorAt(node, fmt::format("{} must be a whole number", what));
      return std::nullopt;
    }
    return std::stoll(s);
  }

  std::optional<bool> Boolean(const YAML::Node& node, std::string_view what) {
    auto text = Scalar(node, what);
    if (!text) return std::nullopt;
    if (*text == "true" || *text == "yes") return true;
    if (*text == "false" || *text == "no") return false;
    ErrorAt(node, fmt::format("{} must be true or false", what));
    return std::nullopt;
  }

  // A text in several languages: { fr: ..., en: ... }. French is required; every language
  // the procedure declares must be present.
  LocalizedText Text(const YAML::Node& node, std::string_view what, bool required) {
    LocalizedText text;
    if (!node) {
      if (required) ErrorAt(current_mark, fmt::format("missing {} (a French text at least)", what));
      return text;
    }
    if (!node.IsMap()) {
      ErrorAt(node,
              fmt::format("{} must be a mapping of languages to texts, e.g. {{fr: ..., en: ...}}",
                          what));
      return text;
    }
    for (auto it = node.begin(); it != node.end(); ++it) {
      std::string lang = it->first.IsScalar() ? it->first.Scalar() : "";
      if (!IsLanguageCode(lang)) {
        ErrorAt(it->first, fmt::format("'{}' is not a two-letter language code in {}", lang, what));
        continue;
      }
      if (text.by_language.count(lang)) {
        ErrorAt(it->first, fmt::format("language '{}' appears twice in {}", lang, what));
        continue;
      }
      auto value = Scalar(it->second, what);
      if (!value) continue;
      if (!IsValidUtf8(*value)) {
        ErrorAt(it->second, fmt::format("{} ({}) is not valid UTF-8", what, lang));
        continue;
      }
      if (value->size() > kMaxTextLength) {
        ErrorAt(it->second,
                fmt::format("{} ({}) is longer than {} bytes", what, lang, kMaxTextLength));
        continue;
      }
      if (value->empty()) {
        ErrorAt(it->second, fmt::format("{} ({}) is empty", what, lang));
        continue;
      }
      auto nfc = ToNfc(*value);
      text.by_language[lang] = nfc.ok() ? *nfc : *value;
    }
    if (!text.by_language.count("fr")) {
      ErrorAt(node, fmt::format("missing French text ('fr') in {}", what));
    }
    for (const auto& lang : languages) {
      if (lang != "fr" && text.by_language.count("fr") && !text.by_language.count(lang)) {
        ErrorAt(node,
                fmt::format("missing '{}' text in {} (the procedure declares it in 'languages')",
                            lang, what));
      }
    }
    return text;
  }

  // Parses an expression; a parse error points at the column inside the YAML scalar.
  std::optional<Expression> ParseExpression(const YAML::Node& node, std::string_view what,
                                            std::string_view question) {
    auto text = Scalar(node, what);
    if (!text) return std::nullopt;
    auto parsed = Expression::Parse(*text);
    if (parsed.ok()) return std::move(parsed).value();

    // "column N: message" from the parser; move the mark to that column when the scalar is
    // on one line (a quoted scalar starts one column after its quote).
    const std::string& message = parsed.status().message();
    YAML::Mark mark = node.Mark();
    int offset = 0;
    std::string detail = message;
    if (message.rfind("column ", 0) == 0) {
      size_t colon = message.find(':');
      offset = std::atoi(message.substr(7, colon - 7).c_str()) - 1;
      detail = message.substr(colon + 2);
    }
    bool one_line = text->find('\n') == std::string::npos;
    if (one_line && !mark.is_null()) {
      mark.column += offset + (node.Tag() == "!" ? 1 : 0);
    }
    ErrorAt(mark, fmt::format("procedure '{}', question '{}', {}: {}", procedure_id, question, what,
                              detail));
    return std::nullopt;
  }

  std::vector<Diagnostic> errors;
  std::vector<std::string> languages;  // declared by the procedure
  std::string procedure_id;
  YAML::Mark current_mark;  // of the mapping being read, for missing keys

 private:
  std::string file_;
};

std::string QuoteForExpression(std::string_view pattern) {
  std::string out = "\"";
  for (char c : pattern) {
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  return out + "\"";
}

void ReadConstraint(Reader& r, const YAML::Node& node, const Question& question,
                    Constraint& constraint) {
  constraint.position = Reader::PositionOf(node);
  if (!r.CheckKeys(node, "a constraint",
                   {"pattern", "min", "max", "min_length", "max_length", "min_date", "max_date",
                    "min_age", "max_age", "check", "message"})) {
    return;
  }
  r.current_mark = node.Mark();
  constraint.message = r.Text(node["message"], "the constraint's message", true);

  int kinds = 0;
  auto type = question.type;
  auto wrong_type = [&](std::string_view key) {
    r.ErrorAt(node[std::string(key)], fmt::format("'{}' does not apply to a question of type '{}'",
                                                  key, QuestionTypeName(type)));
  };
  if (node["pattern"]) {
    ++kinds;
    constraint.kind = Constraint::Kind::kPattern;
    // A pattern reads text: an integer's answer is a number, which no pattern matches.
    if (!IsTextType(type)) wrong_type("pattern");
    if (auto p = r.Scalar(node["pattern"], "pattern")) {
      constraint.pattern = *p;
      auto parsed = Expression::Parse("matches(self, " + QuoteForExpression(*p) + ")");
      if (parsed.ok()) {
        constraint.expression = std::move(parsed).value();
      } else {
        std::string message = parsed.status().message();
        size_t colon = message.find(": ");
        r.ErrorAt(
            node["pattern"],
            fmt::format("procedure '{}', question '{}', pattern: {}", r.procedure_id, question.id,
                        colon == std::string::npos ? message : message.substr(colon + 2)));
      }
    }
  }
  if (node["min"] || node["max"]) {
    ++kinds;
    constraint.kind = Constraint::Kind::kMinMax;
    if (type != QuestionType::kInteger) wrong_type(node["min"] ? "min" : "max");
    if (node["min"]) constraint.min = r.Integer(node["min"], "min");
    if (node["max"]) constraint.max = r.Integer(node["max"], "max");
    if (constraint.min && constraint.max && *constraint.min > *constraint.max) {
      r.ErrorAt(node["max"], "max is smaller than min: no answer could pass");
    }
  }
  if (node["min_length"] || node["max_length"]) {
    ++kinds;
    constraint.kind = Constraint::Kind::kLength;
    if (!IsTextType(type) && type != QuestionType::kMultipleChoice) {
      wrong_type(node["min_length"] ? "min_length" : "max_length");
    }
    if (node["min_length"]) constraint.min = r.Integer(node["min_length"], "min_length");
    if (node["max_length"]) constraint.max = r.Integer(node["max_length"], "max_length");
  }
  auto read_date = [&](const char* key, std::optional<Date>& date, bool& is_today) {
    auto text = r.Scalar(node[key], key);
    if (!text) return;
    if (*text == "today") {
      is_today = true;
      return;
    }
    date = ParseIsoDate(*text);
    if (!date) r.ErrorAt(node[key], fmt::format("{} must be YYYY-MM-DD or 'today'", key));
  };
  if (node["min_date"] || node["max_date"]) {
    ++kinds;
    constraint.kind = Constraint::Kind::kDateRange;
    if (type != QuestionType::kDate) wrong_type(node["min_date"] ? "min_date" : "max_date");
    if (node["min_date"]) read_date("min_date", constraint.min_date, constraint.min_is_today);
    if (node["max_date"]) read_date("max_date", constraint.max_date, constraint.max_is_today);
  }
  if (node["min_age"] || node["max_age"]) {
    ++kinds;
    constraint.kind = Constraint::Kind::kAgeRange;
    if (type != QuestionType::kDate) wrong_type(node["min_age"] ? "min_age" : "max_age");
    if (node["min_age"]) constraint.min = r.Integer(node["min_age"], "min_age");
    if (node["max_age"]) constraint.max = r.Integer(node["max_age"], "max_age");
  }
  if (node["check"]) {
    ++kinds;
    constraint.kind = Constraint::Kind::kCheck;
    constraint.expression = r.ParseExpression(node["check"], "check", question.id);
  }
  if (kinds != 1) {
    r.ErrorAt(node,
              "a constraint needs exactly one of: pattern, min/max, min_length/max_length, "
              "min_date/max_date, min_age/max_age, check");
  }
}

void ReadQuestion(Reader& r, const YAML::Node& node, Question& q) {
  q.position = Reader::PositionOf(node);
  if (!r.CheckKeys(
          node, "a question",
          {"id", "type", "label", "help", "required", "required_message", "default", "prefill",
           "choices", "constraints", "relevant", "calculate", "printable", "max_length"})) {
    return;
  }
  r.current_mark = node.Mark();
  if (!node["id"]) {
    r.ErrorAt(node, "a question needs an 'id'");
  } else if (auto id = r.Scalar(node["id"], "id")) {
    q.id = *id;
    if (!IsQuestionId(q.id) || IsReservedWord(q.id)) {
      r.ErrorAt(node["id"],
                fmt::format("'{}' is not a valid question id (lower-case letters, "
                            "digits and '_', starting with a letter, not a reserved word)",
                            q.id));
    }
  }
  if (!node["type"]) {
    r.ErrorAt(node, fmt::format("question '{}' needs a 'type'", q.id));
  } else if (auto type = r.Scalar(node["type"], "type")) {
    auto parsed = QuestionTypeFromName(*type);
    if (!parsed) {
      r.ErrorAt(node["type"], fmt::format("unknown question type '{}'", *type));
    } else {
      q.type = *parsed;
    }
  }
  bool calculated = q.type == QuestionType::kCalculated;
  r.current_mark = node.Mark();
  q.label = r.Text(node["label"], fmt::format("the label of question '{}'", q.id), !calculated);
  if (node["help"])
    q.help = r.Text(node["help"], fmt::format("the help of question '{}'", q.id), true);
  if (node["required"]) {
    // true / false, or an expression: required only when it holds.
    const auto& required = node["required"];
    std::string text = required.IsScalar() ? required.Scalar() : "";
    if (text == "true" || text == "yes" || text == "false" || text == "no") {
      q.required = r.Boolean(required, "required").value_or(false);
    } else {
      q.required_if = r.ParseExpression(required, "required", q.id);
    }
  }
  if (node["required_message"]) {
    q.required_message = r.Text(node["required_message"],
                                fmt::format("the required message of question '{}'", q.id), true);
  }
  if (node["max_length"]) {
    auto max = r.Integer(node["max_length"], "max_length");
    if (max && (*max < 1 || *max > 10000))
      r.ErrorAt(node["max_length"], "max_length must be between 1 and 10000");
    if (max) q.max_length = static_cast<int>(*max);
  }

  if (node["choices"]) {
    const auto& choices = node["choices"];
    if (!choices.IsSequence() || choices.size() == 0 || choices.size() > kMaxChoices) {
      r.ErrorAt(choices, fmt::format("choices must be a list of 1 to {} entries", kMaxChoices));
    } else {
      std::set<std::string> values;
      for (const auto& c : choices) {
        Choice choice;
        if (!r.CheckKeys(c, "a choice", {"value", "label"})) continue;
        r.current_mark = c.Mark();
        if (!c["value"]) {
          r.ErrorAt(c, "a choice needs a 'value'");
        } else if (auto v = r.Scalar(c["value"], "value")) {
          // The stored answer is in NFC (as every string of a submission): so is the value
          // it must equal.
          auto nfc = ToNfc(*v);
          choice.value = nfc.ok() ? *nfc : *v;
          if (v->empty() || !IsValidUtf8(*v) || v->size() > 100) {
            r.ErrorAt(c["value"], "a choice value must be 1 to 100 bytes of text");
          } else if (!values.insert(choice.value).second) {
            r.ErrorAt(c["value"],
                      fmt::format("duplicate choice value '{}' in question '{}'", *v, q.id));
          }
        }
        choice.label =
            r.Text(c["label"], fmt::format("the label of choice '{}'", choice.value), true);
        q.choices.push_back(std::move(choice));
      }
    }
  }
  bool has_choices =
      q.type == QuestionType::kSingleChoice || q.type == QuestionType::kMultipleChoice;
  if (has_choices && q.choices.empty() && !node["choices"]) {
    r.ErrorAt(node, fmt::format("question '{}' of type '{}' needs 'choices'", q.id,
                                QuestionTypeName(q.type)));
  }
  if (!has_choices && node["choices"]) {
    r.ErrorAt(node["choices"], fmt::format("'choices' does not apply to a question of type '{}'",
                                           QuestionTypeName(q.type)));
  }

  if (node["prefill"]) {
    if (auto source = r.Scalar(node["prefill"], "prefill")) {
      auto parsed = PrefillSourceFromName(*source);
      if (!parsed) {
        r.ErrorAt(node["prefill"], fmt::format("unknown prefill source '{}'", *source));
      } else {
        q.prefill = *parsed;
        bool fits = true;
        switch (q.prefill) {
          case PrefillSource::kBirthDate:
          case PrefillSource::kDocumentExpiry:
            fits = q.type == QuestionType::kDate;
            break;
          case PrefillSource::kAddress:
            fits = q.type == QuestionType::kAddress;
            break;
          case PrefillSource::kSex:
          case PrefillSource::kNationality:
            fits = q.type == QuestionType::kSingleChoice || q.type == QuestionType::kShortText;
            break;
          default:
            fits = q.type == QuestionType::kShortText;
            break;
        }
        if (!fits) {
          r.ErrorAt(node["prefill"],
                    fmt::format("prefill '{}' does not fit a question of type '{}'", *source,
                                QuestionTypeName(q.type)));
        }
      }
    }
  }
  q.printable = q.prefill == PrefillSource::kSurname      ? Printable::kYes
                : q.prefill == PrefillSource::kGivenNames ? Printable::kInitial
                                                          : Printable::kNo;
  if (node["printable"]) {
    if (auto p = r.Scalar(node["printable"], "printable")) {
      if (*p == "yes" || *p == "true") {
        q.printable = Printable::kYes;
      } else if (*p == "no" || *p == "false") {
        q.printable = Printable::kNo;
      } else if (*p == "initial") {
        q.printable = Printable::kInitial;
      } else {
        r.ErrorAt(node["printable"], "printable must be yes, no or initial");
      }
    }
  }

  if (node["relevant"]) q.relevant = r.ParseExpression(node["relevant"], "relevant", q.id);
  if (node["calculate"]) {
    if (!calculated) {
      r.ErrorAt(node["calculate"], "'calculate' needs type 'calculated'");
    } else {
      q.calculate = r.ParseExpression(node["calculate"], "calculate", q.id);
    }
  } else if (calculated) {
    r.ErrorAt(node, fmt::format("calculated question '{}' needs 'calculate'", q.id));
  }
  if (calculated &&
      (node["required"] || node["default"] || node["prefill"] || node["constraints"])) {
    r.ErrorAt(node, "a calculated question takes no required, default, prefill or constraints");
  }

  if (node["constraints"]) {
    const auto& list = node["constraints"];
    if (!list.IsSequence()) {
      r.ErrorAt(list, "constraints must be a list");
    } else {
      for (const auto& c : list) {
        Constraint constraint;
        ReadConstraint(r, c, q, constraint);
        q.constraints.push_back(std::move(constraint));
      }
    }
  }

  if (node["default"] && !calculated) {
    const auto& d = node["default"];
    nlohmann::json raw;
    if (d.IsScalar()) {
      const std::string& s = d.Scalar();
      if (q.type == QuestionType::kYesNo || q.type == QuestionType::kConsent) {
        raw = (s == "true" || s == "yes");
        if (s != "true" && s != "yes" && s != "false" && s != "no") raw = s;
      } else if (q.type == QuestionType::kInteger) {
        raw = s;
      } else {
        raw = s;
      }
    } else if (d.IsSequence()) {
      raw = nlohmann::json::array();
      for (const auto& item : d) raw.push_back(item.IsScalar() ? item.Scalar() : "");
    } else {
      raw = nlohmann::json::object();
    }
    AnswerCheck check = NormalizeAnswer(q, raw, "en");
    if (!check.ok()) {
      r.ErrorAt(d, fmt::format("the default of question '{}' is not a valid answer: {}", q.id,
                               check.error));
    } else {
      q.default_value = check.value;
    }
  }
}

void ReadStep(Reader& r, const YAML::Node& node, Step& step) {
  step.position = Reader::PositionOf(node);
  if (!r.CheckKeys(node, "a step", {"id", "title", "help", "relevant", "questions"})) return;
  r.current_mark = node.Mark();
  if (!node["id"]) {
    r.ErrorAt(node, "a step needs an 'id'");
  } else if (auto id = r.Scalar(node["id"], "id")) {
    step.id = *id;
    if (!IsQuestionId(step.id))
      r.ErrorAt(node["id"], fmt::format("'{}' is not a valid step id", step.id));
  }
  step.title = r.Text(node["title"], fmt::format("the title of step '{}'", step.id), true);
  if (node["help"])
    step.help = r.Text(node["help"], fmt::format("the help of step '{}'", step.id), true);
  if (node["relevant"])
    step.relevant = r.ParseExpression(node["relevant"], "relevant", "step " + step.id);
  const auto& questions = node["questions"];
  if (!questions || !questions.IsSequence() || questions.size() == 0) {
    r.ErrorAt(questions ? questions.Mark() : node.Mark(),
              fmt::format("step '{}' needs a non-empty list of questions", step.id));
    return;
  }
  for (const auto& q : questions) {
    Question question;
    ReadQuestion(r, q, question);
    step.questions.push_back(std::move(question));
  }
}

// Checks ids, references and cycles over the whole procedure, and computes the evaluation
// order: a depth-first topological sort over "reads" edges.
void CheckGraph(Reader& r, Procedure& p) {
  std::map<std::string, const Question*> questions;
  std::set<std::string> step_ids;
  size_t count = 0;
  for (const auto& step : p.steps) {
    if (!step.id.empty() && !step_ids.insert(step.id).second) {
      r.ErrorAt(step.position, fmt::format("duplicate step id '{}'", step.id));
    }
    for (const auto& q : step.questions) {
      ++count;
      if (q.id.empty()) continue;
      if (!questions.emplace(q.id, &q).second) {
        r.ErrorAt(q.position, fmt::format("duplicate question id '{}'", q.id));
      }
    }
  }
  if (count > kMaxQuestions)
    r.ErrorAt(SourcePosition{}, fmt::format("more than {} questions", kMaxQuestions));

  std::map<std::string, std::vector<std::string>> reads;
  auto check_refs = [&](const std::optional<Expression>& e, SourcePosition at,
                        std::string_view owner, std::string_view what,
                        std::vector<std::string>* edges) {
    if (!e) return;
    for (const auto& ref : e->references()) {
      if (!questions.count(ref)) {
        r.ErrorAt(at,
                  fmt::format("procedure '{}', {} '{}': {} refers to unknown question '{}'", p.id,
                              owner.rfind("step ", 0) == 0 ? "in" : "question", owner, what, ref));
      } else if (edges) {
        edges->push_back(ref);
      }
    }
  };
  for (const auto& step : p.steps) {
    std::vector<std::string> step_reads;
    check_refs(step.relevant, step.position, "step " + step.id, "relevant", &step_reads);
    for (const auto& q : step.questions) {
      auto& edges = reads[q.id];
      edges.insert(edges.end(), step_reads.begin(), step_reads.end());
      check_refs(q.relevant, q.position, q.id, "relevant", &edges);
      check_refs(q.calculate, q.position, q.id, "calculate", &edges);
      for (const auto& c : q.constraints)
        check_refs(c.expression, c.position, q.id, "check", nullptr);
      // Read when the answer is checked, like a constraint: no ordering edge.
      check_refs(q.required_if, q.position, q.id, "required", nullptr);
    }
  }

  // 0 = not visited, 1 = on the current path, 2 = done.
  std::map<std::string, int> state;
  std::vector<std::string> path;
  bool reported = false;
  std::function<void(const std::string&)> visit = [&](const std::string& id) {
    state[id] = 1;
    path.push_back(id);
    for (const auto& next : reads[id]) {
      if (state[next] == 1) {
        if (!reported) {
          auto from = std::find(path.begin(), path.end(), next);
          std::string cycle = fmt::format("{} -> {}", fmt::join(from, path.end(), " -> "), next);
          r.ErrorAt(
              questions[next]->position,
              fmt::format("procedure '{}': cyclic dependency between questions: {}", p.id, cycle));
          reported = true;
        }
        continue;
      }
      if (state[next] == 0) visit(next);
    }
    path.pop_back();
    state[id] = 2;
    p.evaluation_order.push_back(id);
  };
  for (const auto& step : p.steps) {
    for (const auto& q : step.questions) {
      if (!q.id.empty() && state[q.id] == 0) visit(q.id);
    }
  }
}

ProcedureLoad ParseTree(const YAML::Node& root, std::string_view source_name) {
  Reader r(source_name);
  auto procedure = std::make_shared<Procedure>();
  Procedure& p = *procedure;
  p.source_name = std::string(source_name);

  if (!r.CheckKeys(root, "the procedure",
                   {"id", "version", "languages", "title", "description", "closing", "steps"})) {
    return {nullptr, std::move(r.errors)};
  }
  r.current_mark = root.Mark();
  if (!root["id"]) {
    r.ErrorAt(root, "the procedure needs an 'id'");
  } else if (auto id = r.Scalar(root["id"], "id")) {
    p.id = *id;
    if (!IsProcedureId(p.id)) {
      r.ErrorAt(root["id"],
                fmt::format("'{}' is not a valid procedure id (lower-case letters, digits and '-')",
                            p.id));
    }
  }
  r.procedure_id = p.id;
  if (!root["version"]) {
    r.ErrorAt(root, "the procedure needs a 'version'");
  } else if (auto v = r.Integer(root["version"], "version")) {
    p.version = *v;
    if (*v < 1) r.ErrorAt(root["version"], "version must be 1 or more");
  }
  if (root["languages"]) {
    const auto& langs = root["languages"];
    if (!langs.IsSequence()) {
      r.ErrorAt(langs, "languages must be a list such as [fr, en]");
    } else {
      for (const auto& l : langs) {
        auto code = r.Scalar(l, "a language");
        if (!code) continue;
        if (!IsLanguageCode(*code))
          r.ErrorAt(l, fmt::format("'{}' is not a two-letter language code", *code));
        if (std::find(p.languages.begin(), p.languages.end(), *code) != p.languages.end()) {
          r.ErrorAt(l, fmt::format("language '{}' listed twice", *code));
        }
        p.languages.push_back(*code);
      }
    }
  }
  if (std::find(p.languages.begin(), p.languages.end(), "fr") == p.languages.end()) {
    p.languages.insert(p.languages.begin(), "fr");
  }
  r.languages = p.languages;

  r.current_mark = root.Mark();
  p.title = r.Text(root["title"], "the procedure's title", true);
  r.current_mark = root.Mark();
  if (root["description"])
    p.description = r.Text(root["description"], "the procedure's description", true);
  p.closing = r.Text(root["closing"], "the closing text ('closing')", true);

  const auto& steps = root["steps"];
  if (!steps || !steps.IsSequence() || steps.size() == 0) {
    r.ErrorAt(steps ? steps.Mark() : root.Mark(),
              "the procedure needs a non-empty list of 'steps'");
  } else if (steps.size() > kMaxSteps) {
    r.ErrorAt(steps, fmt::format("more than {} steps", kMaxSteps));
  } else {
    for (const auto& s : steps) {
      Step step;
      ReadStep(r, s, step);
      p.steps.push_back(std::move(step));
    }
  }
  if (r.errors.empty()) CheckGraph(r, p);
  if (!r.errors.empty()) return {nullptr, std::move(r.errors)};
  return {procedure, {}};
}

}  // namespace

std::string Diagnostic::ToString() const {
  if (line <= 0) return fmt::format("{}: {}", file, message);
  return fmt::format("{}:{}:{}: {}", file, line, column, message);
}

ProcedureLoad ParseProcedure(std::string_view yaml_text, std::string_view source_name) {
  auto fail = [&](int line, int column, std::string message) {
    return ProcedureLoad{nullptr, {{std::string(source_name), line, column, std::move(message)}}};
  };
  if (yaml_text.size() > kMaxProcedureFileSize) {
    return fail(0, 0, fmt::format("file larger than {} bytes", kMaxProcedureFileSize));
  }
  if (!IsValidUtf8(yaml_text)) return fail(0, 0, "file is not valid UTF-8");
  if (yaml_text.find('\0') != std::string_view::npos) return fail(0, 0, "file contains a NUL byte");

  // yaml-cpp throws on syntax errors and on type conversions; nothing it throws leaves here.
  try {
    YAML::Node root = YAML::Load(std::string(yaml_text));
    if (!root || root.IsNull()) return fail(0, 0, "file is empty");
    return ParseTree(root, source_name);
  } catch (const YAML::Exception& e) {
    std::string message = e.msg.empty() ? "YAML error" : e.msg;
    if (e.mark.is_null()) return fail(0, 0, "YAML syntax error: " + message);
    return fail(e.mark.line + 1, e.mark.column + 1, "YAML syntax error: " + message);
  } catch (const std::exception& e) {
    return fail(0, 0, std::string("cannot read the file: ") + e.what());
  }
}

ProcedureLoad LoadProcedureFile(const std::string& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return {nullptr, {{path, 0, 0, "cannot read the file: " + ec.message()}}};
  if (size > kMaxProcedureFileSize) {
    return {nullptr,
            {{path, 0, 0, fmt::format("file larger than {} bytes", kMaxProcedureFileSize)}}};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return {nullptr, {{path, 0, 0, "cannot open the file"}}};
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ParseProcedure(buffer.str(), path);
}

std::shared_ptr<const Procedure> ProcedureSet::Find(std::string_view id) const {
  for (const auto& p : procedures) {
    if (p->id == id) return p;
  }
  return nullptr;
}

ProcedureSet LoadProcedureFolder(const std::string& folder) {
  ProcedureSet set;
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    auto ext = entry.path().extension().string();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) {
      files.push_back(entry.path().string());
    }
  }
  if (ec) {
    set.errors.push_back({folder, 0, 0, "cannot list the folder: " + ec.message()});
    return set;
  }
  std::sort(files.begin(), files.end());

  std::map<std::string, std::vector<std::shared_ptr<const Procedure>>> by_id;
  for (const auto& file : files) {
    ProcedureLoad load = LoadProcedureFile(file);
    if (!load.ok()) {
      Log(Subsystem::kProcedure)
          .warn("procedure file {} rejected ({} problems)", file, load.errors.size());
      set.errors.insert(set.errors.end(), load.errors.begin(), load.errors.end());
      continue;
    }
    by_id[load.procedure->id].push_back(load.procedure);
  }
  for (auto& [id, list] : by_id) {
    if (list.size() > 1) {
      for (const auto& p : list) {
        set.errors.push_back(
            {p->source_name, 0, 0,
             fmt::format("procedure id '{}' is defined by {} files", id, list.size())});
      }
      continue;
    }
    set.procedures.push_back(list.front());
  }
  return set;
}

}  // namespace kiosk::procedure
