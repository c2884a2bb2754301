#include "base/config.h"

#include <cctype>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "base/log.h"

namespace kiosk {
namespace {

// Collects problems while one file is read, each with its line.
class ConfigReader {
 public:
  explicit ConfigReader(std::string_view source) : source_(source) {}

  void Error(const toml::source_region& where, std::string_view message) {
    errors_.push_back(fmt::format("{}:{}: {}", source_, where.begin.line, message));
  }
  void ErrorNoLine(std::string_view message) {
    errors_.push_back(fmt::format("{}:1: {}", source_, message));
  }
  bool failed() const { return !errors_.empty(); }
  std::string Joined() const {
    std::string all;
    for (const auto& e : errors_) {
      if (!all.empty()) all += '\n';
      all += e;
    }
    return all;
  }

  // Reports every key of `table` that is not in `known`.
  void RejectUnknownKeys(const toml::table& table, std::string_view table_name,
                         std::initializer_list<std::string_view> known) {
    for (const auto& [key, node] : table) {
      bool found = false;
      for (auto k : known) found = found || key.str() == k;
      if (!found) {
        std::string full = table_name.empty() ? std::string(key.str())
                                              : fmt::format("{}.{}", table_name, key.str());
        Error(key.source(), fmt::format("unknown key '{}'", full));
      }
    }
  }

  // Returns the sub-table `name`, or nullptr when absent (or not a table: reported).
  const toml::table* Section(const toml::table& root, std::string_view name) {
    const toml::node* node = root.get(name);
    if (node == nullptr) return nullptr;
    if (!node->is_table()) {
      Error(node->source(), fmt::format("'{}' must be a table ([{}])", name, name));
      return nullptr;
    }
    return node->as_table();
  }

  void String(const toml::table* t, std::string_view section, std::string_view key,
              std::string* out, bool required = false) {
    const toml::node* node = t ? t->get(key) : nullptr;
    if (node == nullptr) {
      if (!required) return;
      std::string message = fmt::format("missing required key '{}.{}'", section, key);
      if (t) {
        Error(t->source(), message);  // the line of the [section] header
      } else {
        ErrorNoLine(message);
      }
      return;
    }
    if (!node->is_string()) {
      Error(node->source(), fmt::format("'{}.{}' must be a string", section, key));
      return;
    }
    *out = node->as_string()->get();
    if (required && out->empty()) {
      Error(node->source(), fmt::format("'{}.{}' must not be empty", section, key));
    }
  }

  void Int(const toml::table* t, std::string_view section, std::string_view key, int* out, int min,
           int max) {
    const toml::node* node = t ? t->get(key) : nullptr;
    if (node == nullptr) return;
    if (!node->is_integer()) {
      Error(node->source(), fmt::format("'{}.{}' must be an integer", section, key));
      return;
    }
    int64_t v = node->as_integer()->get();
    if (v < min || v > max) {
      Error(node->source(),
            fmt::format("'{}.{}' must be between {} and {} (got {})", section, key, min, max, v));
      return;
    }
    *out = static_cast<int>(v);
  }

  void Bool(const toml::table* t, std::string_view section, std::string_view key, bool* out) {
    const toml::node* node = t ? t->get(key) : nullptr;
    if (node == nullptr) return;
    if (!node->is_boolean()) {
      Error(node->source(), fmt::format("'{}.{}' must be true or false", section, key));
      return;
    }
    *out = node->as_boolean()->get();
  }

  void StringList(const toml::table* t, std::string_view section, std::string_view key,
                  std::vector<std::string>* out) {
    const toml::node* node = t ? t->get(key) : nullptr;
    if (node == nullptr) return;
    const toml::array* array = node->as_array();
    if (array == nullptr) {
      Error(node->source(), fmt::format("'{}.{}' must be a list of strings", section, key));
      return;
    }
    std::vector<std::string> values;
    for (const auto& item : *array) {
      if (!item.is_string()) {
        Error(item.source(), fmt::format("'{}.{}' must be a list of strings", section, key));
        return;
      }
      values.push_back(item.as_string()->get());
    }
    *out = std::move(values);
  }

