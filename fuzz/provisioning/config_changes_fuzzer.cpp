// Fuzzes `kioskctl configure`'s values: whatever the technician types, a change is either
// refused with a message or gives a configuration the kiosk itself accepts at start-up.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/config.h"
#include "provisioning/config_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Fields separated by '\x1f': commune, site, url, printer, reader, languages, orientation,
  // kiosk id, data dir, then two numbers.
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> fields;
  size_t start = 0;
  while (fields.size() < 11) {
    size_t end = input.find('\x1f', start);
    fields.emplace_back(
        input.substr(start, end == std::string_view::npos ? input.npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  fields.resize(11);
  kiosk::provisioning::ConfigChanges c;
  if (!fields[0].empty()) c.commune = fields[0];
  if (!fields[1].empty()) c.site = fields[1];
  if (!fields[2].empty()) c.central_url = fields[2];
  if (!fields[3].empty()) c.printer_destination = fields[3];
  if (!fields[4].empty()) c.preferred_reader = fields[4];
  if (!fields[5].empty()) c.languages = fields[5];
  if (!fields[6].empty()) c.orientation = fields[6];
  if (!fields[7].empty()) c.kiosk_id = fields[7];
  if (!fields[8].empty()) c.data_dir = fields[8];
  if (fields[9].size() >= 2)
    c.idle_timeout_s = static_cast<int16_t>(fields[9][0] | fields[9][1] << 8);
  if (fields[10].size() >= 2)
    c.density_dpi = static_cast<int16_t>(fields[10][0] | fields[10][1] << 8);

  kiosk::KioskConfig config;
  config.identity.id = "fuzz-01";
  config.identity.commune = "Arles";
  if (kiosk::provisioning::ApplyConfigChanges(c, config).ok()) {
    auto again = kiosk::ParseConfig(kiosk::SerializeConfig(config), "again.toml");
    if (!again.ok()) __builtin_trap();
  }
  return 0;
}
