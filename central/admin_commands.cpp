#include <unistd.h>

#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "base/redact.h"
#include "central/catalog.h"
#include "central/commands.h"
#include "central/data_dir.h"
#include "central/pki.h"
#include "central/sqlite_store.h"
#include "central/time_text.h"

namespace kiosk::central {
namespace {

using nlohmann::json;

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

struct AdminArgs {
  std::string data_dir;
  bool json_output = false;
  // init
  std::vector<std::string> hosts;
  // token create
  std::string kiosk_id;
  int valid_hours = 72;
  int valid_seconds = -1;
  // submissions
  std::string procedure;
  std::string from;
  std::string to;
  std::string submission_id;
  bool reveal = false;
  std::string output;
  size_t limit = 0;
  // catalog
  std::string catalog_dir;
};

int Fail(const Status& status) {
  std::cerr << "error: " << status.ToString() << "\n";
  bool usage = status.code() == StatusCode::kInvalidInput ||
               status.code() == StatusCode::kNotFound ||
               status.code() == StatusCode::kAlreadyExists;
  return usage ? kExitUsage : kExitFailed;
}

StatusOr<std::unique_ptr<SqliteStore>> OpenStore(const AdminArgs& args) {
  DataDir data(args.data_dir);
  KIOSK_RETURN_IF_ERROR(data.CheckInitialised());
  return SqliteStore::Open(data.Database());
}

// Kiosk ids appear in certificates, logs and file names: keep them plain.
bool ValidKioskId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// "2026-12-03" or a full RFC 3339 time. A date alone means the start of that day (UTC);
// `end_of_day` moves it to the start of the next day, for an inclusive --to.
StatusOr<std::string> DateBound(const std::string& text, bool end_of_day) {
  std::string full = text.size() == 10 ? text + "T00:00:00Z" : text;
  auto time = ParseRfc3339(full);
  if (!time) return InvalidInputError("not a date (YYYY-MM-DD) or RFC 3339 time: " + text);
  if (end_of_day && text.size() == 10) *time += std::chrono::hours(24);
  return Rfc3339(*time);
}

StatusOr<SubmissionFilter> MakeFilter(const AdminArgs& args, bool with_body) {
  SubmissionFilter filter;
  if (!args.procedure.empty()) filter.procedure_id = args.procedure;
  if (!args.from.empty()) {
    KIOSK_ASSIGN_OR_RETURN(std::string from, DateBound(args.from, false));
    filter.received_from = from;
  }
  if (!args.to.empty()) {
    KIOSK_ASSIGN_OR_RETURN(std::string to, DateBound(args.to, true));
    filter.received_until = to;
  }
  filter.with_body = with_body;
  filter.limit = args.limit;
  return filter;
}

json RecordJson(const SubmissionRecord& record, bool reveal) {
  json out = {{"id", record.id},
              {"reference", record.reference},
              {"received_at", record.received_at},
              {"kiosk_id", record.kiosk_id},
              {"procedure", {{"id", record.procedure_id}, {"version", record.procedure_version}}},
              {"body_sha256", record.body_sha256}};
  if (reveal) {
    json body = json::parse(record.body, nullptr, false);
    out["submission"] = body.is_discarded() ? json(record.body) : body;
  }
  return out;
}

int Init(const AdminArgs& args) {
  std::vector<std::string> hosts = args.hosts;
  for (const char* always : {"localhost", "127.0.0.1"}) {
    if (std::find(hosts.begin(), hosts.end(), always) == hosts.end()) hosts.push_back(always);
  }
  DataDir data(args.data_dir);
  Status status = data.Initialise(hosts);
  if (!status.ok()) return Fail(status);
  auto store = SqliteStore::Open(data.Database());
  if (!store.ok()) return Fail(store.status());
  auto ca = LoadCertificate(data.CaCertificate());
  if (!ca.ok()) return Fail(ca.status());
  std::string fingerprint = CertificateFingerprint(ca->get());
  if (args.json_output) {
    std::cout << json({{"ok", true}, {"data", args.data_dir}, {"ca_sha256", fingerprint}}) << "\n";
  } else {
    std::cout << "initialised " << args.data_dir << "\n"
              << "device CA SHA-256: " << fingerprint << "\n";
  }
  return 0;
}

int TokenCreate(const AdminArgs& args) {
  if (!ValidKioskId(args.kiosk_id)) {
    return Fail(InvalidInputError("--kiosk-id must be 1-64 of [A-Za-z0-9._-]"));
  }
  auto store = OpenStore(args);
  if (!store.ok()) return Fail(store.status());
  auto random = RandomBytes(24);
  if (!random.ok()) return Fail(random.status());
  // Base64url without padding: safe to type, to paste and to put in a URL or a QR code.
  std::string token = Base64Encode(*random);
  for (char& c : token) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  auto now = std::chrono::system_clock::now();
  auto expires = now + (args.valid_seconds >= 0 ? std::chrono::seconds(args.valid_seconds)
                                                : std::chrono::hours(args.valid_hours));
  Status created = (*store)->CreateToken(HexEncode(Sha256(token)), args.kiosk_id, now, expires);
  if (!created.ok()) return Fail(created);
  auto ca = LoadCertificate(DataDir(args.data_dir).CaCertificate());
  if (!ca.ok()) return Fail(ca.status());
  std::string fingerprint = CertificateFingerprint(ca->get());
  if (args.json_output) {
    std::cout << json({{"token", token},
                       {"kiosk_id", args.kiosk_id},
                       {"expires_at", Rfc3339(expires)},
                       {"ca_sha256", fingerprint}})
              << "\n";
  } else {
    std::cout << "enrolment token for " << args.kiosk_id << " (shown once, valid until "
              << Rfc3339(expires) << "):\n"
              << token << "\n"
              << "device CA SHA-256: " << fingerprint << "\n";
  }
  return 0;
}

int KiosksList(const AdminArgs& args) {
  auto store = OpenStore(args);
  if (!store.ok()) return Fail(store.status());
  auto kiosks = (*store)->ListKiosks();
  if (!kiosks.ok()) return Fail(kiosks.status());
  json list = json::array();
  for (const KioskRecord& k : *kiosks) {
    json state = json::parse(k.last_state, nullptr, false);
    list.push_back(
        {{"kiosk_id", k.kiosk_id},
         {"enrolled_at", k.enrolled_at},
         {"certificate_serial", k.certificate_serial},
         {"revoked_at", k.revoked_at ? json(*k.revoked_at) : json(nullptr)},
         {"last_heartbeat_at", k.last_heartbeat_at ? json(*k.last_heartbeat_at) : json(nullptr)},
         {"last_state", state.is_discarded() ? json(nullptr) : state}});
  }
  if (args.json_output) {
    std::cout << json({{"kiosks", list}}) << "\n";
    return 0;
  }
  for (const KioskRecord& k : *kiosks) {
    std::cout << k.kiosk_id << "  enrolled " << k.enrolled_at << "  "
              << (k.revoked_at ? "REVOKED " + *k.revoked_at : "active") << "  last heartbeat "
              << k.last_heartbeat_at.value_or("never") << "\n";
  }
  if (kiosks->empty()) std::cout << "no kiosk enrolled\n";
  return 0;
}

int KiosksRevoke(const AdminArgs& args) {
  auto store = OpenStore(args);
  if (!store.ok()) return Fail(store.status());
  Status revoked = (*store)->RevokeKiosk(args.kiosk_id, std::chrono::system_clock::now());
  if (!revoked.ok()) return Fail(revoked);
  std::cout << (args.json_output ? json({{"ok", true}, {"revoked", args.kiosk_id}}).dump()
                                 : "revoked " + args.kiosk_id)
            << "\n";
  return 0;
}

int SubmissionsList(const AdminArgs& args) {
  auto store = OpenStore(args);
  if (!store.ok()) return Fail(store.status());
  auto filter = MakeFilter(args, false);
  if (!filter.ok()) return Fail(filter.status());
  json list = json::array();
  Status walked = (*store)->ForEachSubmission(*filter, [&](const SubmissionRecord& record) {
    if (args.json_output) {
      list.push_back(RecordJson(record, false));
    } else {
      std::cout << record.reference << "  " << record.received_at << "  " << record.procedure_id
                << " v" << record.procedure_version << "  " << record.kiosk_id << "  " << record.id
                << "\n";
    }
    return true;
  });
  if (!walked.ok()) return Fail(walked);
  if (args.json_output) std::cout << json({{"submissions", list}}) << "\n";
  return 0;
}

int SubmissionsShow(const AdminArgs& args) {
  auto store = OpenStore(args);
  if (!store.ok()) return Fail(store.status());
  auto record = (*store)->FindSubmission(args.submission_id, args.reveal);
  if (!record.ok()) return Fail(record.status());
  json out = RecordJson(*record, args.reveal);
  if (!args.reveal) out["answers"] = "[hidden: add --reveal to show personal data]";
  std::cout << (args.json_output ? out.dump() : out.dump(2)) << "\n";
  return 0;
}

int SubmissionsExport(const AdminArgs& args) {
  auto store = OpenStore(args);
  if (!store.ok()) return Fail(store.status());
  auto filter = MakeFilter(args, args.reveal);
  if (!filter.ok()) return Fail(filter.status());
  std::ofstream file;
  if (!args.output.empty()) {
    file.open(args.output, std::ios::binary | std::ios::trunc);
    if (!file) return Fail(FailedPreconditionError("cannot write " + args.output));
  }
  std::ostream& out = args.output.empty() ? std::cout : file;
  size_t count = 0;
  Status walked = (*store)->ForEachSubmission(*filter, [&](const SubmissionRecord& record) {
    out << RecordJson(record, args.reveal).dump() << "\n";
    ++count;
    return true;
  });
  if (!walked.ok()) return Fail(walked);
  out.flush();
  if (!out) return Fail(UnavailableError("writing the export failed"));
  std::cerr << "exported " << count << " submission(s)"
            << (args.reveal ? " with personal data" : " without personal data (--reveal adds it)")
            << "\n";
  return 0;
}

int CatalogPublish(const AdminArgs& args) {
  auto version = PublishCatalog(args.data_dir, args.catalog_dir, std::chrono::system_clock::now());
  if (!version.ok()) return Fail(version.status());
  std::cout << (args.json_output ? json({{"ok", true}, {"catalog_version", *version}}).dump()
                                 : "published catalog version " + std::to_string(*version))
            << "\n";
  return 0;
}

}  // namespace

void RegisterAdminCommands(CLI::App& app, CommandRun& run) {
  auto args = std::make_shared<AdminArgs>();
  CLI::App* admin = app.add_subcommand("admin", "administration of a centre's data folder");
  admin->require_subcommand(1);
  admin->fallthrough();
  admin->add_option("--data", args->data_dir, "data folder")->required();
  admin->add_flag("--json", args->json_output, "print JSON");
  auto set = [&run, args](int (*command)(const AdminArgs&)) {
    return [&run, args, command] { run = [args, command] { return command(*args); }; };
  };

  CLI::App* init = admin->add_subcommand("init", "create the CA, server certificate, keys");
  init->add_option("--host", args->hosts,
                   "name or address the server certificate is for (repeatable); localhost and "
                   "127.0.0.1 are always included");
  init->callback(set(Init));

  CLI::App* token = admin->add_subcommand("token", "enrolment tokens")->require_subcommand(1);
  token->fallthrough();
  CLI::App* token_create = token->add_subcommand("create", "make a one-time enrolment token");
  token_create->add_option("--kiosk-id", args->kiosk_id, "the kiosk this token enrols")->required();
  token_create->add_option("--valid-hours", args->valid_hours, "validity")->capture_default_str();
  token_create->add_option("--valid-seconds", args->valid_seconds,
                           "validity in seconds (overrides --valid-hours)");
  token_create->callback(set(TokenCreate));

  CLI::App* kiosks = admin->add_subcommand("kiosks", "enrolled kiosks")->require_subcommand(1);
  kiosks->fallthrough();
  kiosks->add_subcommand("list", "list kiosks and their last heartbeat")->callback(set(KiosksList));
  CLI::App* revoke = kiosks->add_subcommand("revoke", "refuse a kiosk from now on");
  revoke->add_option("kiosk_id", args->kiosk_id, "kiosk id")->required();
  revoke->callback(set(KiosksRevoke));

  CLI::App* submissions =
      admin->add_subcommand("submissions", "received submissions")->require_subcommand(1);
  submissions->fallthrough();
  for (const char* name : {"list", "export"}) {
    bool is_export = std::string(name) == "export";
    CLI::App* sub = submissions->add_subcommand(
        name, is_export ? "export as JSON Lines" : "list submissions (no personal data)");
    sub->add_option("--procedure", args->procedure, "only this procedure id");
    sub->add_option("--from", args->from, "received on or after (YYYY-MM-DD or RFC 3339, UTC)");
    sub->add_option("--to", args->to, "received on or before (YYYY-MM-DD inclusive, or time)");
    sub->add_option("--limit", args->limit, "at most this many");
    if (is_export) {
      sub->add_flag("--reveal", args->reveal, "include the submissions (personal data)");
      sub->add_option("--output,-o", args->output, "file to write (default stdout)");
      sub->callback(set(SubmissionsExport));
    } else {
      sub->callback(set(SubmissionsList));
    }
  }
  CLI::App* show = submissions->add_subcommand("show", "show one submission");
  show->add_option("id", args->submission_id, "submission id")->required();
  show->add_flag("--reveal", args->reveal, "include the answers (personal data)");
  show->callback(set(SubmissionsShow));

  CLI::App* catalog = admin->add_subcommand("catalog", "the signed catalog")->require_subcommand(1);
  catalog->fallthrough();
  CLI::App* publish = catalog->add_subcommand("publish", "sign and publish a folder of YAML");
  publish->add_option("dir", args->catalog_dir, "folder of procedure *.yaml files")->required();
  publish->callback(set(CatalogPublish));
}

}  // namespace kiosk::central
