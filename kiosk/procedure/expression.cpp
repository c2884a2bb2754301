// A recursive-descent parser and a tree-walking evaluator. The tree is immutable once built,
// and every limit is checked while parsing so that evaluation cannot grow without bound:
// depth is capped by kMaxDepth, strings by kMaxStringLength, and regular expressions run on
// RE2, whose matching time is linear in the input (no backtracking), on short inputs only.
#include "kiosk/procedure/expression.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <limits>

namespace kiosk::procedure {
namespace {

constexpr size_t kMaxStringLength = 4096;

// ---- dates ----------------------------------------------------------------------------------

// Days from civil, after the well-known proleptic Gregorian algorithm (era of 400 years).
int32_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

}  // namespace

Date DateFromYmd(int year, int month, int day) {
  return Date{DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day))};
}

void YmdFromDate(Date date, int* year, int* month, int* day) {
  int z = date.days + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  *year = y + (m <= 2);
  *month = static_cast<int>(m);
  *day = static_cast<int>(d);
}

std::optional<Date> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto digits = [&](size_t from, size_t count) -> int {
    int v = 0;
    for (size_t i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  int y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (y < 1850 || y > 2200 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) {
    return std::nullopt;
  }
  return DateFromYmd(y, m, d);
}

std::string FormatIsoDate(Date date) {
  int y, m, d;
  YmdFromDate(date, &y, &m, &d);
  return fmt::format("{:04d}-{:02d}-{:02d}", y, m, d);
}

int AgeOn(Date birth, Date on) {
  int by, bm, bd, y, m, d;
  YmdFromDate(birth, &by, &bm, &bd);
  YmdFromDate(on, &y, &m, &d);
  int age = y - by;
  if (m < bm || (m == bm && d < bd)) --age;
  return age;
}

std::string DescribeValue(const Value& value) {
  struct Describe {
    std::string operator()(std::monostate) const { return "null"; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(int64_t i) const { return std::to_string(i); }
    std::string operator()(const std::string& s) const { return "\"" + s + "\""; }
    std::string operator()(Date d) const { return "date " + FormatIsoDate(d); }
    std::string operator()(const std::vector<std::string>& list) const {
      return "[" + fmt::format("{}", fmt::join(list, ", ")) + "]";
    }
  };
  return std::visit(Describe{}, value);
}

Value ValueFromJson(const nlohmann::json& answer) {
  if (answer.is_boolean()) return answer.get<bool>();
  if (answer.is_number_integer()) return answer.get<int64_t>();
  if (answer.is_string()) return answer.get<std::string>();
  if (answer.is_array()) {
    std::vector<std::string> list;
    for (const auto& item : answer) {
      if (item.is_string()) list.push_back(item.get<std::string>());
    }
    return list;
  }
  return std::monostate{};
}

// ---- tree -----------------------------------------------------------------------------------

enum class NodeKind { kLiteral, kReference, kSelf, kUnary, kBinary, kCall };

enum class Op {
  kOr,
  kAnd,
  kNot,
  kNegate,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
};

enum class Function {
  kToday,
  kAge,
  kDate,
  kLength,
  kMatches,
  kSelected,
  kCount,
  kIf,
  kAnswered,
  kYear,
  kMonth,
  kDay,
};

struct Expression::Node {
  NodeKind kind = NodeKind::kLiteral;
  Op op = Op::kOr;
  Function function = Function::kToday;
  Value literal;
  std::string name;    // reference: question id
  std::string member;  // reference: address part
  std::vector<std::shared_ptr<const Node>> children;
  std::shared_ptr<const re2::RE2> regex;  // matches(): compiled at parse time
};

namespace {

using Node = Expression::Node;
using NodePtr = std::shared_ptr<const Node>;

struct FunctionInfo {
  std::string_view name;
  Function function;
  int min_args;
  int max_args;
};

constexpr FunctionInfo kFunctions[] = {
    {"today", Function::kToday, 0, 0},       {"age", Function::kAge, 1, 2},
    {"date", Function::kDate, 1, 1},         {"length", Function::kLength, 1, 1},
    {"matches", Function::kMatches, 2, 2},   {"selected", Function::kSelected, 2, 2},
    {"count", Function::kCount, 1, 1},       {"if", Function::kIf, 3, 3},
    {"answered", Function::kAnswered, 1, 1}, {"year", Function::kYear, 1, 1},
    {"month", Function::kMonth, 1, 1},       {"day", Function::kDay, 1, 1},
};

// Compiles a pattern of a procedure file. RE2 matches in time linear in the input whatever the
// pattern (it has no back-references and no look-around, and refuses them), so a pattern
// cannot freeze the kiosk however a citizen answers. Patterns read UTF-8: `.` or `[éè]` is one
// character, not one byte.
StatusOr<std::shared_ptr<const re2::RE2>> CompilePattern(std::string_view pattern) {
  if (pattern.size() > kMaxPatternLength) {
    return InvalidInputError(fmt::format("pattern longer than {} bytes", kMaxPatternLength));
  }
  re2::RE2::Options options;
  options.set_encoding(re2::RE2::Options::EncodingUTF8);
  options.set_log_errors(false);  // the error is returned, and a pattern is not personal data
  options.set_max_mem(1 << 20);   // a 200-byte pattern needs far less; bounds {n} repetitions
  auto regex =
      std::make_shared<const re2::RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!regex->ok()) return InvalidInputError("invalid pattern: " + regex->error());
  return regex;
}

enum class TokenKind { kEnd, kInteger, kString, kIdentifier, kSymbol };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;  // identifier, symbol, or decoded string
  int64_t integer = 0;
  size_t position = 0;  // 0-based byte offset in the source
};

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  StatusOr<NodePtr> ParseAll() {
    KIOSK_RETURN_IF_ERROR(Advance());
    KIOSK_ASSIGN_OR_RETURN(NodePtr root, ParseOr(0));
    if (token_.kind != TokenKind::kEnd)
      return ErrorAt(token_.position, "unexpected '" + token_.text + "'");
    return root;
  }

  std::vector<std::string> references;

 private:
  Status ErrorAt(size_t position, std::string_view message) const {
    return InvalidInputError(fmt::format("column {}: {}", position + 1, message));
  }

  Status Advance() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
    token_ = Token{};
    token_.position = pos_;
    if (pos_ >= text_.size()) return OkStatus();
    char c = text_[pos_];
    if (c >= '0' && c <= '9') {
      token_.kind = TokenKind::kInteger;
      int64_t v = 0;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
        int digit = text_[pos_] - '0';
        if (v > (std::numeric_limits<int64_t>::max() - digit) / 10) {
          return ErrorAt(token_.position, "number too large");
        }
        v = v * 10 + digit;
        token_.text += text_[pos_++];
      }
      token_.integer = v;
      return OkStatus();
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
      token_.kind = TokenKind::kIdentifier;
      while (pos_ < text_.size() &&
             ((text_[pos_] >= 'a' && text_[pos_] <= 'z') ||
              (text_[pos_] >= 'A' && text_[pos_] <= 'Z') ||
              (text_[pos_] >= '0' && text_[pos_] <= '9') || text_[pos_] == '_')) {
        token_.text += text_[pos_++];
      }
      return OkStatus();
    }
    if (c == '"' || c == '\'') {
      token_.kind = TokenKind::kString;
      ++pos_;
      while (true) {
        if (pos_ >= text_.size()) return ErrorAt(token_.position, "unterminated string");
        char s = text_[pos_++];
        if (s == c) break;
        if (s == '\\') {
          if (pos_ >= text_.size()) return ErrorAt(token_.position, "unterminated string");
          char e = text_[pos_++];
          if (e != '\\' && e != '"' && e != '\'') {
            return ErrorAt(pos_ - 2, "only \\\\, \\\" and \\' escapes are allowed in strings");
          }
          token_.text += e;
          continue;
        }
        token_.text += s;
      }
      if (token_.text.size() > kMaxStringLength) return ErrorAt(token_.position, "string too long");
      return OkStatus();
    }
    static constexpr std::string_view kTwo[] = {"==", "!=", "<=", ">="};
    for (auto two : kTwo) {
      if (text_.substr(pos_, 2) == two) {
        token_.kind = TokenKind::kSymbol;
        token_.text = std::string(two);
        pos_ += 2;
        return OkStatus();
      }
    }
    if (std::string_view("=<>+-*/%(),.").find(c) != std::string_view::npos) {
      token_.kind = TokenKind::kSymbol;
      token_.text = std::string(1, c);
      ++pos_;
      return OkStatus();
    }
    return ErrorAt(pos_, fmt::format("unexpected character '{}'", EscapeChar(c)));
  }

  static std::string EscapeChar(char c) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) return fmt::format("\\x{:02x}", u);
    return std::string(1, c);
  }

  bool IsSymbol(std::string_view s) const {
    return token_.kind == TokenKind::kSymbol && token_.text == s;
  }
  bool IsKeyword(std::string_view s) const {
    return token_.kind == TokenKind::kIdentifier && token_.text == s;
  }

  StatusOr<std::shared_ptr<Node>> NewNode(NodeKind kind, size_t position, int depth) {
    if (++node_count_ > kMaxNodes) {
      return ErrorAt(position, fmt::format("expression has more than {} parts", kMaxNodes));
    }
    if (depth > kMaxDepth) {
      return ErrorAt(position, fmt::format("expression nested deeper than {}", kMaxDepth));
    }
    auto node = std::make_shared<Node>();
    node->kind = kind;
    return node;
  }

  StatusOr<NodePtr> Binary(Op op, NodePtr left, NodePtr right, size_t position, int depth) {
    KIOSK_ASSIGN_OR_RETURN(auto node, NewNode(NodeKind::kBinary, position, depth));
    node->op = op;
    node->children = {std::move(left), std::move(right)};
    return NodePtr(node);
  }

  StatusOr<NodePtr> ParseOr(int depth) {
    if (depth > kMaxDepth) {
      return ErrorAt(token_.position, fmt::format("expression nested deeper than {}", kMaxDepth));
    }
    KIOSK_ASSIGN_OR_RETURN(NodePtr left, ParseAnd(depth));
    while (IsKeyword("or")) {
      size_t at = token_.position;
      KIOSK_RETURN_IF_ERROR(Advance());
      KIOSK_ASSIGN_OR_RETURN(NodePtr right, ParseAnd(depth));
      KIOSK_ASSIGN_OR_RETURN(left, Binary(Op::kOr, left, right, at, depth));
    }
    return left;
  }

  StatusOr<NodePtr> ParseAnd(int depth) {
    KIOSK_ASSIGN_OR_RETURN(NodePtr left, ParseNot(depth));
    while (IsKeyword("and")) {
      size_t at = token_.position;
      KIOSK_RETURN_IF_ERROR(Advance());
      KIOSK_ASSIGN_OR_RETURN(NodePtr right, ParseNot(depth));
      KIOSK_ASSIGN_OR_RETURN(left, Binary(Op::kAnd, left, right, at, depth));
    }
    return left;
  }

  StatusOr<NodePtr> ParseNot(int depth) {
    if (IsKeyword("not")) {
      size_t at = token_.position;
      KIOSK_RETURN_IF_ERROR(Advance());
      KIOSK_ASSIGN_OR_RETURN(auto node, NewNode(NodeKind::kUnary, at, depth));
      KIOSK_ASSIGN_OR_RETURN(NodePtr operand, ParseNot(depth + 1));
      node->op = Op::kNot;
      node->children = {operand};
      return NodePtr(node);
    }
    return ParseComparison(depth);
  }

  StatusOr<NodePtr> ParseComparison(int depth) {
    KIOSK_ASSIGN_OR_RETURN(NodePtr left, ParseAdditive(depth));
    static constexpr std::pair<std::string_view, Op> kOps[] = {
        {"=", Op::kEq},  {"==", Op::kEq}, {"!=", Op::kNe}, {"<", Op::kLt},
        {"<=", Op::kLe}, {">", Op::kGt},  {">=", Op::kGe}};
    for (auto [symbol, op] : kOps) {
      if (IsSymbol(symbol)) {
        size_t at = token_.position;
        KIOSK_RETURN_IF_ERROR(Advance());
        KIOSK_ASSIGN_OR_RETURN(NodePtr right, ParseAdditive(depth));
        KIOSK_ASSIGN_OR_RETURN(left, Binary(op, left, right, at, depth));
        for (auto [again, unused] : kOps) {
          if (IsSymbol(again)) {
            return ErrorAt(token_.position, "comparisons cannot be chained; use 'and'");
          }
        }
        return left;
      }
    }
    return left;
  }

  StatusOr<NodePtr> ParseAdditive(int depth) {
    KIOSK_ASSIGN_OR_RETURN(NodePtr left, ParseMultiplicative(depth));
    while (IsSymbol("+") || IsSymbol("-")) {
      Op op = IsSymbol("+") ? Op::kAdd : Op::kSub;
      size_t at = token_.position;
      KIOSK_RETURN_IF_ERROR(Advance());
      KIOSK_ASSIGN_OR_RETURN(NodePtr right, ParseMultiplicative(depth));
      KIOSK_ASSIGN_OR_RETURN(left, Binary(op, left, right, at, depth));
    }
    return left;
  }

  StatusOr<NodePtr> ParseMultiplicative(int depth) {
    KIOSK_ASSIGN_OR_RETURN(NodePtr left, ParseUnary(depth));
    while (IsSymbol("*") || IsSymbol("/") || IsSymbol("%")) {
      Op op = IsSymbol("*") ? Op::kMul : IsSymbol("/") ? Op::kDiv : Op::kMod;
      size_t at = token_.position;
      KIOSK_RETURN_IF_ERROR(Advance());
      KIOSK_ASSIGN_OR_RETURN(NodePtr right, ParseUnary(depth));
      KIOSK_ASSIGN_OR_RETURN(left, Binary(op, left, right, at, depth));
    }
    return left;
  }

  StatusOr<NodePtr> ParseUnary(int depth) {
    if (IsSymbol("-")) {
      size_t at = token_.position;
      KIOSK_RETURN_IF_ERROR(Advance());
      KIOSK_ASSIGN_OR_RETURN(auto node, NewNode(NodeKind::kUnary, at, depth));
      KIOSK_ASSIGN_OR_RETURN(NodePtr operand, ParseUnary(depth + 1));
      node->op = Op::kNegate;
      node->children = {operand};
      return NodePtr(node);
    }
    return ParsePrimary(depth);
  }

  StatusOr<NodePtr> ParsePrimary(int depth) {
    size_t at = token_.position;
    if (token_.kind == TokenKind::kEnd) return ErrorAt(at, "expression ends too early");
    if (IsSymbol("(")) {
      KIOSK_RETURN_IF_ERROR(Advance());
      KIOSK_ASSIGN_OR_RETURN(NodePtr inner, ParseOr(depth + 1));
      if (!IsSymbol(")")) return ErrorAt(token_.position, "expected ')'");
      KIOSK_RETURN_IF_ERROR(Advance());
      return inner;
    }
    if (token_.kind == TokenKind::kInteger || token_.kind == TokenKind::kString) {
      KIOSK_ASSIGN_OR_RETURN(auto node, NewNode(NodeKind::kLiteral, at, depth));
      if (token_.kind == TokenKind::kInteger) {
        node->literal = token_.integer;
      } else {
        node->literal = token_.text;
      }
      KIOSK_RETURN_IF_ERROR(Advance());
      return NodePtr(node);
    }
    if (token_.kind != TokenKind::kIdentifier) {
      return ErrorAt(at, "unexpected '" + token_.text + "'");
    }
    std::string name = token_.text;
    KIOSK_RETURN_IF_ERROR(Advance());
    if (IsSymbol("(")) return ParseCall(name, at, depth);
    if (name == "true" || name == "false" || name == "null") {
      KIOSK_ASSIGN_OR_RETURN(auto node, NewNode(NodeKind::kLiteral, at, depth));
      if (name != "null") node->literal = (name == "true");
      return NodePtr(node);
    }
    if (name == "and" || name == "or" || name == "not") {
      return ErrorAt(at, "'" + name + "' needs an operand before it");
    }
    if (name == "self") {
      KIOSK_ASSIGN_OR_RETURN(auto node, NewNode(NodeKind::kSelf, at, depth));
      return NodePtr(node);
    }
    KIOSK_ASSIGN_OR_RETURN(auto node, NewNode(NodeKind::kReference, at, depth));
    node->name = name;
    if (IsSymbol(".")) {
      KIOSK_RETURN_IF_ERROR(Advance());
      if (token_.kind != TokenKind::kIdentifier) {
        return ErrorAt(token_.position, "expected a field name after '.'");
      }
      node->member = token_.text;
      KIOSK_RETURN_IF_ERROR(Advance());
    }
    if (std::find(references.begin(), references.end(), name) == references.end()) {
      references.push_back(name);
    }
    return NodePtr(node);
  }

  StatusOr<NodePtr> ParseCall(const std::string& name, size_t at, int depth) {
    const FunctionInfo* info = nullptr;
    for (const auto& f : kFunctions) {
      if (f.name == name) info = &f;
    }
    if (info == nullptr) return ErrorAt(at, "unknown function '" + name + "'");
    KIOSK_ASSIGN_OR_RETURN(auto node, NewNode(NodeKind::kCall, at, depth));
    node->function = info->function;
    KIOSK_RETURN_IF_ERROR(Advance());  // '('
    if (!IsSymbol(")")) {
      while (true) {
        KIOSK_ASSIGN_OR_RETURN(NodePtr arg, ParseOr(depth + 1));
        node->children.push_back(arg);
        if (IsSymbol(",")) {
          KIOSK_RETURN_IF_ERROR(Advance());
          continue;
        }
        break;
      }
    }
    if (!IsSymbol(")")) return ErrorAt(token_.position, "expected ')' or ','");
    KIOSK_RETURN_IF_ERROR(Advance());
    int count = static_cast<int>(node->children.size());
    if (count < info->min_args || count > info->max_args) {
      std::string expected = info->min_args == info->max_args
                                 ? std::to_string(info->min_args)
                                 : fmt::format("{} or {}", info->min_args, info->max_args);
      return ErrorAt(at, fmt::format("{}() takes {} argument(s), not {}", name, expected, count));
    }
    if (info->function == Function::kMatches) {
      const Node& pattern = *node->children[1];
      if (pattern.kind != NodeKind::kLiteral ||
          !std::holds_alternative<std::string>(pattern.literal)) {
        return ErrorAt(at, "the pattern of matches() must be a string literal");
      }
      const auto& text = std::get<std::string>(pattern.literal);
      auto regex = CompilePattern(text);
      if (!regex.ok()) return ErrorAt(at, regex.status().message());
      node->regex = std::move(regex).value();
    }
    return NodePtr(node);
  }

  std::string_view text_;
  size_t pos_ = 0;
  Token token_;
  int node_count_ = 0;
};

