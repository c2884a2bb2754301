// The serializer is written out here rather than delegated to nlohmann's dump() so that the
// bytes of a frozen submission depend on this file only, not on a library version: the kiosk,
// the queue and the centre must agree on them for years.
#include "kiosk/procedure/canonical_json.h"

#include <fmt/format.h>
#include <utf8proc.h>

#include <cstdlib>
#include <map>
#include <memory>

namespace kiosk::procedure {
namespace {

constexpr int kMaxDepth = 64;

void AppendString(std::string_view s, std::string& out) {
  out += '"';
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (u < 0x20) {
          out += fmt::format("\\u{:04x}", u);
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

Status Append(const nlohmann::json& value, std::string& out, int depth) {
  if (depth > kMaxDepth) return InvalidInputError("JSON nested too deeply");
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      out += "null";
      return OkStatus();
    case nlohmann::json::value_t::boolean:
      out += value.get<bool>() ? "true" : "false";
      return OkStatus();
    case nlohmann::json::value_t::number_integer:
      out += std::to_string(value.get<int64_t>());
      return OkStatus();
    case nlohmann::json::value_t::number_unsigned:
      out += std::to_string(value.get<uint64_t>());
      return OkStatus();
    case nlohmann::json::value_t::number_float:
      return InvalidInputError("floating-point numbers are not allowed in canonical JSON");
    case nlohmann::json::value_t::string: {
      KIOSK_ASSIGN_OR_RETURN(std::string nfc, ToNfc(value.get_ref<const std::string&>()));
      AppendString(nfc, out);
      return OkStatus();
    }
    case nlohmann::json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& item : value) {
        if (!first) out += ',';
        first = false;
        KIOSK_RETURN_IF_ERROR(Append(item, out, depth + 1));
      }
      out += ']';
      return OkStatus();
    }
    case nlohmann::json::value_t::object: {
      // Keys are normalised first, then sorted: std::string compares like memcmp, i.e. by
      // unsigned byte value, which is the order the contract names.
      std::map<std::string, const nlohmann::json*> sorted;
      for (const auto& [key, item] : value.items()) {
        KIOSK_ASSIGN_OR_RETURN(std::string nfc, ToNfc(key));
        if (!sorted.emplace(std::move(nfc), &item).second) {
          return InvalidInputError("two keys are equal after Unicode normalisation");
        }
      }
      out += '{';
      bool first = true;
      for (const auto& [key, item] : sorted) {
        if (!first) out += ',';
        first = false;
        AppendString(key, out);
        out += ':';
        KIOSK_RETURN_IF_ERROR(Append(*item, out, depth + 1));
      }
      out += '}';
      return OkStatus();
    }
    default:
      return InvalidInputError("binary values are not allowed in canonical JSON");
  }
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  auto remaining = static_cast<utf8proc_ssize_t>(text.size());
  while (remaining > 0) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(p, remaining, &cp);
    if (n <= 0 || cp < 0) return false;
    p += n;
    remaining -= n;
  }
  return true;
}

StatusOr<std::string> ToNfc(std::string_view text) {
  if (!IsValidUtf8(text)) return InvalidInputError("text is not valid UTF-8");
  bool ascii = true;
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) ascii = false;
  }
  if (ascii) return std::string(text);  // ASCII is always in NFC

  // utf8proc_map allocates with malloc; the unique_ptr frees it on every path.
  utf8proc_uint8_t* mapped = nullptr;
  utf8proc_ssize_t length =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                   static_cast<utf8proc_ssize_t>(text.size()), &mapped,
                   static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(mapped, &std::free);
  if (length < 0) {
    return InvalidInputError(std::string("cannot normalise text: ") + utf8proc_errmsg(length));
  }
  return std::string(reinterpret_cast<const char*>(mapped), static_cast<size_t>(length));
}

StatusOr<std::string> CanonicalJson(const nlohmann::json& value) {
  std::string out;
  KIOSK_RETURN_IF_ERROR(Append(value, out, 0));
  return out;
}

StatusOr<nlohmann::json> ParseJson(std::string_view text) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    return InvalidInputError(std::string("malformed JSON: ") + e.what());
  }
}

}  // namespace kiosk::procedure
