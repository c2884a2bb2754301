// kioskctl procedure validate | run | keygen | catalog-build | catalog-verify
//
// Tools for authors (validate), for testing a procedure without a screen (run), and for
// building the signed catalog a centre distributes (keygen, catalog-build, catalog-verify).
#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "kiosk/ctl/cli.h"
#include "kiosk/procedure/canonical_json.h"
#include "kiosk/procedure/catalog.h"
#include "kiosk/procedure/loader.h"
#include "kiosk/procedure/session.h"

namespace kiosk::ctl {
namespace {

using procedure::Diagnostic;

StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(fmt::format("{}: cannot open the file", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

Status WriteWholeFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) return UnavailableError(fmt::format("{}: cannot write the file", path));
  return OkStatus();
}

StatusOr<nlohmann::json> ReadJsonFile(const std::string& path) {
  KIOSK_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  auto json = procedure::ParseJson(text);
  if (!json.ok()) return json.status().WithContext(path);
  return json;
}

nlohmann::json DiagnosticJson(const Diagnostic& d) {
  return {{"file", d.file},
          {"line", d.line},
          {"column", d.column},
          {"message", d.message},
          {"text", d.ToString()}};
}

CommandOutput Validate(const std::vector<std::string>& files) {
  CommandOutput out;
  nlohmann::json results = nlohmann::json::array();
  bool all_ok = true;
  for (const auto& file : files) {
    procedure::ProcedureLoad load = procedure::LoadProcedureFile(file);
    nlohmann::json entry = {{"file", file}, {"ok", load.ok()}};
    if (load.ok()) {
      const auto& p = *load.procedure;
      entry["id"] = p.id;
      entry["version"] = p.version;
      entry["languages"] = p.languages;
      entry["questions"] = p.AllQuestions().size();
      out.human += fmt::format("{}: ok ({} version {}, {} steps, {} questions, languages {})\n",
                               file, p.id, p.version, p.steps.size(), p.AllQuestions().size(),
                               fmt::join(p.languages, " "));
    } else {
      all_ok = false;
      entry["errors"] = nlohmann::json::array();
      for (const auto& d : load.errors) {
        entry["errors"].push_back(DiagnosticJson(d));
        out.human += d.ToString() + "\n";
      }
    }
    results.push_back(entry);
  }
  out.exit_code = all_ok ? kExitOk : kExitCheckFailed;
  out.json = {{"ok", all_ok}, {"files", results}};
  return out;
}

struct RunArgs {
  std::string file;
  std::string answers_path;
  std::string identity_path;
  std::string identity_source = "typed";
  std::string language = "fr";
  std::string kiosk_id = "kioskctl";
  std::string time_zone = "Europe/Paris";
  std::string assisted_by;
  std::string now;  // RFC 3339 UTC, for reproducible output
  std::string id;   // submission id, for reproducible output
};

class FixedClock : public Clock {
 public:
  explicit FixedClock(std::chrono::system_clock::time_point now) : now_(now) {}
  std::chrono::system_clock::time_point Now() const override { return now_; }
  std::chrono::steady_clock::time_point Steady() const override { return {}; }

