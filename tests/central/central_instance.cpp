#include "tests/central/central_instance.h"

#include <signal.h>

#include <chrono>

#include "kiosk/procedure/answer.h"
#include "kiosk/procedure/loader.h"
#include "kiosk/procedure/submission.h"

namespace kiosk::central::testing {

using kiosk::testing::BinaryPath;
using kiosk::testing::ChildProcess;
using kiosk::testing::CommandResult;
using kiosk::testing::RunCommand;
using nlohmann::json;

std::string CentralInstance::DefaultProcedure() { return VoirieProcedure(); }

std::string VoirieProcedure(const std::string& id) {
  std::string yaml = kiosk::testing::ReadFile(std::string(KIOSK_SOURCE_DIR) +
                                              "/procedures/signalement-voirie.yaml");
  if (!id.empty()) {
    const std::string original = "id: signalement-voirie";
    yaml.replace(yaml.find(original), original.size(), "id: " + id);
  }
  return yaml;
}

json ValidAnswers(const std::string& description) {
  return {{"categorie", "chaussee"},
          {"danger", false},
          {"adresse_lieu", "12 rue de la Paix"},
          {"description", description},
          {"souhaite_contact", false}};
}

CentralInstance::CentralInstance(const std::vector<std::string>& procedure_yaml,
                                 std::vector<std::string> extra_serve_args)
    : data_dir_(temp_.Join("data")),
      port_(kiosk::testing::FreeTcpPort()),
      extra_serve_args_(std::move(extra_serve_args)) {
  CommandResult init = Admin({"init"});
  if (init.exit_code != 0) setup_error_ += "admin init: " + init.err;
  if (!procedure_yaml.empty()) {
    for (size_t i = 0; i < procedure_yaml.size(); ++i) {
      temp_.WriteFile("procedures-src/p" + std::to_string(i) + ".yaml", procedure_yaml[i]);
    }
    CommandResult published = Admin({"catalog", "publish", temp_.Join("procedures-src")});
    if (published.exit_code != 0) setup_error_ += "catalog publish: " + published.err;
  }
}

CentralInstance::~CentralInstance() = default;

bool CentralInstance::Start() {
  if (!setup_error_.empty()) return false;
  std::vector<std::string> argv = {
      BinaryPath("guichet-central"),       "serve", "--data", data_dir_, "--listen",
      "127.0.0.1:" + std::to_string(port_)};
  argv.insert(argv.end(), extra_serve_args_.begin(), extra_serve_args_.end());
  process_ = std::make_unique<ChildProcess>(argv, temp_.Join("server.log"));
  return kiosk::testing::WaitUntil([this] {
    if (!process_->running()) return false;
    auto client = Client();
    auto result = client->Get("/v1/health");
    return result && result->status == 200;
  });
}

int CentralInstance::Stop(int signal) {
  if (!process_) return -1;
  int code = process_->Stop(signal);
  process_.reset();
  return code;
}

std::string CentralInstance::log() const {
  if (!setup_error_.empty()) return "set-up failed: " + setup_error_;
  return kiosk::testing::ReadFile(temp_.Join("server.log"));
}

CommandResult CentralInstance::Admin(std::vector<std::string> args) const {
  std::vector<std::string> argv = {BinaryPath("guichet-central"), "admin", "--data", data_dir_};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv);
}

std::string CentralInstance::CreateToken(const std::string& kiosk_id, int valid_seconds) const {
  std::vector<std::string> args = {"--json", "token", "create", "--kiosk-id", kiosk_id};
  if (valid_seconds >= 0) {
    args.push_back("--valid-seconds");
    args.push_back(std::to_string(valid_seconds));
  }
  CommandResult result = Admin(args);
  json parsed = json::parse(result.out, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("token")) return "";
  return parsed["token"].get<std::string>();
}

