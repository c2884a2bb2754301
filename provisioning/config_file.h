// Changing the kiosk's configuration file from the technician's tools: apply a set of
// changes, validate the result with the same rules the kiosk applies at start-up
// (base/config.h), and replace the file atomically (base/atomic_file.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/config.h"
#include "base/status.h"

namespace kiosk::provisioning {

// Each set field replaces the configuration's value; unset fields keep it.
struct ConfigChanges {
  std::optional<std::string> kiosk_id;
  std::optional<std::string> commune;
  std::optional<std::string> site;
  std::optional<std::string> central_url;
  std::optional<std::string> printer_destination;
  std::optional<std::string> preferred_reader;
  std::optional<std::string> languages;  // "fr,en,es"
  std::optional<int> idle_timeout_s;
  std::optional<std::string> orientation;  // "portrait" or "landscape"
  std::optional<int> density_dpi;
  std::optional<std::string> data_dir;
  std::optional<std::string> staff_pin_hash;  // "" turns staff mode off

  bool empty() const;
};

// Applies `changes` to `config` and validates the result as a whole. kInvalidInput lists every
// problem, one per line, each naming the setting; `config` is unchanged on error.
Status ApplyConfigChanges(const ConfigChanges& changes, KioskConfig& config);

// Validates `config` (serialised and parsed back with the start-up rules) and writes it to
// `path` atomically, keeping the file's permission bits (0640 for a new file: it holds the
// staff PIN hash).
Status SaveConfig(const std::string& path, const KioskConfig& config);

// The rule for a new staff PIN set by a technician: 6 to 12 ASCII digits (the staff keypad
// is numeric). kInvalidInput otherwise, with a message that does not repeat the PIN. Hashing
// and verifying live in kiosk/session/staff_pin.h, shared with the touch UI.
Status ValidateNewStaffPin(std::string_view pin);

// Reads `path`, or returns defaults when the file does not exist yet (kNotFound is not an
// error here). Other errors (invalid file) are returned.
StatusOr<KioskConfig> LoadConfigOrDefaults(const std::string& path, bool* existed);

}  // namespace kiosk::provisioning
