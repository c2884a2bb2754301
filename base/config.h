// The kiosk's configuration: one human-edited TOML file, validated as a whole at load.
//
// An unknown key, a value of the wrong type, a value out of range or a missing required
// value gives an error "file:line: message" and the kiosk refuses to start: a half
// configured public terminal is worse than one that says it is out of service. Every
// default serves the demo stack started by scripts/demo.sh.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace kiosk {

enum class Orientation { kPortrait, kLandscape };

struct KioskConfig {
  struct Identity {
    std::string id;       // required: the kiosk's name at the centre, e.g. "mairie-lyon-01"
    std::string commune;  // required: shown on screen and on every receipt
    std::string site;     // e.g. "Hall d'accueil"
    std::vector<std::string> languages = {"fr", "en", "es", "de"};  // offered, first = default
    // IANA time zone recorded with each submission (overseas communes: "America/Guadeloupe",
    // "Indian/Reunion"...).
    std::string time_zone = "Europe/Paris";
  } identity;

  struct Display {
    bool fullscreen = false;
    Orientation orientation = Orientation::kPortrait;
    int density_dpi = 96;  // physical density, used to size 15 mm touch targets
  } display;

  struct Session {
    int idle_timeout_s = 90;       // no touch for this long shows the warning
    int idle_warning_s = 20;       // the warning lasts this long, then the session ends
    int card_removed_grace_s = 5;  // a card taken away for longer ends the session
  } session;

  struct Card {
    std::string preferred_reader;  // substring of a PC/SC reader name; empty = first found
    std::string csca_dir = "/etc/guichet-kiosk/csca";  // trust anchors for passive auth.
    bool nfc_enabled = false;                          // also poll libnfc readers
  } card;

  struct Printer {
    std::string destination = "Guichet_PDF";  // CUPS destination
    std::string paper = "roll80";             // "roll80" or "a4"
    int job_timeout_s = 60;
  } printer;

  struct Central {
    std::string url = "https://127.0.0.1:8443";
    std::string ca_file;    // the centre's CA, pinned
    std::string cert_file;  // this kiosk's certificate (from enrolment)
    std::string key_file;   // this kiosk's private key
    // The centre's catalog signing public key (catalog-signing.pub). Empty: the kiosk offers
    // only the default catalog shipped with the software and installs no update.
    std::string catalog_key_file;
    int sync_interval_s = 30;
  } central;

  struct Procedures {
    // The default catalog shipped with the software: one YAML file per procedure, used until
    // the centre's first signed catalog is installed.
    std::string default_dir = "/usr/share/guichet-kiosk/procedures";
  } procedures;

  struct Storage {
    std::string data_dir = "/var/lib/guichet-kiosk";  // queue, keys, last good catalog
    int sent_retention_days = 30;  // delivered submissions' records (no personal data) kept
  } storage;

  struct Staff {
    std::string pin_hash;  // set by `kioskctl configure --staff-pin`; empty = staff mode off
  } staff;

  struct Logging {
    std::string level = "info";
  } logging;
};

// Languages the kiosk has texts for.
const std::vector<std::string>& SupportedLanguages();

// Reads and validates `path`. On error the status is kInvalidInput and its message lists
// every problem found, one per line, each as "path:line: message". Relative file and folder
// paths in it are made absolute from the file's own folder.
StatusOr<KioskConfig> LoadConfig(const std::string& path);

// Same, from text already in memory; `source_name` is used in messages in place of a path.
StatusOr<KioskConfig> ParseConfig(std::string_view text, std::string_view source_name);

// Writes `config` as TOML that ParseConfig reads back to an equal configuration.
std::string SerializeConfig(const KioskConfig& config);

// Makes this process's local time (localtime_r: the receipt's date and time) that of
// identity.time_zone, whatever TZ or /etc/localtime say, so that a receipt shows the town
// hall's time and the zone its submission records. Call at start-up, before any thread.
void UseConfiguredTimeZone(const KioskConfig& config);

}  // namespace kiosk
