// Machine readable zones (ICAO 9303 parts 3, 4, 5, 6): TD1 (3×30), TD2 (2×36), TD3 (2×44)
// and the French identity card of 1995 (2×36, not ICAO: no expiry date, a final check digit
// over line 1 and line 2 up to it).
//
// Parsing never fails on a wrong check digit: the result says which checks hold, so a caller
// can tell "typed wrong" (a check fails) from "not an MRZ" (an error).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace kiosk::emrtd {

struct MrzDate {
  int year = 0;
  int month = 0;
  int day = 0;
  std::string ToIso() const;  // YYYY-MM-DD
  friend auto operator<=>(const MrzDate&, const MrzDate&) = default;
};

enum class MrzFormat { kTd1, kTd2, kTd3, kFr1995 };
std::string_view MrzFormatName(MrzFormat format);  // "TD1", "TD2", "TD3", "FR1995"

struct MrzData {
  MrzFormat format = MrzFormat::kTd3;
  std::string document_code;    // "P", "I", "ID", "AC"... (fillers removed)
  std::string issuing_state;    // "UTO", "FRA"; "D" for Germany
  std::string document_number;  // without fillers, the full number for long ones
  std::string surname;          // fillers read as single spaces
  std::string given_names;
  std::string nationality;
  std::string sex;  // "M", "F" or "X"
  std::optional<MrzDate> birth_date;
  std::optional<MrzDate> expiry_date;  // none on the French 1995 card
  std::string optional_data;           // fillers removed
  // The fields as printed, for the access keys (BAC, PACE with MRZ).
  std::string birth_yymmdd;
  std::string expiry_yymmdd;
  // One entry per check digit, in MRZ order: "document_number", "birth_date", "expiry_date",
  // "personal_number" (TD3), "composite".
  std::vector<std::pair<std::string, bool>> checks;

  bool valid() const;
  bool expired(const MrzDate& today) const;
};

// The ICAO check digit ('0'..'9') of `field`: 0-9, A-Z = 10-35, '<' = 0, weights 7 3 1.
// Other characters count as 0.
char CheckDigit(std::string_view field);

// Parses 2 or 3 lines. Two-digit years: a birth date is never after `today`; an expiry date
// is placed in the 100-year window (today - 80 years, today + 20 years], so a card that
// expired in 1995 reads as expired, not as valid until 2095.
// kInvalidInput ("not an MRZ") for wrong line counts, lengths or characters outside A-Z 0-9 <.
StatusOr<MrzData> ParseMrz(const std::vector<std::string>& lines, const MrzDate& today);

// Today's date (UTC), for callers without an injected clock.
MrzDate TodayUtc();

}  // namespace kiosk::emrtd
