// kioskctl enrol | configure | selftest | wipe: the technician's commands (provisioning/).
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "base/clock.h"
#include "base/config.h"
#include "kiosk/ctl/cli.h"
#include "kiosk/session/staff_pin.h"
#include "provisioning/centre_check.h"
#include "provisioning/certificate_check.h"
#include "provisioning/config_file.h"
#include "provisioning/disk_check.h"
#include "provisioning/enrolment.h"
#include "provisioning/printer_check.h"
#include "provisioning/queue_check.h"
#include "provisioning/reader_check.h"
#include "provisioning/self_test.h"
#include "provisioning/wipe.h"

namespace kiosk::ctl {
namespace {

namespace prov = kiosk::provisioning;

std::string TrimLine(std::string line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  return line;
}

// Reads one secret line: from the terminal with echo off (and a prompt on stderr), or the
// first line of standard input when it is not a terminal. Never from the command line, so it
// stays out of shell history and the process list.
StatusOr<std::string> ReadSecretLine(const std::string& prompt) {
  bool terminal = isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (terminal) {
    std::cerr << prompt << std::flush;
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  bool got = static_cast<bool>(std::getline(std::cin, line));
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::cerr << '\n';
  }
  if (!got) return InvalidInputError("no PIN given on standard input");
  return TrimLine(line);
}

StatusOr<std::string> ReadNewStaffPin() {
  KIOSK_ASSIGN_OR_RETURN(std::string pin, ReadSecretLine("New staff PIN (6-12 digits): "));
  KIOSK_RETURN_IF_ERROR(prov::ValidateNewStaffPin(pin));
  if (isatty(STDIN_FILENO) != 0) {
    KIOSK_ASSIGN_OR_RETURN(std::string again, ReadSecretLine("Same PIN again: "));
    if (again != pin) return InvalidInputError("the two PINs differ; nothing changed");
  }
  return session::HashStaffPin(pin);
}

// --- enrol ---------------------------------------------------------------------------------

struct EnrolOptions {
  std::string central;
  std::string token;
  std::string fingerprint;
  bool force = false;
  bool renew = false;
  int renew_within_days = 30;
  int timeout_s = 15;
};

CommandOutput EnrolResultOutput(const prov::EnrolResult& r, bool renewal) {
  CommandOutput out;
  std::string until =
      fmt::format("{:%Y-%m-%d %H:%M} UTC", std::chrono::floor<std::chrono::seconds>(r.not_after));
  out.json = {{"ok", true},
              {"kiosk_id", r.kiosk_id},
              {"cert_file", r.cert_file},
              {"key_file", r.key_file},
              {"ca_file", r.ca_file},
              {"not_after", until},
              {"renewed", r.renewed}};
  if (!r.ca_fingerprint.empty()) out.json["ca_fingerprint"] = r.ca_fingerprint;
  if (renewal && !r.renewed) {
    out.human =
        fmt::format("certificate of '{}' valid until {}: renewal not due yet\n", r.kiosk_id, until);
  } else if (renewal) {
    out.human = fmt::format("certificate of '{}' renewed, valid until {}\n", r.kiosk_id, until);
  } else {
    out.human = fmt::format(
        "enrolled as '{}'\n  certificate {} (valid until {})\n  key         {}\n  centre CA   "
        "{}\nnext: kioskctl selftest\n",
        r.kiosk_id, r.cert_file, until, r.key_file, r.ca_file);
  }
  return out;
}

CommandOutput RunEnrol(const Cli& cli, EnrolOptions o) {
  if (o.renew) {
    prov::RenewRequest request;
    request.config_path = cli.config_path;
    request.within = std::chrono::hours(24 * o.renew_within_days);
    request.force = o.force;
    request.timeout = std::chrono::seconds(o.timeout_s);
    auto result = prov::Renew(request);
    if (!result.ok()) return ErrorOutput(result.status());
    return EnrolResultOutput(*result, /*renewal=*/true);
  }
  if (o.central.empty() || o.token.empty() || o.fingerprint.empty()) {
    return ErrorOutput(InvalidInputError(
        "enrol needs --central URL, --token TOKEN and --ca-fingerprint SHA256 (or --renew)"));
  }
  if (o.token == "-") {
    auto token = ReadSecretLine("Enrolment token: ");
    if (!token.ok()) return ErrorOutput(token.status());
    o.token = *token;
  }
  prov::EnrolRequest request;
  request.config_path = cli.config_path;
  request.central_url = o.central;
  request.token = o.token;
  request.ca_fingerprint = o.fingerprint;
  request.force = o.force;
  request.timeout = std::chrono::seconds(o.timeout_s);
  auto result = prov::Enrol(request);
  if (!result.ok()) return ErrorOutput(result.status());
  return EnrolResultOutput(*result, /*renewal=*/false);
}

// --- configure -----------------------------------------------------------------------------

struct ConfigureOptions {
  prov::ConfigChanges changes;
  bool staff_pin = false;
  bool no_staff_pin = false;
};

CommandOutput RunConfigure(const Cli& cli, ConfigureOptions o) {
  if (o.staff_pin && o.no_staff_pin) {
    return ErrorOutput(InvalidInputError("--staff-pin and --no-staff-pin exclude each other"));
  }
  if (o.staff_pin) {
    auto hash = ReadNewStaffPin();
    if (!hash.ok()) return ErrorOutput(hash.status());
    o.changes.staff_pin_hash = *hash;
  }
  if (o.no_staff_pin) o.changes.staff_pin_hash = "";
  if (o.changes.empty()) {
    return ErrorOutput(InvalidInputError("nothing to change: see kioskctl configure --help"));
  }

  bool existed = false;
  auto config = prov::LoadConfigOrDefaults(cli.config_path, &existed);
  if (!config.ok()) return ErrorOutput(config.status());
  Status applied = prov::ApplyConfigChanges(o.changes, *config);
  if (!applied.ok()) {
    std::string context = existed ? fmt::format("{} not changed", cli.config_path)
                                  : fmt::format(
                                        "{} not created (a new configuration needs at "
                                        "least --kiosk-id and --commune)",
                                        cli.config_path);
    return ErrorOutput(applied.WithContext(context));
  }
  Status saved = prov::SaveConfig(cli.config_path, *config);
  if (!saved.ok()) return ErrorOutput(saved);

  CommandOutput out;
  out.json = {{"ok", true}, {"path", cli.config_path}, {"created", !existed}};
  if (o.changes.staff_pin_hash) {
    out.json["staff_mode"] = !o.changes.staff_pin_hash->empty();
  }
  out.human = fmt::format(
      "{} {}{}\n", cli.config_path, existed ? "updated" : "created",
      o.changes.staff_pin_hash
          ? (o.changes.staff_pin_hash->empty() ? " (staff mode off)" : " (staff PIN set)")
          : "");
  return out;
}

// --- selftest ------------------------------------------------------------------------------

struct SelfTestOptions {
  std::string card_can;
  bool print = false;
  int min_free_mb = 200;
  int clock_tolerance_s = 120;
};

CommandOutput ReportOutput(const prov::SelfTestReport& report) {
  CommandOutput out;
  nlohmann::json checks = nlohmann::json::array();
  int failed = 0;
  for (const auto& r : report.results) {
    checks.push_back({{"name", r.name},
                      {"outcome", std::string(prov::CheckOutcomeName(r.outcome))},
                      {"detail", r.detail},
                      {"hint", r.hint}});
    std::string label;
    switch (r.outcome) {
      case prov::CheckOutcome::kPass:
        label = "PASS";
        break;
      case prov::CheckOutcome::kWarn:
        label = "WARN";
        break;
      case prov::CheckOutcome::kFail:
        label = "FAIL";
        ++failed;
        break;
      case prov::CheckOutcome::kSkipped:
        label = "SKIP";
        break;
    }
    out.human += fmt::format("{:<4}  {:<12} {}\n", label, r.name, r.detail);
    if (!r.hint.empty()) out.human += fmt::format("{:18}hint: {}\n", "", r.hint);
  }
  out.json = {{"ok", report.passed()}, {"checks", checks}};
  out.human += report.passed() ? "selftest: PASS\n"
                               : fmt::format("selftest: FAIL ({} check(s) failed)\n", failed);
  out.exit_code = report.passed() ? kExitOk : kExitCheckFailed;
  return out;
}

CommandOutput RunSelfTest(const Cli& cli, const SelfTestOptions& o) {
  auto config = LoadConfig(cli.config_path);
  if (!config.ok()) return ErrorOutput(config.status());
  const Clock& clock = SystemClock();
  prov::SelfTest test;
  std::optional<std::string> can;
  if (!o.card_can.empty()) can = o.card_can;
  test.Add(std::make_unique<prov::ReaderCheck>(prov::MakePcscReaderProbe(),
                                               config->card.preferred_reader, nullptr, can));
  test.Add(std::make_unique<prov::PrinterCheck>(
      prov::MakeCupsPrinterProbe("", config->printer.paper,
                                 std::chrono::seconds(config->printer.job_timeout_s)),
      config->printer.destination, o.print));
  test.Add(std::make_unique<prov::CertificateCheck>(*config, clock));
  test.Add(std::make_unique<prov::CentreCheck>(*config, clock,
                                               std::chrono::seconds(o.clock_tolerance_s)));
  test.Add(std::make_unique<prov::DiskCheck>(config->storage.data_dir,
                                             static_cast<uint64_t>(o.min_free_mb) << 20));
  test.Add(std::make_unique<prov::QueueCheck>(
      prov::MakeQueueInspector(config->storage.data_dir, clock), clock));
  return ReportOutput(test.Run());
}

// --- wipe ----------------------------------------------------------------------------------

struct WipeOptions {
  bool force = false;
  std::string export_path;
};

CommandOutput RunWipe(const Cli& cli, const WipeOptions& o) {
  auto config = LoadConfig(cli.config_path);
  if (!config.ok()) return ErrorOutput(config.status());
  if (isatty(STDIN_FILENO) != 0) {
    std::cerr << fmt::format(
        "This removes the keys, certificates, configuration and queue of "
        "'{}'.\nType the kiosk id to confirm: ",
        config->identity.id);
    std::string typed;
    std::getline(std::cin, typed);
    if (TrimLine(typed) != config->identity.id) {
      return ErrorOutput(CancelledError("not confirmed; nothing removed"));
    }
  }
  auto inspector = prov::MakeQueueInspector(config->storage.data_dir, SystemClock());
  prov::WipeRequest request{cli.config_path, o.export_path, o.force};
  auto result = prov::Wipe(request, *config, *inspector);
  if (!result.ok()) return ErrorOutput(result.status());
  CommandOutput out;
  out.json = {{"ok", true},
              {"removed", result->removed},
              {"exported", result->exported},
              {"unsent_lost", result->unsent_lost}};
  out.human = fmt::format(
      "wiped: {} item(s) removed{}{}\n", result->removed.size(),
      result->exported ? fmt::format(", submissions exported to {}", o.export_path) : "",
      result->unsent_lost > 0
          ? fmt::format(", {} unsent submission(s) destroyed", result->unsent_lost)
          : "");
  return out;
}

}  // namespace

void RegisterProvisioningCommands(Cli& cli) {
  // Each command's options are shared with its callbacks, which run after parsing.
  auto enrol_options = std::make_shared<EnrolOptions>();
  auto* enrol = cli.app->add_subcommand(
      "enrol", "enrol this kiosk with the centre (device key made here, CA pinned by fingerprint)");
  enrol->add_option("--central", enrol_options->central, "the centre's URL, https://HOST:PORT");
  enrol->add_option("--token", enrol_options->token,
                    "one-time enrolment token from the centre ('-' reads it from stdin)");
  enrol->add_option("--ca-fingerprint", enrol_options->fingerprint,
                    "SHA-256 fingerprint of the centre's CA certificate (hex, ':' optional)");
  enrol->add_flag("--force", enrol_options->force, "enrol again although already enrolled");
  enrol->add_flag("--renew", enrol_options->renew,
                  "renew the current certificate (mutual TLS) when it expires soon");
  enrol
      ->add_option("--renew-within-days", enrol_options->renew_within_days,
                   "with --renew: renew when it expires within this many days")
      ->check(CLI::Range(1, 3650))
      ->capture_default_str();
  enrol->add_option("--timeout", enrol_options->timeout_s, "network timeout in seconds")
      ->check(CLI::Range(1, 300))
      ->capture_default_str();
  enrol->callback([&cli, enrol_options] {
    cli.run = [&cli, enrol_options] { return RunEnrol(cli, *enrol_options); };
  });

  auto configure_options = std::make_shared<ConfigureOptions>();
  auto& c = configure_options->changes;
  auto* configure = cli.app->add_subcommand(
      "configure", "change settings of the configuration file (validated, written atomically)");
  configure->add_option("--kiosk-id", c.kiosk_id, "the kiosk's name at the centre");
  configure->add_option("--commune", c.commune, "the commune, shown on screen and receipts");
  configure->add_option("--site", c.site, "the site within the commune");
  configure->add_option("--central-url", c.central_url, "the centre, https://HOST:PORT");
  configure->add_option("--printer", c.printer_destination, "CUPS destination of the printer");
  configure->add_option("--reader", c.preferred_reader, "part of the PC/SC reader's name");
  configure->add_option("--languages", c.languages, "offered languages, e.g. fr,en,es");
  configure->add_option("--idle-timeout", c.idle_timeout_s, "seconds without touch (15-1800)");
  configure->add_option("--orientation", c.orientation, "portrait or landscape");
  configure->add_option("--density", c.density_dpi, "screen density in DPI (50-600)");
  configure->add_option("--data-dir", c.data_dir, "folder of the queue, keys and catalog");
  configure->add_flag("--staff-pin", configure_options->staff_pin,
                      "set the staff PIN, read from the terminal or stdin (never argv)");
  configure->add_flag("--no-staff-pin", configure_options->no_staff_pin, "turn staff mode off");
  configure->callback([&cli, configure_options] {
    cli.run = [&cli, configure_options] { return RunConfigure(cli, *configure_options); };
  });

  auto selftest_options = std::make_shared<SelfTestOptions>();
  auto* selftest = cli.app->add_subcommand(
      "selftest", "check reader, printer, centre, clock, disk and queue; exit 1 on a failure");
  selftest->add_option("--card-can", selftest_options->card_can,
                       "also read the test card with this CAN");
  selftest->add_flag("--print", selftest_options->print, "also print a test page");
  selftest
      ->add_option("--min-free-mb", selftest_options->min_free_mb,
                   "free space needed on the data disk")
      ->capture_default_str();
  selftest
      ->add_option("--clock-tolerance", selftest_options->clock_tolerance_s,
                   "largest accepted clock difference with the centre, in seconds")
      ->capture_default_str();
  selftest->callback([&cli, selftest_options] {
    cli.run = [&cli, selftest_options] { return RunSelfTest(cli, *selftest_options); };
  });

  auto wipe_options = std::make_shared<WipeOptions>();
  auto* wipe = cli.app->add_subcommand(
      "wipe", "remove keys, certificates, configuration and queue before the kiosk leaves");
  wipe->add_flag("--force", wipe_options->force, "wipe even with unsent submissions (lost)");
  wipe->add_option("--export", wipe_options->export_path,
                   "export unsent submissions to this file first");
  wipe->callback([&cli, wipe_options] {
    cli.run = [&cli, wipe_options] { return RunWipe(cli, *wipe_options); };
  });
}

}  // namespace kiosk::ctl