std::optional<KioskCredentials> CentralInstance::Enrol(const std::string& kiosk_id) const {
  std::string token = CreateToken(kiosk_id);
  auto key = GenerateEcKey();
  if (!key.ok()) return std::nullopt;
  auto csr = MakeCsrPem(key->get(), "ignored-by-the-centre");
  if (!csr.ok()) return std::nullopt;
  auto client = Client();
  auto result = client->Post("/v1/enrolments", json({{"token", token}, {"csr", *csr}}).dump(),
                             "application/json");
  if (!result || result->status != 201) return std::nullopt;
  json answer = json::parse(result->body, nullptr, false);
  if (!answer.is_object() || !answer.contains("certificate")) return std::nullopt;
  auto certificate = ParseCertificatePem(answer["certificate"].get<std::string>());
  if (!certificate.ok()) return std::nullopt;
  KioskCredentials credentials;
  credentials.kiosk_id = answer["kiosk_id"].get<std::string>();
  credentials.certificate = std::move(*certificate);
  credentials.key = std::move(*key);
  return credentials;
}

std::unique_ptr<httplib::SSLClient> CentralInstance::Client(const KioskCredentials* kiosk) const {
  auto client = kiosk != nullptr
                    ? std::make_unique<httplib::SSLClient>(
                          "127.0.0.1", port_, kiosk->certificate.get(), kiosk->key.get())
                    : std::make_unique<httplib::SSLClient>("127.0.0.1", port_);
  client->set_ca_cert_path((data_dir_ + "/ca.pem").c_str());
  client->enable_server_certificate_verification(true);
  client->set_connection_timeout(std::chrono::seconds(5));
  client->set_read_timeout(std::chrono::seconds(10));
  client->set_keep_alive(true);
  client->set_tcp_nodelay(true);
  return client;
}

std::string NewUuid() {
  auto bytes = RandomBytes(16);
  std::string raw = *bytes;
  raw[6] = static_cast<char>((raw[6] & 0x0f) | 0x40);
  raw[8] = static_cast<char>((raw[8] & 0x3f) | 0x80);
  std::string hex = HexEncode(raw);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

std::string SubmissionBody(const std::string& id, const std::string& kiosk_id, const json& answers,
                           const std::string& procedure_yaml) {
  procedure::ProcedureLoad load = procedure::ParseProcedure(procedure_yaml, "test.yaml");
  if (!load.ok()) return "procedure does not load: " + load.errors.front().ToString();
  auto now = std::chrono::system_clock::now();
  procedure::Resolution resolution =
      procedure::Resolve(*load.procedure, answers, procedure::UtcDate(now));
  procedure::SubmissionEnvelope envelope;
  envelope.id = id;
  envelope.created_at = now;
  envelope.kiosk_id = kiosk_id;
  envelope.identity_source = procedure::IdentitySource::kNone;
  auto frozen = procedure::FreezeSubmission(*load.procedure, resolution.answers, envelope);
  if (!frozen.ok()) return "cannot freeze: " + frozen.status().ToString();
  return frozen->bytes;
}

std::string RawSubmissionBody(const std::string& id, const std::string& kiosk_id,
                              const json& answers, const std::string& procedure_id,
                              int procedure_version) {
  json body = {{"answers", answers},
               {"assisted_by", nullptr},
               {"created_at", "2026-12-03T18:22:31Z"},
               {"format", 1},
               {"id", id},
               {"identity_source", "none"},
               {"kiosk_id", kiosk_id},
               {"language", "fr"},
               {"procedure", {{"id", procedure_id}, {"version", procedure_version}}},
               {"time_zone", "Europe/Paris"}};
  return body.dump();
}

std::string ErrorCode(const httplib::Result& result) {
  if (!result) return "";
  json body = json::parse(result->body, nullptr, false);
  if (!body.is_object() || !body.contains("error") || !body["error"].is_object() ||
      !body["error"].contains("code")) {
    return "";
  }
  return body["error"]["code"].get<std::string>();
}

}  // namespace kiosk::central::testing