  // Source line of `section.key`, for value checks made after reading.
  const toml::source_region* Where(const toml::table* t, std::string_view key) {
    const toml::node* node = t ? t->get(key) : nullptr;
    return node ? &node->source() : nullptr;
  }
  void ErrorAt(const toml::table* t, std::string_view key, std::string_view message) {
    if (const toml::source_region* where = Where(t, key)) {
      Error(*where, message);
    } else {
      ErrorNoLine(message);
    }
  }

 private:
  std::string source_;
  std::vector<std::string> errors_;
};

void Validate(const KioskConfig& config, ConfigReader& reader, const toml::table* identity,
              const toml::table* display, const toml::table* printer, const toml::table* central,
              const toml::table* logging) {
  const auto& supported = SupportedLanguages();
  if (config.identity.languages.empty()) {
    reader.ErrorAt(identity, "languages", "'identity.languages' must name at least one language");
  }
  std::set<std::string> seen;
  for (const auto& lang : config.identity.languages) {
    if (std::find(supported.begin(), supported.end(), lang) == supported.end()) {
      reader.ErrorAt(identity, "languages",
                     fmt::format("unsupported language '{}' (supported: {})", lang,
                                 fmt::join(supported, ", ")));
    }
    if (!seen.insert(lang).second) {
      reader.ErrorAt(identity, "languages", fmt::format("language '{}' listed twice", lang));
    }
  }
  if (std::find(config.identity.languages.begin(), config.identity.languages.end(), "fr") ==
      config.identity.languages.end()) {
    reader.ErrorAt(identity, "languages", "'identity.languages' must include \"fr\"");
  }
  // An IANA name: Area/Location, ASCII letters, digits, '_', '-', '+', '/'.
  const std::string& zone = config.identity.time_zone;
  bool zone_ok = !zone.empty() && zone.size() <= 64 && zone.find('/') != std::string::npos;
  for (char c : zone) {
    zone_ok = zone_ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ||
                          c == '+' || c == '/');
  }
  if (!zone_ok) {
    reader.ErrorAt(identity, "time_zone",
                   fmt::format("'identity.time_zone' must be an IANA time zone such as "
                               "\"Europe/Paris\", not \"{}\"",
                               zone));
  }
  (void)display;
  if (config.printer.paper != "roll80" && config.printer.paper != "a4") {
    reader.ErrorAt(printer, "paper", "'printer.paper' must be \"roll80\" or \"a4\"");
  }
  if (config.central.url.rfind("https://", 0) != 0) {
    reader.ErrorAt(central, "url", "'central.url' must start with https://");
  }
  spdlog::level::level_enum level;
  if (!ParseLogLevel(config.logging.level, &level)) {
    reader.ErrorAt(logging, "level",
                   "'logging.level' must be one of trace, debug, info, warn, error, off");
  }
}

}  // namespace

const std::vector<std::string>& SupportedLanguages() {
  // The languages the kiosk has every screen text for (kiosk/texts.cpp).
  static const std::vector<std::string> kLanguages = {"fr", "en", "es", "de"};
  return kLanguages;
}

