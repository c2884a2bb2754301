#include "provisioning/config_file.h"

#include <sys/stat.h>

#include <filesystem>
#include <regex>

#include <fmt/format.h>

#include "base/atomic_file.h"

namespace kiosk::provisioning {
namespace {

// The start-up rules report "source:line: message"; here there is no file line to point at,
// so only the message is kept.
std::string WithoutLineNumbers(const std::string& text) {
  static const std::regex kPrefix(R"((^|\n)[^\n:]*:\d+(:\d+)?: )");
  return std::regex_replace(text, kPrefix, "$1");
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
    static const std::regex kId(R"([A-Za-z0-9][A-Za-z0-9._-]{0,63})");
    if (!std::regex_match(*c.kiosk_id, kId)) {
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
    static const std::regex kUrl(R"(https://[A-Za-z0-9.\-\[\]:]+(:\d{1,5})?/?)");
    if (!std::regex_match(*c.central_url, kUrl)) {
      errors.push_back("'central.url' must be https://HOST[:PORT] (no path, no user, no query)");
    }
  }
  if (c.printer_destination) {
    // CUPS destination names: printable, no space, '/', '#' or '\\', at most 127 bytes.
    static const std::regex kDest(R"([!-~]{1,127})");
    const std::string& d = *c.printer_destination;
    if (!std::regex_match(d, kDest) || d.find_first_of("/#\\") != std::string::npos) {
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
    while (changed.central.url.back() == '/') changed.central.url.pop_back();
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
