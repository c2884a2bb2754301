// kioskctl queue ... and kioskctl sync now, run as staff would, against a real queue file and
// a test centre over mutual TLS.
#include <filesystem>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "offline/queue/submission_queue.h"
#include "tests/offline/support/submissions.h"
#include "tests/offline/support/test_centre.h"
#include "tests/offline/support/test_pki.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace kiosk {
namespace {

using kiosk::testing::BinaryPath;
using kiosk::testing::RunCommand;
using kiosk::testing::SpecimenSubmission;

class QueueCommandTest : public ::testing::Test {
 protected:
  QueueCommandTest() : pki_(testing::TestPki::Create(dir_.path().string())) {
    std::filesystem::create_directory(dir_.Join("data"));
  }

  std::string WriteConfig(int port) {
    return dir_.WriteFile(
        "kiosk.toml",
        fmt::format("[identity]\nid = \"test-kiosk-01\"\ncommune = \"Arles\"\n"
                    "[central]\nurl = \"https://127.0.0.1:{}\"\nca_file = \"{}\"\n"
                    "cert_file = \"{}\"\nkey_file = \"{}\"\n[storage]\ndata_dir = \"{}\"\n",
                    port, pki_.ca_cert, pki_.client_cert, pki_.client_key, dir_.Join("data")));
  }

  void QueueSpecimens(int count) {
    auto key = offline::DataKey::LoadOrCreate(dir_.Join("data/data.key"));
    ASSERT_TRUE(key.ok());
    offline::QueueOptions options;
    options.database_path = dir_.Join("data/queue.sqlite");
    auto queue = offline::SubmissionQueue::Open(options, *key, SystemClock());
    ASSERT_TRUE(queue.ok());
    for (int i = 1; i <= count; ++i) ASSERT_TRUE((*queue)->Confirm(SpecimenSubmission(i)).ok());
  }

  testing::CommandResult Kioskctl(const std::string& config, std::vector<std::string> args) {
    std::vector<std::string> argv = {BinaryPath("kioskctl"), "--json", "-c", config};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv);
  }

  testing::TempDir dir_;
  testing::TestPki pki_;
};

TEST_F(QueueCommandTest, StatusWithoutAQueueIsAnInputError) {
  auto result = Kioskctl(WriteConfig(1), {"queue", "status"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(nlohmann::json::parse(result.out)["error"]["code"], "NotFound");
}

TEST_F(QueueCommandTest, StatusCountsTheQueue) {
  QueueSpecimens(3);
  auto result = Kioskctl(WriteConfig(1), {"queue", "status"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["pending"], 3);
  EXPECT_EQ(json["unsent"], 3);
  EXPECT_EQ(json["paused"], false);
}

TEST_F(QueueCommandTest, ListShowAndExportPrintNoPersonalData) {
  QueueSpecimens(2);
  std::string config = WriteConfig(1);
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"queue", "list"}, {"queue", "show", SpecimenSubmission(1).id}, {"queue", "export"}}) {
    auto result = Kioskctl(config, args);
    ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
    EXPECT_NE(result.out.find(SpecimenSubmission(1).id), std::string::npos);
    EXPECT_EQ(result.out.find(testing::kSpecimenSurname), std::string::npos) << args[1];
    EXPECT_EQ(result.out.find(testing::kSpecimenDocumentNumber), std::string::npos) << args[1];
  }
  EXPECT_EQ(nlohmann::json::parse(Kioskctl(config, {"queue", "list"}).out)["submissions"].size(),
            2u);
}

TEST_F(QueueCommandTest, RevealShowsTheCitizensDataToStaff) {
  QueueSpecimens(1);
  auto result = Kioskctl(WriteConfig(1), {"queue", "show", SpecimenSubmission(1).id, "--reveal"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["submission"]["payload"]["answers"]["surname"], testing::kSpecimenSurname);
  auto exported = Kioskctl(WriteConfig(1), {"queue", "export", "--reveal"});
  EXPECT_NE(exported.out.find(testing::kSpecimenDocumentNumber), std::string::npos);
}

TEST_F(QueueCommandTest, ShowOfAnUnknownIdIsAnInputError) {
  QueueSpecimens(1);
  EXPECT_EQ(Kioskctl(WriteConfig(1), {"queue", "show", "nope"}).exit_code, 2);
}

TEST_F(QueueCommandTest, RetryOfAPendingSubmissionIsRefused) {
  QueueSpecimens(1);
  auto result = Kioskctl(WriteConfig(1), {"queue", "retry", SpecimenSubmission(1).id});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(result.out)["error"]["code"], "FailedPrecondition");
}

TEST_F(QueueCommandTest, SyncNowDeliversEverythingAndRetryBringsBackAQuarantinedOne) {
  testing::TestCentre centre(pki_.server_cert, pki_.server_key, pki_.ca_cert);
  QueueSpecimens(3);
  std::string config = WriteConfig(centre.port());
  centre.QueueCanned({422, R"({"error":{"code":"invalid_answers"}})"});

  auto first = Kioskctl(config, {"sync", "now"});
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  auto json = nlohmann::json::parse(first.out);
  EXPECT_EQ(json["sent"], 2);
  EXPECT_EQ(json["quarantined"], 1);
  EXPECT_EQ(json["alerts"].size(), 1u);
  EXPECT_EQ(centre.Submissions().size(), 2u);
  EXPECT_EQ(centre.heartbeats(), 1);

  auto retry = Kioskctl(config, {"queue", "retry", SpecimenSubmission(1).id});
  ASSERT_EQ(retry.exit_code, 0) << retry.out;
  auto second = Kioskctl(config, {"sync", "now"});
  EXPECT_EQ(nlohmann::json::parse(second.out)["sent"], 1);
  auto status = nlohmann::json::parse(Kioskctl(config, {"queue", "status"}).out);
  EXPECT_EQ(status["sent"], 3);
  EXPECT_EQ(status["unsent"], 0);
}

TEST_F(QueueCommandTest, SyncNowWithTheCentreDownFailsTheCheck) {
  QueueSpecimens(1);
  auto result = Kioskctl(WriteConfig(testing::FreeTcpPort()), {"sync", "now"});
  EXPECT_EQ(result.exit_code, 1);
  auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["retried"], 1);
  EXPECT_EQ(json["unsent"], 1);
}

}  // namespace
}  // namespace kiosk