StatusOr<KioskConfig> ParseConfig(std::string_view text, std::string_view source_name) {
  ConfigReader reader(source_name);
  toml::table root;
  try {
    root = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    return InvalidInputError(fmt::format("{}:{}:{}: {}", source_name, e.source().begin.line,
                                         e.source().begin.column, e.description()));
  }

  reader.RejectUnknownKeys(root, "",
                           {"identity", "display", "session", "card", "printer", "central",
                            "procedures", "storage", "staff", "logging"});
  KioskConfig config;

  const toml::table* identity = reader.Section(root, "identity");
  if (identity)
    reader.RejectUnknownKeys(*identity, "identity",
                             {"id", "commune", "site", "languages", "time_zone"});
  reader.String(identity, "identity", "id", &config.identity.id, /*required=*/true);
  reader.String(identity, "identity", "commune", &config.identity.commune, /*required=*/true);
  reader.String(identity, "identity", "site", &config.identity.site);
  reader.StringList(identity, "identity", "languages", &config.identity.languages);
  reader.String(identity, "identity", "time_zone", &config.identity.time_zone);

  const toml::table* display = reader.Section(root, "display");
  if (display) {
    reader.RejectUnknownKeys(*display, "display", {"fullscreen", "orientation", "density_dpi"});
  }
  reader.Bool(display, "display", "fullscreen", &config.display.fullscreen);
  std::string orientation = "portrait";
  reader.String(display, "display", "orientation", &orientation);
  if (orientation == "portrait") {
    config.display.orientation = Orientation::kPortrait;
  } else if (orientation == "landscape") {
    config.display.orientation = Orientation::kLandscape;
  } else {
    reader.ErrorAt(display, "orientation",
                   "'display.orientation' must be \"portrait\" or \"landscape\"");
  }
  reader.Int(display, "display", "density_dpi", &config.display.density_dpi, 50, 600);

  const toml::table* session = reader.Section(root, "session");
  if (session) {
    reader.RejectUnknownKeys(*session, "session",
                             {"idle_timeout_s", "idle_warning_s", "card_removed_grace_s"});
  }
  reader.Int(session, "session", "idle_timeout_s", &config.session.idle_timeout_s, 15, 1800);
  reader.Int(session, "session", "idle_warning_s", &config.session.idle_warning_s, 5, 300);
  reader.Int(session, "session", "card_removed_grace_s", &config.session.card_removed_grace_s, 0,
             120);

  const toml::table* card = reader.Section(root, "card");
  if (card)
    reader.RejectUnknownKeys(*card, "card", {"preferred_reader", "csca_dir", "nfc_enabled"});
  reader.String(card, "card", "preferred_reader", &config.card.preferred_reader);
  reader.String(card, "card", "csca_dir", &config.card.csca_dir);
  reader.Bool(card, "card", "nfc_enabled", &config.card.nfc_enabled);

  const toml::table* printer = reader.Section(root, "printer");
  if (printer) {
    reader.RejectUnknownKeys(*printer, "printer", {"destination", "paper", "job_timeout_s"});
  }
  reader.String(printer, "printer", "destination", &config.printer.destination);
  reader.String(printer, "printer", "paper", &config.printer.paper);
  reader.Int(printer, "printer", "job_timeout_s", &config.printer.job_timeout_s, 5, 600);

  const toml::table* central = reader.Section(root, "central");
  if (central) {
    reader.RejectUnknownKeys(
        *central, "central",
        {"url", "ca_file", "cert_file", "key_file", "catalog_key_file", "sync_interval_s"});
  }
  reader.String(central, "central", "url", &config.central.url);
  reader.String(central, "central", "ca_file", &config.central.ca_file);
  reader.String(central, "central", "cert_file", &config.central.cert_file);
  reader.String(central, "central", "key_file", &config.central.key_file);
  reader.String(central, "central", "catalog_key_file", &config.central.catalog_key_file);
  reader.Int(central, "central", "sync_interval_s", &config.central.sync_interval_s, 1, 3600);

  const toml::table* procedures = reader.Section(root, "procedures");
  if (procedures) reader.RejectUnknownKeys(*procedures, "procedures", {"default_dir"});
  reader.String(procedures, "procedures", "default_dir", &config.procedures.default_dir);

  const toml::table* storage = reader.Section(root, "storage");
  if (storage) reader.RejectUnknownKeys(*storage, "storage", {"data_dir", "sent_retention_days"});
  reader.String(storage, "storage", "data_dir", &config.storage.data_dir);
  reader.Int(storage, "storage", "sent_retention_days", &config.storage.sent_retention_days, 1,
             3650);

  const toml::table* staff = reader.Section(root, "staff");
  if (staff) reader.RejectUnknownKeys(*staff, "staff", {"pin_hash"});
  reader.String(staff, "staff", "pin_hash", &config.staff.pin_hash);

  const toml::table* logging = reader.Section(root, "logging");
  if (logging) reader.RejectUnknownKeys(*logging, "logging", {"level"});
  reader.String(logging, "logging", "level", &config.logging.level);

  Validate(config, reader, identity, display, printer, central, logging);
  if (reader.failed()) return InvalidInputError(reader.Joined());
  return config;
}

