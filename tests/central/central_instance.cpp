#include "tests/central/central_instance.h"

#include <signal.h>

#include <chrono>

namespace kiosk::central::testing {

using kiosk::testing::BinaryPath;
using kiosk::testing::ChildProcess;
using kiosk::testing::CommandResult;
using kiosk::testing::RunCommand;
using nlohmann::json;

std::string CentralInstance::DefaultProcedure() {
  return "id: acte-naissance\nversion: 3\ntitle: Demande d'acte de naissance\n";
}

CentralInstance::CentralInstance(const std::vector<std::string>& procedure_yaml,
                                 std::vector<std::string> extra_serve_args)
    : data_dir_(temp_.Join("data")),
      port_(kiosk::testing::FreeTcpPort()),
      extra_serve_args_(std::move(extra_serve_args)) {
  Admin({"init"});
  if (!procedure_yaml.empty()) {
    for (size_t i = 0; i < procedure_yaml.size(); ++i) {
      temp_.WriteFile("procedures-src/p" + std::to_string(i) + ".yaml", procedure_yaml[i]);
    }
    Admin({"catalog", "publish", temp_.Join("procedures-src")});
  }
}

CentralInstance::~CentralInstance() = default;

bool CentralInstance::Start() {
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
                           const std::string& procedure_id, int procedure_version) {
  json body = {{"answers", answers},
               {"assisted_by", nullptr},
               {"created_at", "2026-12-03T18:22:31Z"},
               {"format", 1},
               {"id", id},
               {"identity_source", "typed"},
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
