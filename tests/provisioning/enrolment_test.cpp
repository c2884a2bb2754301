// Enrolment against a real guichet-central on loopback (child process, private data folder).
#include "provisioning/enrolment.h"

#include <sys/stat.h>

#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "base/config.h"
#include "provisioning/central_client.h"
#include "provisioning/config_file.h"
#include "provisioning/device_identity.h"
#include "tests/provisioning/central_fixture.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace kiosk::provisioning {
namespace {

namespace fs = std::filesystem;
using kiosk::testing::BinaryPath;
using kiosk::testing::FreeTcpPort;
using kiosk::testing::PrivateCentral;
using kiosk::testing::ReadFile;
using kiosk::testing::RunCommand;
using kiosk::testing::TempDir;

// Files under `dir`, recursively, relative to it.
std::vector<std::string> Tree(const fs::path& dir) {
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    files.push_back(fs::relative(e.path(), dir).string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

class EnrolmentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(central_.ok()) << central_.error();
    fs::create_directory(dir_.Join("data"));
    config_path_ = dir_.WriteFile("kiosk.toml",
                                  "[identity]\nid = \"arles-01\"\n"
                                  "commune = \"Arles\"\nsite = \"Hôtel de ville\"\n"
                                  "[storage]\ndata_dir = \"" +
                                      dir_.Join("data") + "\"\n");
  }

  EnrolRequest Request(const std::string& token) {
    EnrolRequest request;
    request.config_path = config_path_;
    request.central_url = central_.url();
    request.token = token;
    request.ca_fingerprint = central_.ca_fingerprint();
    request.timeout = std::chrono::seconds(5);
    return request;
  }

  // A renewal asked for now, whatever the certificate's expiry (`kioskctl enrol --renew --force`).
  RenewRequest ForcedRenewal() {
    RenewRequest renew;
    renew.config_path = config_path_;
    renew.force = true;
    renew.timeout = std::chrono::seconds(5);
    return renew;
  }

  // Nothing half written: the configuration byte for byte and no identity file.
  void ExpectNothingWritten(const std::string& config_before) {
    EXPECT_EQ(ReadFile(config_path_), config_before);
    std::string identity = IdentityFolder(dir_.Join("data"));
    if (fs::exists(identity)) {
      EXPECT_TRUE(Tree(identity).empty()) << Tree(identity).front();
    }
  }

  PrivateCentral central_;
  TempDir dir_;
  std::string config_path_;
};

TEST_F(EnrolmentTest, EnrolsStoresThePrivateKeyForTheOwnerOnlyAndUpdatesTheConfiguration) {
  std::string token = central_.CreateToken("arles-01");
  ASSERT_FALSE(token.empty());
  auto result = Enrol(Request(token));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->kiosk_id, "arles-01");

  auto config = LoadConfig(config_path_);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->central.url, central_.url());
  EXPECT_EQ(config->central.key_file, result->key_file);
  EXPECT_EQ(config->identity.commune, "Arles") << "the rest of the configuration is kept";
  struct stat st {};
  ASSERT_EQ(stat(config->central.key_file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(stat(fs::path(config->central.key_file).parent_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0077, 0u) << "the identity folder is private";

  // The pinned CA is the centre's, and the certificate is this kiosk's.
  EXPECT_EQ(ReadFile(config->central.ca_file), ReadFile(central_.ca_file()));
  auto cert = ParseCertificatePem(ReadFile(config->central.cert_file));
  auto key = ParsePrivateKeyPem(ReadFile(config->central.key_file));
  ASSERT_TRUE(cert.ok() && key.ok());
  EXPECT_EQ(CommonName(cert->get()), "arles-01");
  EXPECT_EQ(X509_check_private_key(cert->get(), key->get()), 1);
}

TEST_F(EnrolmentTest, TheCommandAcceptsAFingerprintWithColonsInUpperCase) {
  std::string token = central_.CreateToken("arles-01");
  std::string typed = FormatFingerprint(central_.ca_fingerprint());
  ASSERT_NE(typed.find(':'), std::string::npos);
  auto run = RunCommand({BinaryPath("kioskctl"), "--json", "-c", config_path_, "enrol", "--central",
                         central_.url(), "--token", token, "--ca-fingerprint", typed});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["kiosk_id"], "arles-01");
  EXPECT_EQ(run.out.find(token), std::string::npos) << "the token is never printed";
  EXPECT_EQ(run.err.find(token), std::string::npos) << "the token is never logged";
}

TEST_F(EnrolmentTest, RefusesAReusedTokenAndWritesNothing) {
  std::string token = central_.CreateToken("arles-01");
  TempDir other;
  fs::create_directory(other.Join("data"));
  std::string other_config = other.WriteFile(
      "kiosk.toml", "[identity]\nid = \"x\"\ncommune = \"Arles\"\n[storage]\ndata_dir = \"" +
                        other.Join("data") + "\"\n");
  EnrolRequest first = Request(token);
  first.config_path = other_config;
  ASSERT_TRUE(Enrol(first).ok());

  std::string before = ReadFile(config_path_);
  auto again = Enrol(Request(token));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(again.status().message().find("already used"), std::string::npos)
      << again.status().message();
  ExpectNothingWritten(before);
}

TEST_F(EnrolmentTest, RefusesAWrongFingerprintBeforeSendingTheToken) {
  std::string token = central_.CreateToken("arles-01");
  std::string before = ReadFile(config_path_);
  EnrolRequest request = Request(token);
  request.ca_fingerprint = std::string(64, 'a');
  auto result = Enrol(request);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(result.status().message().find("fingerprint"), std::string::npos);
  ExpectNothingWritten(before);
  // The token was not spent: the right fingerprint still enrols with it.
  EXPECT_TRUE(Enrol(Request(token)).ok());
}

TEST_F(EnrolmentTest, UnreachableCentreIsAClearRetryLaterErrorAndWritesNothing) {
  std::string before = ReadFile(config_path_);
  EnrolRequest request = Request("some-token");
  request.central_url = "https://127.0.0.1:" + std::to_string(FreeTcpPort());
  auto result = Enrol(request);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().reaction(), Reaction::kRetryLater) << result.status().ToString();
  EXPECT_NE(result.status().message().find("cannot reach the centre"), std::string::npos);
  ExpectNothingWritten(before);
}