StatusOr<KioskConfig> LoadConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return NotFoundError(fmt::format("{}: cannot open the configuration file", path));
  }
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) return FailedPreconditionError(fmt::format("{}: read error", path));
  auto config = ParseConfig(text.str(), path);
  if (!config.ok()) return config;

  // A relative path is read from the configuration file's folder, not from wherever the
  // program was started (the demo's file names its folders next to it).
  std::filesystem::path base = std::filesystem::absolute(path).parent_path();
  for (std::string* file :
       {&config->card.csca_dir, &config->central.ca_file, &config->central.cert_file,
        &config->central.key_file, &config->central.catalog_key_file,
        &config->procedures.default_dir, &config->storage.data_dir}) {
    if (!file->empty() && std::filesystem::path(*file).is_relative()) {
      *file = (base / *file).lexically_normal().string();
    }
  }
  Log(Subsystem::kConfig).info("configuration loaded from {}", path);
  return config;
}

std::string SerializeConfig(const KioskConfig& c) {
  auto strings = [](const std::vector<std::string>& v) {
    toml::array a;
    for (const auto& s : v) a.push_back(s);
    return a;
  };
  toml::table root{
      {"identity", toml::table{{"id", c.identity.id},
                               {"commune", c.identity.commune},
                               {"site", c.identity.site},
                               {"languages", strings(c.identity.languages)},
                               {"time_zone", c.identity.time_zone}}},
      {"display",
       toml::table{{"fullscreen", c.display.fullscreen},
                   {"orientation",
                    c.display.orientation == Orientation::kPortrait ? "portrait" : "landscape"},
                   {"density_dpi", c.display.density_dpi}}},
      {"session", toml::table{{"idle_timeout_s", c.session.idle_timeout_s},
                              {"idle_warning_s", c.session.idle_warning_s},
                              {"card_removed_grace_s", c.session.card_removed_grace_s}}},
      {"card", toml::table{{"preferred_reader", c.card.preferred_reader},
                           {"csca_dir", c.card.csca_dir},
                           {"nfc_enabled", c.card.nfc_enabled}}},
      {"printer", toml::table{{"destination", c.printer.destination},
                              {"paper", c.printer.paper},
                              {"job_timeout_s", c.printer.job_timeout_s}}},
      {"central", toml::table{{"url", c.central.url},
                              {"ca_file", c.central.ca_file},
                              {"cert_file", c.central.cert_file},
                              {"key_file", c.central.key_file},
                              {"catalog_key_file", c.central.catalog_key_file},
                              {"sync_interval_s", c.central.sync_interval_s}}},
      {"procedures", toml::table{{"default_dir", c.procedures.default_dir}}},
      {"storage", toml::table{{"data_dir", c.storage.data_dir},
                              {"sent_retention_days", c.storage.sent_retention_days}}},
      {"staff", toml::table{{"pin_hash", c.staff.pin_hash}}},
      {"logging", toml::table{{"level", c.logging.level}}},
  };
  std::ostringstream out;
  out << root << '\n';
  return out.str();
}

void UseConfiguredTimeZone(const KioskConfig& config) {
  // glibc reads the zone from /usr/share/zoneinfo (Debian's tzdata).
  setenv("TZ", config.identity.time_zone.c_str(), 1);
  tzset();
}

}  // namespace kiosk
