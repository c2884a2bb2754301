#include "provisioning/wipe.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "base/clock.h"
#include "offline/crypto/data_key.h"
#include "offline/queue/submission_queue.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace kiosk::provisioning {
namespace {

namespace fs = std::filesystem;
using kiosk::testing::BinaryPath;
using kiosk::testing::RunCommand;
using kiosk::testing::TempDir;

// A queue with a given number of unsent submissions; Export writes a marker file.
class FakeQueue : public QueueInspector {
 public:
  explicit FakeQueue(StatusOr<QueueHealth> health) : health_(std::move(health)) {}
  StatusOr<QueueHealth> Health() override { return health_; }
  Status Export(const std::string& path) override {
    exported_to = path;
    std::ofstream(path) << "{\"id\":\"exported\"}\n";
    return OkStatus();
  }
  std::string exported_to;

 private:
  StatusOr<QueueHealth> health_;
};

QueueHealth Unsent(int64_t n) {
  QueueHealth h;
  h.unsent = n;
  return h;
}

class WipeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = dir_.Join("data");
    fs::create_directories(data_ + "/identity/20261203T190000Z");
    key_ = dir_.WriteFile("data/identity/20261203T190000Z/device.key", "PRIVATE KEY");
    cert_ = dir_.WriteFile("data/identity/20261203T190000Z/device.crt", "CERT");
    dir_.WriteFile("data/queue.sqlite", "queue");
    config_path_ = dir_.WriteFile("kiosk.toml", "x");
    config_.identity.id = "arles-01";
    config_.identity.commune = "Arles";
    config_.storage.data_dir = data_;
    config_.central.key_file = key_;
    config_.central.cert_file = cert_;
  }
  bool Untouched() {
    return fs::exists(key_) && fs::exists(cert_) && fs::exists(config_path_) &&
           fs::exists(data_ + "/queue.sqlite");
  }
  bool Wiped() {
    return !fs::exists(key_) && !fs::exists(config_path_) && fs::is_directory(data_) &&
           fs::is_empty(data_);
  }

  TempDir dir_;
  std::string data_, key_, cert_, config_path_;
  KioskConfig config_;
};

TEST_F(WipeTest, WithoutUnsentSubmissionsRemovesKeysCertificatesConfigurationAndQueue) {
  FakeQueue queue(Unsent(0));
  auto result = Wipe({config_path_, "", false}, config_, queue);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(Wiped());
  EXPECT_EQ(result->unsent_lost, 0);
}

TEST_F(WipeTest, RefusesWhileSubmissionsAreUnsentAndRemovesNothing) {
  FakeQueue queue(Unsent(3));
  auto result = Wipe({config_path_, "", false}, config_, queue);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(result.status().message().find("3 unsent"), std::string::npos);
  EXPECT_NE(result.status().message().find("--export"), std::string::npos);
  EXPECT_TRUE(Untouched());
}

TEST_F(WipeTest, ExportsUnsentSubmissionsFirstThenWipes) {
  FakeQueue queue(Unsent(2));
  std::string export_path = dir_.Join("unsent.jsonl");
  auto result = Wipe({config_path_, export_path, false}, config_, queue);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->exported);
  EXPECT_TRUE(fs::exists(export_path));
  EXPECT_TRUE(Wiped());
}

TEST_F(WipeTest, RefusesAnExportInsideTheFolderItWipes) {
  FakeQueue queue(Unsent(2));
  auto result = Wipe({config_path_, data_ + "/unsent.jsonl", false}, config_, queue);
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidInput);
  EXPECT_TRUE(Untouched());
}

TEST_F(WipeTest, ForceDestroysUnsentSubmissionsAndSaysHowMany) {
  FakeQueue queue(Unsent(4));
  auto result = Wipe({config_path_, "", true}, config_, queue);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->unsent_lost, 4);
  EXPECT_TRUE(Wiped());
}

TEST_F(WipeTest, AQueueItCannotReadCountsAsPossiblyUnsent) {
  FakeQueue queue(UnsupportedError("no queue library"));
  EXPECT_EQ(Wipe({config_path_, "", false}, config_, queue).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Untouched());
  EXPECT_TRUE(Wipe({config_path_, "", true}, config_, queue).ok());
  EXPECT_TRUE(Wiped());
}