TEST_F(EnrolmentTest, RefusesToEnrolTwiceWithoutForce) {
  ASSERT_TRUE(Enrol(Request(central_.CreateToken("arles-01"))).ok());
  std::string before = ReadFile(config_path_);
  auto twice = Enrol(Request(central_.CreateToken("arles-01")));
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(ReadFile(config_path_), before);

  EnrolRequest forced = Request(central_.CreateToken("arles-01"));
  forced.force = true;
  auto again = Enrol(forced);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  auto config = LoadConfig(config_path_);
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->central.cert_file, again->cert_file);
  EXPECT_EQ(Tree(IdentityFolder(dir_.Join("data"))).size(), 4u)
      << "only the new generation (folder + 3 files) is kept";
}

TEST_F(EnrolmentTest, UsesTheKioskIdTheCentreIssued) {
  auto result = Enrol(Request(central_.CreateToken("arles-hall-02")));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->kiosk_id, "arles-hall-02");
  EXPECT_EQ(LoadConfig(config_path_)->identity.id, "arles-hall-02");
}

TEST_F(EnrolmentTest, RenewalIsNotDueForAFreshCertificate) {
  ASSERT_TRUE(Enrol(Request(central_.CreateToken("arles-01"))).ok());
  RenewRequest renew;
  renew.config_path = config_path_;
  auto result = Renew(renew);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_FALSE(result->renewed);
}

// A heartbeat to the centre with the given identity files.
StatusOr<HttpResponse> Heartbeat(const std::string& url, const TlsFiles& tls) {
  nlohmann::json state = {
      {"software_version", "0.1.0"}, {"queue_depth", 0}, {"clock", "2026-12-03T10:00:00Z"}};
  return CentralClient(url, std::chrono::seconds(5)).PostJson("/v1/heartbeats", state.dump(), tls);
}

