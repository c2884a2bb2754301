// User-visible texts by key and language. Screens never hold literal sentences: they ask for
// a key, so that every text exists in every offered language and tests can check it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

// The text for `key` in `language`, falling back to French (every key has a French text).
// An unknown key returns the key itself, which a test of the catalog catches.
std::string_view Text(std::string_view language, std::string_view key);

// The language's own name, as shown on its button ("Français", "English", ...).
std::string_view LanguageName(std::string_view language);

// Every key of the catalog, for completeness tests.
std::vector<std::string_view> TextKeys();

// Languages with a complete set of texts.
std::vector<std::string_view> TextLanguages();

}  // namespace kiosk
