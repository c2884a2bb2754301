// The local reference of a submission, shown on the done screen and printed on its receipt:
// short, readable aloud, with a check symbol.
//
// Scheme (see docs/printing.md):
// - the first 40 bits of the submission UUID (its first 10 hex digits, which are random in a
//   version 4 UUID) are written as 8 symbols of Crockford's base 32 alphabet
//   (0-9 A-Z without I, L, O, U, so no 0/O or 1/I/L confusion and no accidental words);
// - one check symbol from the same alphabet, computed with the Damm scheme over GF(32)
//   (interim = 2*interim XOR symbol, check = 2*final interim, with the field polynomial
//   x^5 + x^2 + 1): it catches every single wrong symbol and every swap of two neighbours;
// - grouped 4-4-1 with dashes: "7ZSM-4YB2-K".
// The reference is unique per kiosk in practice (40 bits), and the central reference takes
// over once the submission is sent.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace kiosk {

// The reference for `submission_id` (a UUID, any case, with or without dashes).
// Fails with kInvalidInput when it does not start with 10 hex digits.
StatusOr<std::string> LocalReferenceFromUuid(std::string_view submission_id);

// Reads a reference typed or spoken back by a person: case, spaces and dashes do not matter,
// I and L read as 1, O reads as 0. Returns the canonical grouped form, or kInvalidInput when
// the length, a symbol or the check symbol is wrong.
StatusOr<std::string> ParseLocalReference(std::string_view text);

// The check symbol for `symbols` (canonical Crockford symbols, no dashes).
char LocalReferenceCheckSymbol(std::string_view symbols);

}  // namespace kiosk