// ---- evaluation -----------------------------------------------------------------------------

Status TypeError(std::string_view what, const Value& a, const Value& b) {
  return InvalidInputError(
      fmt::format("cannot {} {} and {}", what, DescribeValue(a), DescribeValue(b)));
}

bool IsNull(const Value& v) { return std::holds_alternative<std::monostate>(v); }

// A date can be written as its ISO text in an answer or a literal: compare it as a date.
std::optional<Date> AsDate(const Value& v) {
  if (const auto* d = std::get_if<Date>(&v)) return *d;
  if (const auto* s = std::get_if<std::string>(&v)) return ParseIsoDate(*s);
  return std::nullopt;
}

size_t CodePoints(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

StatusOr<Value> Compare(Op op, const Value& a, const Value& b) {
  if (IsNull(a) || IsNull(b)) {
    if (op == Op::kEq) return Value(IsNull(a) && IsNull(b));
    if (op == Op::kNe) return Value(!(IsNull(a) && IsNull(b)));
    return Value(std::monostate{});
  }
  int order = 0;
  bool orderable = true;
  if (a.index() == b.index()) {
    if (std::holds_alternative<bool>(a)) {
      orderable = false;
      order = std::get<bool>(a) == std::get<bool>(b) ? 0 : 1;
    } else if (std::holds_alternative<int64_t>(a)) {
      auto x = std::get<int64_t>(a), y = std::get<int64_t>(b);
      order = x < y ? -1 : x > y ? 1 : 0;
    } else if (std::holds_alternative<std::string>(a)) {
      int c = std::get<std::string>(a).compare(std::get<std::string>(b));
      order = c < 0 ? -1 : c > 0 ? 1 : 0;
    } else if (std::holds_alternative<Date>(a)) {
      auto x = std::get<Date>(a), y = std::get<Date>(b);
      order = x < y ? -1 : x > y ? 1 : 0;
    } else {
      orderable = false;
      order =
          std::get<std::vector<std::string>>(a) == std::get<std::vector<std::string>>(b) ? 0 : 1;
    }
  } else if (std::holds_alternative<Date>(a) || std::holds_alternative<Date>(b)) {
    auto x = AsDate(a), y = AsDate(b);
    if (!x || !y) return TypeError("compare", a, b);
    order = *x < *y ? -1 : *x > *y ? 1 : 0;
  } else {
    return TypeError("compare", a, b);
  }
  if (!orderable && op != Op::kEq && op != Op::kNe) return TypeError("order", a, b);
  switch (op) {
    case Op::kEq:
      return Value(order == 0);
    case Op::kNe:
      return Value(order != 0);
    case Op::kLt:
      return Value(order < 0);
    case Op::kLe:
      return Value(order <= 0);
    case Op::kGt:
      return Value(order > 0);
    default:
      return Value(order >= 0);
  }
}

StatusOr<Value> Arithmetic(Op op, const Value& a, const Value& b) {
  if (IsNull(a) || IsNull(b)) return Value(std::monostate{});
  const auto* x = std::get_if<int64_t>(&a);
  const auto* y = std::get_if<int64_t>(&b);
  if (x && y) {
    int64_t r = 0;
    switch (op) {
      case Op::kAdd:
        if (__builtin_add_overflow(*x, *y, &r)) return InvalidInputError("integer overflow");
        return Value(r);
      case Op::kSub:
        if (__builtin_sub_overflow(*x, *y, &r)) return InvalidInputError("integer overflow");
        return Value(r);
      case Op::kMul:
        if (__builtin_mul_overflow(*x, *y, &r)) return InvalidInputError("integer overflow");
        return Value(r);
      default:
        if (*y == 0) return InvalidInputError("division by zero");
        if (*x == std::numeric_limits<int64_t>::min() && *y == -1) {
          return InvalidInputError("integer overflow");
        }
        return Value(op == Op::kDiv ? *x / *y : *x % *y);
    }
  }
  const auto* d = std::get_if<Date>(&a);
  if (d && y && (op == Op::kAdd || op == Op::kSub)) {
    if (*y > 200 * 366 || *y < -200 * 366) return InvalidInputError("date shift too large");
    auto shifted = static_cast<int32_t>(op == Op::kAdd ? d->days + *y : d->days - *y);
    return Value(Date{shifted});
  }
  const auto* e = std::get_if<Date>(&b);
  if (d && e && op == Op::kSub) return Value(static_cast<int64_t>(d->days - e->days));
  const auto* s = std::get_if<std::string>(&a);
  const auto* t = std::get_if<std::string>(&b);
  if (s && t && op == Op::kAdd) {
    if (s->size() + t->size() > kMaxStringLength) return InvalidInputError("string too long");
    return Value(*s + *t);
  }
  return TypeError("combine", a, b);
}

class Evaluator {
 public:
  explicit Evaluator(const EvaluationContext& context) : context_(context) {}

  StatusOr<Value> Eval(const Node& node) {
    switch (node.kind) {
      case NodeKind::kLiteral:
        return node.literal;
      case NodeKind::kSelf:
        return context_.self;
      case NodeKind::kReference:
        if (!context_.lookup) return Value(std::monostate{});
        return context_.lookup(node.name, node.member);
      case NodeKind::kUnary: {
        KIOSK_ASSIGN_OR_RETURN(Value v, Eval(*node.children[0]));
        if (node.op == Op::kNot) {
          if (IsNull(v)) return Value(true);
          if (const auto* b = std::get_if<bool>(&v)) return Value(!*b);
          return InvalidInputError("'not' needs true or false, not " + DescribeValue(v));
        }
        if (IsNull(v)) return v;
        if (const auto* i = std::get_if<int64_t>(&v)) {
          if (*i == std::numeric_limits<int64_t>::min())
            return InvalidInputError("integer overflow");
          return Value(-*i);
        }
        return InvalidInputError("cannot negate " + DescribeValue(v));
      }
      case NodeKind::kBinary:
        return EvalBinary(node);
      case NodeKind::kCall:
        return EvalCall(node);
    }
    return InternalError("unknown expression node");
  }

 private:
  StatusOr<bool> Truth(const Node& node) {
    KIOSK_ASSIGN_OR_RETURN(Value v, Eval(node));
    if (IsNull(v)) return false;
    if (const auto* b = std::get_if<bool>(&v)) return *b;
    return InvalidInputError("expected true or false, not " + DescribeValue(v));
  }

  StatusOr<Value> EvalBinary(const Node& node) {
    if (node.op == Op::kAnd || node.op == Op::kOr) {
      KIOSK_ASSIGN_OR_RETURN(bool left, Truth(*node.children[0]));
      if (node.op == Op::kAnd && !left) return Value(false);
      if (node.op == Op::kOr && left) return Value(true);
      KIOSK_ASSIGN_OR_RETURN(bool right, Truth(*node.children[1]));
      return Value(right);
    }
    KIOSK_ASSIGN_OR_RETURN(Value a, Eval(*node.children[0]));
    KIOSK_ASSIGN_OR_RETURN(Value b, Eval(*node.children[1]));
    switch (node.op) {
      case Op::kEq:
      case Op::kNe:
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe:
        return Compare(node.op, a, b);
      default:
        return Arithmetic(node.op, a, b);
    }
  }

  StatusOr<Value> EvalCall(const Node& node) {
    std::vector<Value> args;
    if (node.function != Function::kIf) {
      for (const auto& child : node.children) {
        KIOSK_ASSIGN_OR_RETURN(Value v, Eval(*child));
        args.push_back(std::move(v));
      }
    }
    switch (node.function) {
      case Function::kToday:
        return Value(context_.today);
      case Function::kAge: {
        auto birth = AsDate(args[0]);
        if (!birth) return Value(std::monostate{});
        Date on = context_.today;
        if (args.size() == 2) {
          auto other = AsDate(args[1]);
          if (!other) return Value(std::monostate{});
          on = *other;
        }
        return Value(static_cast<int64_t>(AgeOn(*birth, on)));
      }
      case Function::kDate: {
        auto d = AsDate(args[0]);
        if (!d) return Value(std::monostate{});
        return Value(*d);
      }
      case Function::kYear:
      case Function::kMonth:
      case Function::kDay: {
        auto d = AsDate(args[0]);
        if (!d) return Value(std::monostate{});
        int y, m, dd;
        YmdFromDate(*d, &y, &m, &dd);
        int part = node.function == Function::kYear    ? y
                   : node.function == Function::kMonth ? m
                                                       : dd;
        return Value(static_cast<int64_t>(part));
      }
      case Function::kLength: {
        if (IsNull(args[0])) return Value(int64_t{0});
        if (const auto* s = std::get_if<std::string>(&args[0])) {
          return Value(static_cast<int64_t>(CodePoints(*s)));
        }
        if (const auto* l = std::get_if<std::vector<std::string>>(&args[0])) {
          return Value(static_cast<int64_t>(l->size()));
        }
        return InvalidInputError("length() needs text or a list, not " + DescribeValue(args[0]));
      }
      case Function::kCount: {
        if (IsNull(args[0])) return Value(int64_t{0});
        if (const auto* l = std::get_if<std::vector<std::string>>(&args[0])) {
          return Value(static_cast<int64_t>(l->size()));
        }
        return InvalidInputError("count() needs a list, not " + DescribeValue(args[0]));
      }
      case Function::kMatches: {
        if (IsNull(args[0])) return Value(std::monostate{});
        const auto* s = std::get_if<std::string>(&args[0]);
        if (s == nullptr)
          return InvalidInputError("matches() needs text, not " + DescribeValue(args[0]));
        if (s->size() > kMaxMatchInput) return Value(false);
        return Value(re2::RE2::FullMatch(*s, *node.regex));
      }
      case Function::kSelected: {
        const auto* item = std::get_if<std::string>(&args[1]);
        if (item == nullptr) return InvalidInputError("selected() needs a choice value as text");
        if (const auto* l = std::get_if<std::vector<std::string>>(&args[0])) {
          return Value(std::find(l->begin(), l->end(), *item) != l->end());
        }
        if (const auto* s = std::get_if<std::string>(&args[0])) return Value(*s == *item);
        return Value(false);
      }
      case Function::kAnswered: {
        const Value& v = args[0];
        if (IsNull(v)) return Value(false);
        if (const auto* s = std::get_if<std::string>(&v)) return Value(!s->empty());
        if (const auto* l = std::get_if<std::vector<std::string>>(&v)) return Value(!l->empty());
        return Value(true);
      }
      case Function::kIf: {
        KIOSK_ASSIGN_OR_RETURN(bool condition, Truth(*node.children[0]));
        return Eval(*node.children[condition ? 1 : 2]);
      }
    }
    return InternalError("unknown function");
  }

  const EvaluationContext& context_;
};

}  // namespace

StatusOr<Expression> Expression::Parse(std::string_view text) {
  if (text.size() > kMaxExpressionLength) {
    return InvalidInputError(
        fmt::format("column 1: expression longer than {} bytes", kMaxExpressionLength));
  }
  Parser parser(text);
  KIOSK_ASSIGN_OR_RETURN(NodePtr root, parser.ParseAll());
  Expression expression;
  expression.root_ = std::move(root);
  expression.references_ = std::move(parser.references);
  expression.text_ = std::string(text);
  return expression;
}

StatusOr<Value> Expression::Evaluate(const EvaluationContext& context) const {
  if (!root_) return InternalError("empty expression");
  Evaluator evaluator(context);
  return evaluator.Eval(*root_);
}

bool Expression::IsTrue(const EvaluationContext& context) const {
  auto result = Evaluate(context);
  if (!result.ok()) return false;
  const auto* b = std::get_if<bool>(&*result);
  return b != nullptr && *b;
}

}  // namespace kiosk::procedure
