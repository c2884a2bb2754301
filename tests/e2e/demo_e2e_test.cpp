// Runs the README's first command (scripts/demo.sh) headless with this build's binaries and
// checks what a person would look at afterwards: the screens the kiosk reached, the receipt
// PDF's text, and the record the central guichet stored; and that nothing it started is left
// running.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace kiosk {
namespace {

using kiosk::testing::ReadFile;
using kiosk::testing::RunCommand;
using kiosk::testing::TempDir;

std::vector<nlohmann::json> Lines(const std::string& path) {
  std::vector<nlohmann::json> records;
  std::istringstream in(ReadFile(path));
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) records.push_back(nlohmann::json::parse(line));
  }
  return records;
}

// Processes whose command line mentions `text` (the run's folder): none may outlive the demo.
std::string ProcessesMentioning(const std::string& text) {
  auto result = RunCommand({"pgrep", "-a", "-f", text});
  return result.out;
}

class DemoEndToEnd : public ::testing::Test {
 protected:
  kiosk::testing::CommandResult RunDemo(const std::vector<std::string>& extra) {
    std::vector<std::string> argv = {std::string(KIOSK_SOURCE_DIR) + "/scripts/demo.sh",
                                     "--headless",
                                     "--no-install",
                                     "--bin",
                                     std::string(KIOSK_BINARY_DIR) + "/bin",
                                     "--out",
                                     out_};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto env = kiosk::testing::SdlChildEnv();
    return RunCommand(argv, env);
  }

  void ExpectScreensReached() {
    for (const char* screen : {"01-welcome", "02-card-code", "03-catalog", "05-prefilled-surname",
                               "08-review", "09-done", "10-welcome-after"}) {
      EXPECT_TRUE(std::filesystem::exists(out_ + "/screens/" + screen + ".png")) << screen;
    }
  }

  TempDir dir_;
  std::string out_ = dir_.Join("demo");
};

TEST_F(DemoEndToEnd, ACitizenWithTheCardGetsAReceiptAndTheCentreTheRecordOnce) {
  auto result = RunDemo({});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("What it showed and produced is in " + out_), std::string::npos)
      << result.out;
  ExpectScreensReached();

  auto records = Lines(out_ + "/centre-records.jsonl");
  ASSERT_EQ(records.size(), 1u);
  const auto& record = records[0];
  EXPECT_EQ(record["procedure"]["id"], "acte-naissance");
  EXPECT_EQ(record["kiosk_id"], "demo-kiosk-01");
  std::string reference = record["reference"];
  ASSERT_EQ(reference.rfind("GU-", 0), 0u) << reference;
  // The answers as the citizen corrected them, and the identity read from a verified chip.
  std::string submission = record.dump();
  EXPECT_NE(submission.find("LEFÈVRE"), std::string::npos) << submission;
  EXPECT_NE(submission.find("Hélène Marie"), std::string::npos) << submission;
  EXPECT_NE(submission.find("chip_verified"), std::string::npos) << submission;

  std::string receipt = ReadFile(out_ + "/receipt.txt");
  EXPECT_NE(receipt.find("Demande d'acte de naissance"), std::string::npos) << receipt;
  EXPECT_NE(receipt.find("Saint-Étienne-du-Rouvray"), std::string::npos) << receipt;
  EXPECT_NE(receipt.find(reference), std::string::npos) << receipt;
  EXPECT_NE(receipt.find("Envoyé à la mairie"), std::string::npos) << receipt;
  EXPECT_NE(receipt.find("Copie intégrale"), std::string::npos) << receipt;

  EXPECT_EQ(ProcessesMentioning(out_), "");
}

TEST_F(DemoEndToEnd, OfflineAtConfirmationTheSubmissionArrivesOnceWhenTheCentreIsBack) {
  auto result = RunDemo({"--offline"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  ExpectScreensReached();

  // The receipt was printed while the centre was down.
  std::string receipt = ReadFile(out_ + "/receipt.txt");
  EXPECT_NE(receipt.find("En attente d’envoi"), std::string::npos) << receipt;
  EXPECT_EQ(receipt.find("GU-"), std::string::npos) << receipt;

  auto records = Lines(out_ + "/centre-records.jsonl");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["procedure"]["id"], "acte-naissance");

  // "arrived N s after it came back", N at most 30.
  auto at = result.out.find("the submission reached the centre ");
  ASSERT_NE(at, std::string::npos) << result.out;
  double seconds =
      std::stod(result.out.substr(at + std::string("the submission reached the centre ").size()));
  EXPECT_LE(seconds, 30.0);

  EXPECT_EQ(ProcessesMentioning(out_), "");
}

}  // namespace
}  // namespace kiosk
