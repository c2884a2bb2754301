#include "base/redact.h"

#include <cctype>

#include <fmt/format.h>

namespace kiosk::redact {
namespace {

bool IsMrzChar(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpperAlnum(char c) { return (c >= 'A' && c <= 'Z') || IsDigit(c); }
bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// Length of the run of characters satisfying `pred` starting at `pos`.
template <typename Pred>
size_t RunLength(std::string_view text, size_t pos, Pred pred) {
  size_t end = pos;
  while (end < text.size() && pred(text[end])) ++end;
  return end - pos;
}

// A word boundary: start or end of text, or a character that cannot continue a token.
bool IsBoundary(std::string_view text, size_t pos) {
  if (pos >= text.size()) return true;
  unsigned char c = static_cast<unsigned char>(text[pos]);
  return !(std::isalnum(c) || c == '<' || c == '_');
}

}  // namespace

std::string DocumentNumber(std::string_view value) {
  return fmt::format("[document number, {} chars]", value.size());
}
std::string MrzLine(std::string_view value) {
  return fmt::format("[MRZ line, {} chars]", value.size());
}
std::string Can(std::string_view) { return "[CAN]"; }
std::string Pin(std::string_view) { return "[PIN]"; }
std::string Name(std::string_view) { return "[name]"; }
std::string Token(std::string_view) { return "[token]"; }

std::string CommandApdu(std::span<const uint8_t> apdu) {
  if (apdu.size() < 4) return fmt::format("[malformed APDU, {} bytes]", apdu.size());
  std::string header =
      fmt::format("{:02X} {:02X} {:02X} {:02X}", apdu[0], apdu[1], apdu[2], apdu[3]);
  size_t body = apdu.size() - 4;
  if (body == 0) return header + " Lc=0 Le=none";
  // Short or extended form (ISO 7816-4 5.1): only the sizes are reported.
  size_t lc = 0;
  std::string le = "none";
  if (apdu[4] != 0 || body == 1) {
    if (body == 1) {
      le = fmt::format("{}", apdu[4] == 0 ? 256 : apdu[4]);
    } else {
      lc = apdu[4];
      if (body == 1 + lc + 1) {
        uint8_t l = apdu[5 + lc];
        le = fmt::format("{}", l == 0 ? 256 : l);
      }
    }
  } else if (body >= 3) {
    size_t n = (size_t{apdu[5]} << 8) | apdu[6];
    if (body == 3) {
      le = fmt::format("{}", n == 0 ? 65536 : n);
    } else {
      lc = n;
      if (body == 3 + lc + 2) {
        size_t l = (size_t{apdu[7 + lc]} << 8) | apdu[8 + lc];
        le = fmt::format("{}", l == 0 ? 65536 : l);
      }
    }
  }
  return fmt::format("{} Lc={} Le={}", header, lc, le);
}

std::string ResponseApdu(std::span<const uint8_t> response) {
  if (response.size() < 2) return fmt::format("[malformed response, {} bytes]", response.size());
  size_t n = response.size();
  return fmt::format("SW={:02X}{:02X} data={}", response[n - 2], response[n - 1], n - 2);
}

std::string ScrubPersonalData(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    bool at_boundary = i == 0 || IsBoundary(text, i - 1);
    if (at_boundary) {
      // MRZ: a long run of the MRZ alphabet holding at least one filler.
      size_t mrz = RunLength(text, i, IsMrzChar);
      if (mrz >= 10 && text.substr(i, mrz).find('<') != std::string_view::npos) {
        out += "[redacted]";
        i += mrz;
        continue;
      }
      // Hexadecimal payloads and keys.
      size_t hex = RunLength(text, i, IsHex);
      if (hex >= 16 && IsBoundary(text, i + hex)) {
        out += "[redacted]";
        i += hex;
        continue;
      }
      // CAN, PIN-like numbers, dates of birth written as digits.
      size_t digits = RunLength(text, i, IsDigit);
      if (digits >= 6 && IsBoundary(text, i + digits)) {
        out += "[redacted]";
        i += digits;
        continue;
      }
      // Document numbers: uppercase letters mixed with digits.
      size_t word = RunLength(text, i, IsUpperAlnum);
      if (word >= 8 && word <= 14 && IsBoundary(text, i + word)) {
        std::string_view w = text.substr(i, word);
        bool has_digit = w.find_first_of("0123456789") != std::string_view::npos;
        bool has_letter = w.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string_view::npos;
        if (has_digit && has_letter) {
          out += "[redacted]";
          i += word;
          continue;
        }
      }
    }
    out += text[i];
    ++i;
  }
  return out;
}

}  // namespace kiosk::redact
