// Canonical JSON and Unicode normalisation, as docs/contracts.md and
// docs/procedure-format.md define them for frozen submissions and signed catalogs.
//
// Canonical form: UTF-8 in NFC, object keys sorted by byte value, no insignificant white
// space, integers written without exponent or fraction, only the escapes '\"', '\\', '\b',
// '\f', '\n', '\r', '\t' and '\u00XX' (lower-case hex) for other control characters; every
// other character, including '/' and non-ASCII, is written as is. Floating-point numbers are
// refused: nothing in a submission or a catalog needs them and their text is not stable.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace kiosk::procedure {

// `text` in Unicode Normalization Form C. kInvalidInput when `text` is not valid UTF-8.
StatusOr<std::string> ToNfc(std::string_view text);

// True when `text` is valid UTF-8 (no overlong forms, no surrogates).
bool IsValidUtf8(std::string_view text);

// The canonical text of `value`, after normalising every string and key to NFC.
// kInvalidInput for a floating-point number, invalid UTF-8, or two keys equal after NFC.
StatusOr<std::string> CanonicalJson(const nlohmann::json& value);

// Parses JSON text without throwing; kInvalidInput with the parser's position on error.
StatusOr<nlohmann::json> ParseJson(std::string_view text);

}  // namespace kiosk::procedure
