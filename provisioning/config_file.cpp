#include "provisioning/config_file.h"

#include <sys/stat.h>

#include <filesystem>
#include <string_view>

#include <fmt/format.h>

#include "base/atomic_file.h"

namespace kiosk::provisioning {
namespace {

// The start-up rules report "source:line: message" (or "source:line:column: message");
// here there is no file line to point at, so only the message is kept.
std::string WithoutLineNumbers(const std::string& text) {
  auto digits = [](std::string_view s, size_t at) {
    size_t end = at;
    while (end < s.size() && s[end] >= '0' && s[end] <= '9') ++end;
    return end;
  };
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t newline = text.find('\n', start);
    std::string_view line(text.data() + start,
                          (newline == std::string::npos ? text.size() : newline) - start);
    size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      size_t after = digits(line, colon + 1);
      if (after > colon + 1 && after < line.size() && line[after] == ':') {
        size_t column_end = digits(line, after + 1);
        if (column_end > after + 1 && column_end < line.size() && line[column_end] == ':') {
          after = column_end;
        }
        if (after + 1 < line.size() && line[after + 1] == ' ') line.remove_prefix(after + 2);
      }
    }
    if (!out.empty()) out += '\n';
    out += line;
    if (newline == std::string::npos) break;
    start = newline + 1;
  }
  return out;
}

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// 1 to 64 of [A-Za-z0-9._-], starting with a letter or digit (the centre's rule for ids).
bool IsValidKioskId(std::string_view id) {
  if (id.empty() || id.size() > 64 || !IsAsciiAlnum(id.front())) return false;
  for (char c : id) {
    if (!IsAsciiAlnum(c) && c != '.' && c != '_' && c != '-') return false;
  }
  return true;
}

// https://HOST[:PORT] with an optional final '/': no user, path, query or fragment.
bool IsValidCentralUrl(std::string_view url) {
  constexpr std::string_view kScheme = "https://";
  if (url.substr(0, kScheme.size()) != kScheme) return false;
  std::string_view rest = url.substr(kScheme.size());
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.empty()) return false;
  for (char c : rest) {
    if (!IsAsciiAlnum(c) && c != '.' && c != '-' && c != '[' && c != ']' && c != ':') return false;
  }
  return true;
}

// CUPS destination names: printable ASCII without space, '/', '#' or '\\', at most 127 bytes.
bool IsValidCupsDestination(std::string_view name) {
  if (name.empty() || name.size() > 127) return false;
  for (char c : name) {
    if (c < '!' || c > '~' || c == '/' || c == '#' || c == '\\') return false;
  }
  return true;
}

bool HasControlCharacter(const std::string& text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  std::string item;
  auto flush = [&] {
    size_t begin = item.find_first_not_of(' ');
    size_t end = item.find_last_not_of(' ');
    items.push_back(begin == std::string::npos ? "" : item.substr(begin, end - begin + 1));
    item.clear();
  };
  for (char c : text) {
    if (c == ',') {
      flush();
    } else {
      item += c;
    }
  }
  flush();
  return items;
}

// Rules that the start-up check does not hold because the file cannot express them wrongly
// (orientation is an enum in memory) or because only a tool writes them.
void CheckFields(const ConfigChanges& c, std::vector<std::string>& errors) {
  auto text = [&](const std::optional<std::string>& value, std::string_view name) {
    if (value && HasControlCharacter(*value)) {
      errors.push_back(fmt::format("'{}' must not contain control characters", name));
    }
  };
  text(c.kiosk_id, "identity.id");
  text(c.commune, "identity.commune");
  text(c.site, "identity.site");
  text(c.preferred_reader, "card.preferred_reader");
  text(c.data_dir, "storage.data_dir");
  if (c.kiosk_id) {
    if (!IsValidKioskId(*c.kiosk_id)) {
      errors.push_back(
          "'identity.id' must be 1 to 64 letters, digits, '.', '_' or '-' (it names the "
          "kiosk's certificate)");
    }
  }
  if (c.commune && c.commune->size() > 64) {
    errors.push_back("'identity.commune' must be at most 64 bytes (it goes in the certificate)");
  }
  if (c.site && c.site->size() > 64) {
    errors.push_back("'identity.site' must be at most 64 bytes (it goes in the certificate)");
  }
  if (c.central_url) {
    if (!IsValidCentralUrl(*c.central_url)) {
      errors.push_back("'central.url' must be https://HOST[:PORT] (no path, no user, no query)");
    }
  }
  if (c.printer_destination) {
    if (!IsValidCupsDestination(*c.printer_destination)) {
      errors.push_back(
          "'printer.destination' must be a CUPS destination name (no spaces, '/', '#' or "
          "'\\')");
    }
  }
  if (c.orientation && *c.orientation != "portrait" && *c.orientation != "landscape") {
    errors.push_back("'display.orientation' must be \"portrait\" or \"landscape\"");
  }
  if (c.data_dir && (c.data_dir->empty() || c.data_dir->front() != '/')) {
    errors.push_back("'storage.data_dir' must be an absolute path");
  }
}

}  // namespace