TEST_F(EnrolmentTest, ForcedRenewalIssuesANewCertificateForANewKey) {
  auto enrolled = Enrol(Request(central_.CreateToken("arles-01")));
  ASSERT_TRUE(enrolled.ok()) << enrolled.status().ToString();
  std::string old_cert = ReadFile(enrolled->cert_file);
  std::string old_key = ReadFile(enrolled->key_file);
  // Kept aside: the renewal removes the old generation once the new one is in use.
  TempDir aside;
  TlsFiles old_identity{central_.ca_file(), aside.WriteFile("old.crt", old_cert),
                        aside.WriteFile("old.key", old_key)};

  auto result = Renew(ForcedRenewal());
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->renewed);
  EXPECT_EQ(result->kiosk_id, "arles-01");
  EXPECT_GT(result->not_after, std::chrono::system_clock::now() + std::chrono::hours(24 * 365));
  EXPECT_NE(result->cert_file, enrolled->cert_file) << "a new generation";
  EXPECT_NE(ReadFile(result->cert_file), old_cert);
  EXPECT_NE(ReadFile(result->key_file), old_key) << "a renewal makes a new key";

  // The configuration is valid and points to the new generation; the rest is kept.
  auto config = LoadConfig(config_path_);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->central.cert_file, result->cert_file);
  EXPECT_EQ(config->central.key_file, result->key_file);
  EXPECT_EQ(config->central.ca_file, result->ca_file);
  EXPECT_EQ(config->central.url, central_.url());
  EXPECT_EQ(config->identity.id, "arles-01");
  EXPECT_EQ(config->identity.commune, "Arles");
  EXPECT_EQ(ReadFile(config->central.ca_file), ReadFile(central_.ca_file()));
  struct stat st {};
  ASSERT_EQ(stat(config->central.key_file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto cert = ParseCertificatePem(ReadFile(config->central.cert_file));
  auto key = ParsePrivateKeyPem(ReadFile(config->central.key_file));
  ASSERT_TRUE(cert.ok() && key.ok());
  EXPECT_EQ(CommonName(cert->get()), "arles-01");
  EXPECT_EQ(X509_check_private_key(cert->get(), key->get()), 1);
  EXPECT_EQ(Tree(IdentityFolder(dir_.Join("data"))).size(), 4u)
      << "only the new generation (folder + 3 files) is kept";

  // The centre accepts the new identity and refuses the old one from now on.
  auto accepted = Heartbeat(
      central_.url(),
      TlsFiles{config->central.ca_file, config->central.cert_file, config->central.key_file});
  ASSERT_TRUE(accepted.ok()) << accepted.status().ToString();
  EXPECT_EQ(accepted->status, 200) << accepted->body;
  auto refused = Heartbeat(central_.url(), old_identity);
  ASSERT_TRUE(refused.ok()) << refused.status().ToString();
  EXPECT_EQ(refused->status, 403);
  EXPECT_NE(refused->body.find("kiosk_revoked"), std::string::npos) << refused->body;
}

TEST_F(EnrolmentTest, RenewalAsksForTheKioskTheCertificateNames) {
  ASSERT_TRUE(Enrol(Request(central_.CreateToken("arles-01"))).ok());
  // identity.id edited by hand since the enrolment: the centre renews the certificate's kiosk.
  auto edited = LoadConfig(config_path_);
  ASSERT_TRUE(edited.ok());
  edited->identity.id = "arles-renamed";
  ASSERT_TRUE(SaveConfig(config_path_, *edited).ok());
  auto result = Renew(ForcedRenewal());
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->kiosk_id, "arles-01");
  EXPECT_EQ(LoadConfig(config_path_)->identity.id, "arles-01");
}

TEST_F(EnrolmentTest, TheCommandRenewsWithForce) {
  ASSERT_TRUE(Enrol(Request(central_.CreateToken("arles-01"))).ok());
  auto run = RunCommand(
      {BinaryPath("kioskctl"), "--json", "-c", config_path_, "enrol", "--renew", "--force"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["renewed"], true);
  EXPECT_EQ(json["kiosk_id"], "arles-01");
  EXPECT_EQ(LoadConfig(config_path_)->central.cert_file, json["cert_file"]);
}

TEST_F(EnrolmentTest, RenewalWithTheCentreUnreachableIsRetryLaterAndWritesNothing) {
  ASSERT_TRUE(Enrol(Request(central_.CreateToken("arles-01"))).ok());
  std::string before = ReadFile(config_path_);
  std::vector<std::string> tree = Tree(IdentityFolder(dir_.Join("data")));
  central_.Stop();
  auto result = Renew(ForcedRenewal());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().reaction(), Reaction::kRetryLater) << result.status().ToString();
  EXPECT_EQ(ReadFile(config_path_), before);
  EXPECT_EQ(Tree(IdentityFolder(dir_.Join("data"))), tree) << "no staging folder left behind";
}

TEST_F(EnrolmentTest, RenewalRefusedByTheCentreKeepsTheCurrentCertificate) {
  ASSERT_TRUE(Enrol(Request(central_.CreateToken("arles-01"))).ok());
  std::string before = ReadFile(config_path_);
  std::vector<std::string> tree = Tree(IdentityFolder(dir_.Join("data")));
  ASSERT_TRUE(central_.Revoke("arles-01"));
  auto result = Renew(ForcedRenewal());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kPermissionDenied) << result.status().ToString();
  EXPECT_NE(result.status().message().find("kiosk_revoked"), std::string::npos)
      << result.status().message();
  EXPECT_EQ(ReadFile(config_path_), before);
  EXPECT_EQ(Tree(IdentityFolder(dir_.Join("data"))), tree);
}

TEST_F(EnrolmentTest, RenewalNeedsAnEnrolledKiosk) {
  RenewRequest renew;
  renew.config_path = config_path_;
  EXPECT_EQ(Renew(renew).status().code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace kiosk::provisioning
