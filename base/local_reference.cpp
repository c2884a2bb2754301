#include "base/local_reference.h"

#include <cstdint>

namespace kiosk {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr size_t kDataSymbols = 8;

int SymbolValue(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  // Crockford's decoding rules: the letters left out of the alphabet read as the digits
  // they look like.
  if (c == 'O') c = '0';
  if (c == 'I' || c == 'L') c = '1';
  auto pos = kAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

// Multiplication by 2 (the polynomial x) in GF(32) built on x^5 + x^2 + 1. Damm's
// construction x*y = a*x + y with a not in {0, 1} gives a totally anti-symmetric
// quasigroup, which is what makes neighbour swaps detectable.
int TimesTwo(int v) {
  v <<= 1;
  if (v & 0x20) v ^= 0x25;
  return v;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Grouped(std::string_view symbols, char check) {
  std::string out;
  out.append(symbols.substr(0, 4));
  out.push_back('-');
  out.append(symbols.substr(4, 4));
  out.push_back('-');
  out.push_back(check);
  return out;
}

}  // namespace

char LocalReferenceCheckSymbol(std::string_view symbols) {
  int interim = 0;
  for (char c : symbols) {
    int v = SymbolValue(c);
    if (v < 0) v = 0;
    interim = TimesTwo(interim) ^ v;
  }
  return kAlphabet[static_cast<size_t>(TimesTwo(interim))];
}

StatusOr<std::string> LocalReferenceFromUuid(std::string_view submission_id) {
  uint64_t bits = 0;
  int digits = 0;
  for (char c : submission_id) {
    if (digits == 10) break;
    if (c == '-') continue;
    int v = HexValue(c);
    if (v < 0) return InvalidInputError("submission id is not a UUID");
    bits = (bits << 4) | static_cast<uint64_t>(v);
    ++digits;
  }
  if (digits < 10) return InvalidInputError("submission id is too short for a reference");

  std::string symbols(kDataSymbols, '0');
  for (size_t i = kDataSymbols; i-- > 0;) {
    symbols[i] = kAlphabet[bits & 0x1f];
    bits >>= 5;
  }
  return Grouped(symbols, LocalReferenceCheckSymbol(symbols));
}

StatusOr<std::string> ParseLocalReference(std::string_view text) {
  std::string symbols;
  for (char c : text) {
    if (c == '-' || c == ' ') continue;
    int v = SymbolValue(c);
    if (v < 0) return InvalidInputError("reference holds a symbol outside its alphabet");
    symbols.push_back(kAlphabet[static_cast<size_t>(v)]);
  }
  if (symbols.size() != kDataSymbols + 1) {
    return InvalidInputError("a reference has 9 symbols");
  }
  std::string_view data = std::string_view(symbols).substr(0, kDataSymbols);
  char check = LocalReferenceCheckSymbol(data);
  if (check != symbols.back()) return InvalidInputError("reference check symbol is wrong");
  return Grouped(data, check);
}

}  // namespace kiosk