bool ConfigChanges::empty() const {
  return !kiosk_id && !commune && !site && !central_url && !printer_destination &&
         !preferred_reader && !languages && !idle_timeout_s && !orientation && !density_dpi &&
         !data_dir && !staff_pin_hash;
}

Status ApplyConfigChanges(const ConfigChanges& c, KioskConfig& config) {
  std::vector<std::string> errors;
  CheckFields(c, errors);

  KioskConfig changed = config;
  if (c.kiosk_id) changed.identity.id = *c.kiosk_id;
  if (c.commune) changed.identity.commune = *c.commune;
  if (c.site) changed.identity.site = *c.site;
  if (c.central_url) {
    changed.central.url = *c.central_url;
    while (!changed.central.url.empty() && changed.central.url.back() == '/') {
      changed.central.url.pop_back();
    }
  }
  if (c.printer_destination) changed.printer.destination = *c.printer_destination;
  if (c.preferred_reader) changed.card.preferred_reader = *c.preferred_reader;
  if (c.languages) changed.identity.languages = SplitList(*c.languages);
  if (c.idle_timeout_s) changed.session.idle_timeout_s = *c.idle_timeout_s;
  if (c.orientation == "portrait" || c.orientation == "landscape") {
    changed.display.orientation =
        *c.orientation == "portrait" ? Orientation::kPortrait : Orientation::kLandscape;
  }
  if (c.density_dpi) changed.display.density_dpi = *c.density_dpi;
  if (c.data_dir) changed.storage.data_dir = *c.data_dir;
  if (c.staff_pin_hash) changed.staff.pin_hash = *c.staff_pin_hash;

  // The same rules as at start-up, on exactly the text that would be written.
  auto checked = ParseConfig(SerializeConfig(changed), "configuration");
  if (!checked.ok()) errors.push_back(WithoutLineNumbers(checked.status().message()));
  if (!errors.empty()) return InvalidInputError(fmt::format("{}", fmt::join(errors, "\n")));
  config = std::move(changed);
  return OkStatus();
}

Status SaveConfig(const std::string& path, const KioskConfig& config) {
  std::string text = SerializeConfig(config);
  auto checked = ParseConfig(text, path);
  if (!checked.ok()) {
    return InvalidInputError(WithoutLineNumbers(checked.status().message()));
  }
  mode_t mode = 0640;
  struct stat st {};
  if (stat(path.c_str(), &st) == 0) mode = st.st_mode & 07777;
  std::string header = "# Written by kioskctl (configure / enrol). Keys: docs/configuration.md\n";
  return WriteFileAtomically(path, header + text, mode);
}

Status ValidateNewStaffPin(std::string_view pin) {
  if (pin.size() < 6 || pin.size() > 12) {
    return InvalidInputError(
        fmt::format("the staff PIN must have 6 to 12 digits (got {} characters)", pin.size()));
  }
  for (char c : pin) {
    if (c < '0' || c > '9') return InvalidInputError("the staff PIN must hold digits only");
  }
  return OkStatus();
}

StatusOr<KioskConfig> LoadConfigOrDefaults(const std::string& path, bool* existed) {
  std::error_code ec;
  *existed = std::filesystem::exists(path, ec);
  if (!*existed) return KioskConfig{};
  return LoadConfig(path);
}

}  // namespace kiosk::provisioning