TEST_F(WipeTest, NeverEmptiesASystemFolder) {
  FakeQueue queue(Unsent(0));
  config_.storage.data_dir = "/var";
  EXPECT_EQ(Wipe({config_path_, "", true}, config_, queue).status().code(),
            StatusCode::kFailedPrecondition);
}

TEST(WipeCommand, WipesAnUnenrolledKioskWithoutAQueue) {
  TempDir dir;
  fs::create_directory(dir.Join("data"));
  std::string config = dir.WriteFile(
      "kiosk.toml", "[identity]\nid = \"k\"\ncommune = \"Arles\"\n[storage]\ndata_dir = \"" +
                        dir.Join("data") + "\"\n");
  auto run = RunCommand({BinaryPath("kioskctl"), "-c", config, "wipe"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_FALSE(fs::exists(config));
  EXPECT_NE(run.out.find("wiped"), std::string::npos);
}

// With the real offline queue (SQLite, encrypted) where the kiosk keeps it.
class WipeRealQueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directory(dir_.Join("data"));
    config_ = dir_.WriteFile(
        "kiosk.toml", "[identity]\nid = \"k\"\ncommune = \"Arles\"\n[storage]\ndata_dir = \"" +
                          dir_.Join("data") + "\"\n");
    QueueFiles files = QueueFilesFor(dir_.Join("data"));
    auto key = offline::DataKey::LoadOrCreate(files.data_key);
    ASSERT_TRUE(key.ok()) << key.status().ToString();
    offline::QueueOptions options;
    options.database_path = files.database;
    auto queue = offline::SubmissionQueue::Open(options, *key, SystemClock());
    ASSERT_TRUE(queue.ok()) << queue.status().ToString();
    offline::FrozenSubmission submission;
    submission.id = "0b8e4f2a-5c1d-4e7b-9a3f-2d6c8e1f4a70";
    submission.procedure_id = "signalement";
    submission.procedure_version = 1;
    submission.payload = R"({"answers":{"lieu":"Place de la Mairie"},"id":"0b8e4f2a"})";
    ASSERT_TRUE((*queue)->Confirm(submission).ok());
  }
  TempDir dir_;
  std::string config_;
};

TEST_F(WipeRealQueueTest, SelftestCountsTheUnsentSubmission) {
  auto run = RunCommand({BinaryPath("kioskctl"), "--json", "-c", config_, "selftest"});
  EXPECT_NE(run.out.find("1 unsent, 0 quarantined"), std::string::npos) << run.out;
}

TEST_F(WipeRealQueueTest, RefusesWhileASubmissionIsUnsent) {
  auto run = RunCommand({BinaryPath("kioskctl"), "-c", config_, "wipe"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("1 unsent"), std::string::npos) << run.err;
  EXPECT_TRUE(fs::exists(config_));
  EXPECT_TRUE(fs::exists(QueueFilesFor(dir_.Join("data")).database));
}

TEST_F(WipeRealQueueTest, ExportsTheUnsentSubmissionDecryptedThenWipes) {
  std::string exported = dir_.Join("unsent.jsonl");
  auto run = RunCommand({BinaryPath("kioskctl"), "-c", config_, "wipe", "--export", exported});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::string text = kiosk::testing::ReadFile(exported);
  EXPECT_NE(text.find("0b8e4f2a-5c1d-4e7b-9a3f-2d6c8e1f4a70"), std::string::npos) << text;
  EXPECT_NE(text.find("Place de la Mairie"), std::string::npos) << "the frozen bytes, decrypted";
  EXPECT_FALSE(fs::exists(config_));
  EXPECT_TRUE(fs::is_empty(dir_.Join("data")));
}

TEST_F(WipeRealQueueTest, ForceDestroysIt) {
  auto run = RunCommand({BinaryPath("kioskctl"), "--json", "-c", config_, "wipe", "--force"});
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_NE(run.out.find("\"unsent_lost\":1"), std::string::npos) << run.out;
  EXPECT_TRUE(fs::is_empty(dir_.Join("data")));
}

}  // namespace
}  // namespace kiosk::provisioning