 private:
  std::chrono::system_clock::time_point now_;
};

CommandOutput Run(const RunArgs& args) {
  procedure::ProcedureLoad load = procedure::LoadProcedureFile(args.file);
  if (!load.ok()) {
    CommandOutput out;
    out.exit_code = kExitUsage;
    out.json = {{"ok", false}, {"errors", nlohmann::json::array()}};
    out.human = "error: the procedure does not load\n";
    for (const auto& d : load.errors) {
      out.json["errors"].push_back(DiagnosticJson(d));
      out.human += d.ToString() + "\n";
    }
    return out;
  }
  auto answers = ReadJsonFile(args.answers_path);
  if (!answers.ok()) return ErrorOutput(answers.status());
  if (!answers->is_object()) {
    return ErrorOutput(InvalidInputError(args.answers_path + ": answers must be a JSON object"));
  }

  procedure::SessionOptions options;
  options.language = args.language;
  options.kiosk_id = args.kiosk_id;
  options.time_zone = args.time_zone;
  if (!args.assisted_by.empty()) options.assisted_by = args.assisted_by;
  auto source = procedure::IdentitySourceFromName(args.identity_source);
  if (!source)
    return ErrorOutput(InvalidInputError("unknown --identity-source " + args.identity_source));
  options.identity_source = *source;
  if (!args.identity_path.empty()) {
    auto identity_json = ReadJsonFile(args.identity_path);
    if (!identity_json.ok()) return ErrorOutput(identity_json.status());
    auto identity = procedure::IdentityDataFromJson(*identity_json);
    if (!identity.ok()) return ErrorOutput(identity.status().WithContext(args.identity_path));
    options.identity = *identity;
  }
  std::unique_ptr<FixedClock> fixed_clock;
  if (!args.now.empty()) {
    auto now = procedure::ParseUtc(args.now);
    if (!now) return ErrorOutput(InvalidInputError("--now must be YYYY-MM-DDTHH:MM:SSZ"));
    fixed_clock = std::make_unique<FixedClock>(*now);
    options.clock = fixed_clock.get();
  }
  if (!args.id.empty()) {
    std::string id = args.id;
    options.new_id = [id]() -> StatusOr<std::string> { return id; };
  }

  procedure::ProcedureSession session(load.procedure, options);
  std::vector<procedure::FieldError> errors;
  for (const auto& [id, value] : answers->items()) {
    auto message = session.SetAnswer(id, value);
    if (!message.ok()) {
      errors.push_back({id, message.status().message()});
    }
  }
  if (errors.empty()) {
    while (session.phase() == procedure::ProcedureSession::Phase::kStep && session.Next()) {
    }
    errors = session.AllErrors();
  }
  if (errors.empty()) {
    auto frozen = session.Confirm();
    if (!frozen.ok()) return ErrorOutput(frozen.status());
    CommandOutput out;
    out.json = {{"ok", true}, {"submission", nlohmann::json::parse(frozen->bytes)}};
    out.human = frozen->bytes + "\n";
    return out;
  }
  CommandOutput out;
  out.exit_code = kExitCheckFailed;
  out.json = {{"ok", false}, {"fields", nlohmann::json::array()}};
  for (const auto& e : errors) {
    out.json["fields"].push_back({{"question", e.question}, {"message", e.message}});
    out.human += fmt::format("{}: {}\n", e.question, e.message);
  }
  return out;
}

CommandOutput Keygen(const std::string& private_path, const std::string& public_path) {
  auto key = procedure::GenerateCatalogKey();
  if (!key.ok()) return ErrorOutput(key.status());
  Status written = WriteWholeFile(private_path, key->private_pem);
  if (written.ok()) written = WriteWholeFile(public_path, key->public_pem);
  if (!written.ok()) return ErrorOutput(written);
  auto key_id = procedure::CatalogKeyId(key->public_pem);
  CommandOutput out;
  out.json = {{"ok", true}, {"key_id", key_id.value_or("")}, {"public_key", public_path}};
  out.human = fmt::format("key {} written to {} (private) and {} (public)\n", key_id.value_or("?"),
                          private_path, public_path);
  return out;
}

CommandOutput CatalogBuild(const std::string& folder, const std::string& key_path, int64_t version,
                           const std::string& output) {
  auto key = ReadWholeFile(key_path);
  if (!key.ok()) return ErrorOutput(key.status());
  auto built = procedure::BuildCatalogFromFolder(folder, version, SystemClock().Now());
  if (!built.ok()) return ErrorOutput(built.status());
  CommandOutput out;
  if (!built->errors.empty()) {
    out.exit_code = kExitCheckFailed;
    out.json = {{"ok", false}, {"errors", nlohmann::json::array()}};
    for (const auto& d : built->errors) {
      out.json["errors"].push_back(DiagnosticJson(d));
      out.human += d.ToString() + "\n";
    }
    return out;
  }
  auto envelope = procedure::SignCatalog(built->catalog, *key);
  if (!envelope.ok()) return ErrorOutput(envelope.status());
  Status written = WriteWholeFile(output, *envelope);
  if (!written.ok()) return ErrorOutput(written);
  out.json = {{"ok", true},
              {"catalog_version", version},
              {"procedures", built->catalog.procedures.size()},
              {"path", output}};
  out.human = fmt::format("catalog version {} with {} procedures signed into {}\n", version,
                          built->catalog.procedures.size(), output);
  return out;
}

CommandOutput CatalogVerify(const std::string& path, const std::string& public_key_path) {
  auto envelope = ReadWholeFile(path);
  if (!envelope.ok()) return ErrorOutput(envelope.status());
  auto key = ReadWholeFile(public_key_path);
  if (!key.ok()) return ErrorOutput(key.status());
  auto catalog = procedure::VerifyCatalog(*envelope, *key);
  if (!catalog.ok()) {
    CommandOutput out = ErrorOutput(catalog.status());
    out.exit_code = kExitCheckFailed;
    return out;
  }
  auto loaded = procedure::LoadCatalogProcedures(*catalog);
  CommandOutput out;
  out.json = {{"ok", loaded.errors.empty()},
              {"catalog_version", catalog->catalog_version},
              {"issued_at", catalog->issued_at},
              {"procedures", nlohmann::json::array()}};
  out.human = fmt::format("{}: signature valid, catalog version {} issued {}\n", path,
                          catalog->catalog_version, catalog->issued_at);
  for (const auto& p : loaded.procedures) {
    out.json["procedures"].push_back({{"id", p->id}, {"version", p->version}});
    out.human += fmt::format("  {} version {}\n", p->id, p->version);
  }
  for (const auto& d : loaded.errors) out.human += "  " + d.ToString() + "\n";
  out.exit_code = loaded.errors.empty() ? kExitOk : kExitCheckFailed;
  return out;
}

}  // namespace

void RegisterProcedureCommands(Cli& cli) {
  auto* procedure = cli.app->add_subcommand("procedure", "check, run and sign procedures");
  procedure->require_subcommand(1);

  auto* validate = procedure->add_subcommand("validate", "check procedure files (YAML)");
  auto files = std::make_shared<std::vector<std::string>>();
  validate->add_option("files", *files, "procedure files")->required();
  validate->callback([&cli, files] { cli.run = [files] { return Validate(*files); }; });

  auto* run = procedure->add_subcommand("run", "run a procedure headless with given answers");
  auto args = std::make_shared<RunArgs>();
  run->add_option("file", args->file, "procedure file")->required();
  run->add_option("--answers", args->answers_path, "answers as a JSON object")->required();
  run->add_option("--identity", args->identity_path, "identity data as JSON (prefill)");
  run->add_option("--identity-source", args->identity_source,
                  "chip_verified, chip_unverified, typed or none")
      ->capture_default_str();
  run->add_option("--language", args->language, "citizen's language")->capture_default_str();
  run->add_option("--kiosk-id", args->kiosk_id, "kiosk id in the submission")
      ->capture_default_str();
  run->add_option("--time-zone", args->time_zone, "time zone in the submission")
      ->capture_default_str();
  run->add_option("--assisted-by", args->assisted_by, "staff id (assisted mode)");
  run->add_option("--now", args->now, "fixed time YYYY-MM-DDTHH:MM:SSZ (reproducible output)");
  run->add_option("--id", args->id, "fixed submission id (reproducible output)");
  run->callback([&cli, args] { cli.run = [args] { return Run(*args); }; });

  auto* keygen = procedure->add_subcommand("keygen", "create an Ed25519 catalog signing key");
  auto key_paths = std::make_shared<std::pair<std::string, std::string>>();
  keygen->add_option("--private", key_paths->first, "private key output (PEM)")->required();
  keygen->add_option("--public", key_paths->second, "public key output (PEM)")->required();
  keygen->callback([&cli, key_paths] {
    cli.run = [key_paths] { return Keygen(key_paths->first, key_paths->second); };
  });

  struct BuildArgs {
    std::string folder, key, output;
    int64_t version = 1;
  };
  auto build_args = std::make_shared<BuildArgs>();
  auto* build =
      procedure->add_subcommand("catalog-build", "sign a catalog of every procedure in a folder");
  build->add_option("folder", build_args->folder, "folder of procedure files")->required();
  build->add_option("--key", build_args->key, "private key (PEM)")->required();
  build->add_option("--catalog-version", build_args->version, "catalog version")->required();
  build->add_option("--output,-o", build_args->output, "signed catalog output")->required();
  build->callback([&cli, build_args] {
    cli.run = [build_args] {
      return CatalogBuild(build_args->folder, build_args->key, build_args->version,
                          build_args->output);
    };
  });

  auto verify_args = std::make_shared<std::pair<std::string, std::string>>();
  auto* verify = procedure->add_subcommand("catalog-verify", "verify a signed catalog");
  verify->add_option("catalog", verify_args->first, "signed catalog")->required();
  verify->add_option("--public-key", verify_args->second, "public key (PEM)")->required();
  verify->callback([&cli, verify_args] {
    cli.run = [verify_args] { return CatalogVerify(verify_args->first, verify_args->second); };
  });
}

}  // namespace kiosk::ctl
