#include "drivers/emrtd/mrz.h"

#include <ctime>

#include <fmt/format.h>

namespace kiosk::emrtd {
namespace {

int CharValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 0;
}

bool CheckHolds(std::string_view field, char check) {
  // A field made only of fillers may carry '<' as its check digit (ICAO 9303 part 3).
  if (check == '<') return field.find_first_not_of('<') == std::string_view::npos;
  return CheckDigit(field) == check;
}

std::string StripFillers(std::string_view field) {
  std::string out;
  for (char c : field) {
    if (c == '<') {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string NoFillers(std::string_view field) {
  std::string out;
  for (char c : field) {
    if (c != '<') out.push_back(c);
  }
  return out;
}

void SplitName(std::string_view field, MrzData& data) {
  size_t separator = field.find("<<");
  if (separator == std::string_view::npos) {
    data.surname = StripFillers(field);
    return;
  }
  data.surname = StripFillers(field.substr(0, separator));
  data.given_names = StripFillers(field.substr(separator + 2));
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

std::optional<MrzDate> ParseDate(std::string_view yymmdd, bool birth, const MrzDate& today) {
  for (char c : yymmdd) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  int yy = (yymmdd[0] - '0') * 10 + (yymmdd[1] - '0');
  int month = (yymmdd[2] - '0') * 10 + (yymmdd[3] - '0');
  int day = (yymmdd[4] - '0') * 10 + (yymmdd[5] - '0');
  if (month < 1 || month > 12) return std::nullopt;

  int century = today.year / 100 * 100;
  MrzDate date{century + yy, month, day};
  if (birth) {
    if (date > today) date.year -= 100;
  } else {
    if (date.year > today.year + 20) date.year -= 100;
    if (date.year <= today.year - 80) date.year += 100;
  }
  if (day < 1 || day > DaysInMonth(date.year, month)) return std::nullopt;
  return date;
}

std::string Sex(char c) {
  if (c == 'M' || c == 'F') return std::string(1, c);
  return "X";
}

// Long document numbers (TD1, TD2): a '<' in the check digit position means the number goes
// on in the optional data, whose last character before the fillers is the check digit.
void ReadDocumentNumber(std::string_view number, char check, std::string_view optional,
                        MrzData& data) {
  if (check == '<' && !optional.empty() && optional[0] != '<') {
    size_t end = optional.find('<');
    std::string_view rest = optional.substr(0, end);
    std::string full = std::string(number) + std::string(rest.substr(0, rest.size() - 1));
    data.document_number = NoFillers(full);
    data.checks.emplace_back("document_number", CheckDigit(full) == rest.back());
    data.optional_data = StripFillers(optional.substr(rest.size()));
    return;
  }
  data.document_number = NoFillers(number);
  data.checks.emplace_back("document_number", CheckHolds(number, check));
  data.optional_data = StripFillers(optional);
}

MrzData ParseTd1(const std::vector<std::string>& l, const MrzDate& today) {
  MrzData d;
  d.format = MrzFormat::kTd1;
  d.document_code = NoFillers(l[0].substr(0, 2));
  d.issuing_state = NoFillers(l[0].substr(2, 3));
  ReadDocumentNumber(std::string_view(l[0]).substr(5, 9), l[0][14],
                     std::string_view(l[0]).substr(15, 15), d);
  d.birth_yymmdd = l[1].substr(0, 6);
  d.birth_date = ParseDate(d.birth_yymmdd, true, today);
  d.checks.emplace_back("birth_date", CheckHolds(d.birth_yymmdd, l[1][6]));
  d.sex = Sex(l[1][7]);
  d.expiry_yymmdd = l[1].substr(8, 6);
  d.expiry_date = ParseDate(d.expiry_yymmdd, false, today);
  d.checks.emplace_back("expiry_date", CheckHolds(d.expiry_yymmdd, l[1][14]));
  d.nationality = NoFillers(l[1].substr(15, 3));
  std::string composite =
      l[0].substr(5, 25) + l[1].substr(0, 7) + l[1].substr(8, 7) + l[1].substr(18, 11);
  d.checks.emplace_back("composite", CheckDigit(composite) == l[1][29]);
  SplitName(l[2], d);
  return d;
}

MrzData ParseTd2OrTd3(const std::vector<std::string>& l, const MrzDate& today, bool td3) {
  MrzData d;
  d.format = td3 ? MrzFormat::kTd3 : MrzFormat::kTd2;
  size_t width = l[0].size();
  d.document_code = NoFillers(l[0].substr(0, 2));
  d.issuing_state = NoFillers(l[0].substr(2, 3));
  SplitName(std::string_view(l[0]).substr(5), d);

  const std::string& b = l[1];
  size_t optional_length = td3 ? 14 : 7;
  if (td3) {
    d.document_number = NoFillers(b.substr(0, 9));
    d.checks.emplace_back("document_number", CheckHolds(b.substr(0, 9), b[9]));
  } else {
    ReadDocumentNumber(std::string_view(b).substr(0, 9), b[9],
                       std::string_view(b).substr(28, optional_length), d);
  }
  d.nationality = NoFillers(b.substr(10, 3));
  d.birth_yymmdd = b.substr(13, 6);
  d.birth_date = ParseDate(d.birth_yymmdd, true, today);
  d.checks.emplace_back("birth_date", CheckHolds(d.birth_yymmdd, b[19]));
  d.sex = Sex(b[20]);
  d.expiry_yymmdd = b.substr(21, 6);
  d.expiry_date = ParseDate(d.expiry_yymmdd, false, today);
  d.checks.emplace_back("expiry_date", CheckHolds(d.expiry_yymmdd, b[27]));
  if (td3) {
    d.optional_data = StripFillers(b.substr(28, 14));
    d.checks.emplace_back("personal_number", CheckHolds(b.substr(28, 14), b[42]));
  }
  std::string composite = b.substr(0, 10) + b.substr(13, 7) + b.substr(21, width - 1 - 21);
  d.checks.emplace_back("composite", CheckDigit(composite) == b[width - 1]);
  return d;
}

MrzData ParseFr1995(const std::vector<std::string>& l, const MrzDate& today) {
  MrzData d;
  d.format = MrzFormat::kFr1995;
  d.document_code = "ID";
  d.issuing_state = "FRA";
  d.nationality = "FRA";
  d.surname = StripFillers(std::string_view(l[0]).substr(5, 25));
  d.optional_data = StripFillers(std::string_view(l[0]).substr(30, 6));  // issuing office

  const std::string& b = l[1];
  d.document_number = NoFillers(b.substr(0, 12));
  d.checks.emplace_back("document_number", CheckHolds(b.substr(0, 12), b[12]));
  d.given_names = StripFillers(std::string_view(b).substr(13, 14));
  // Given names are separated by a double filler on this card.
  d.birth_yymmdd = b.substr(27, 6);
  d.birth_date = ParseDate(d.birth_yymmdd, true, today);
  d.checks.emplace_back("birth_date", CheckHolds(d.birth_yymmdd, b[33]));
  d.sex = Sex(b[34]);
  d.checks.emplace_back("composite", CheckDigit(l[0] + b.substr(0, 35)) == b[35]);
  return d;
}

}  // namespace

std::string MrzDate::ToIso() const { return fmt::format("{:04d}-{:02d}-{:02d}", year, month, day); }

std::string_view MrzFormatName(MrzFormat format) {
  switch (format) {
    case MrzFormat::kTd1:
      return "TD1";
    case MrzFormat::kTd2:
      return "TD2";
    case MrzFormat::kTd3:
      return "TD3";
    case MrzFormat::kFr1995:
      return "FR1995";
  }
  return "?";
}

bool MrzData::valid() const {
  for (const auto& [name, ok] : checks) {
    if (!ok) return false;
  }
  return true;
}

bool MrzData::expired(const MrzDate& today) const {
  return expiry_date.has_value() && *expiry_date < today;
}

char CheckDigit(std::string_view field) {
  static constexpr int kWeights[] = {7, 3, 1};
  int sum = 0;
  for (size_t i = 0; i < field.size(); ++i) sum += CharValue(field[i]) * kWeights[i % 3];
  return static_cast<char>('0' + sum % 10);
}

StatusOr<MrzData> ParseMrz(const std::vector<std::string>& raw_lines, const MrzDate& today) {
  std::vector<std::string> lines;
  for (const std::string& raw : raw_lines) {
    // Tolerate the white space a scanner or a shell adds around a line.
    size_t begin = raw.find_first_not_of(" \t\r\n");
    size_t end = raw.find_last_not_of(" \t\r\n");
    lines.push_back(begin == std::string::npos ? "" : raw.substr(begin, end - begin + 1));
  }
  for (const std::string& line : lines) {
    for (char c : line) {
      if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<')) {
        return InvalidInputError("not an MRZ: characters outside A-Z 0-9 <");
      }
    }
  }

  if (lines.size() == 3 && lines[0].size() == 30 && lines[1].size() == 30 &&
      lines[2].size() == 30) {
    return ParseTd1(lines, today);
  }
  if (lines.size() == 2 && lines[0].size() == 44 && lines[1].size() == 44) {
    return ParseTd2OrTd3(lines, today, true);
  }
  if (lines.size() == 2 && lines[0].size() == 36 && lines[1].size() == 36) {
    if (lines[0].compare(0, 5, "IDFRA") == 0) {
      MrzData french = ParseFr1995(lines, today);
      if (french.valid()) return french;
      MrzData td2 = ParseTd2OrTd3(lines, today, false);
      return td2.valid() ? td2 : french;
    }
    return ParseTd2OrTd3(lines, today, false);
  }
  return InvalidInputError("not an MRZ: expected 3 lines of 30, 2 of 36 or 2 of 44 characters");
}

MrzDate TodayUtc() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return MrzDate{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

}  // namespace kiosk::emrtd
