// kioskctl print receipt ID: staff reprint a receipt from the submission queue, by submission
// id or by the local reference the citizen shows them, while the kiosk keeps the queue open.
#include <filesystem>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "base/local_reference.h"
#include "drivers/printer/receipt_data.h"
#include "offline/crypto/data_key.h"
#include "offline/queue/submission_queue.h"
#include "tests/drivers/printer/pdf_tools.h"
#include "tests/drivers/printer/private_cupsd.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace kiosk::testing {
namespace {

constexpr char kId[] = "3f2a9c1e-7b4d-4e8a-9f10-2c3d4e5f6a7b";
constexpr char kReference[] = "7WN9-R7KV-5";  // LocalReferenceFromUuid(kId)
constexpr char kCommune[] = "Saint-Étienne-du-Rouvray";
constexpr char kTitle[] = "Demande d’acte de naissance";
constexpr char kHolder[] = "ERIKSSON";  // printable personal data: on paper, never on stdout
constexpr char kWaiting[] = "En attente d’envoi";

printer::ReceiptData Receipt(const std::string& id) {
  printer::ReceiptData data;
  data.language = "fr";
  data.commune = kCommune;
  data.site = "Hôtel de ville";
  data.procedure_title = kTitle;
  data.submission_id = id;
  data.created_at = std::chrono::system_clock::time_point(std::chrono::seconds(1'796'322'151));
  data.next_steps = "Réponse sous 8 jours.";
  data.personal_data = {{"Demandeur", std::string("A. ") + kHolder}};
  return data;
}

class KioskctlReprintTest : public ::testing::Test {
 protected:
  KioskctlReprintTest() {
    std::filesystem::create_directory(dir_.Join("data"));
    config_ = dir_.WriteFile(
        "kiosk.toml",
        fmt::format("[identity]\nid = \"test-kiosk-01\"\ncommune = \"{}\"\n"
                    "[printer]\ndestination = \"Guichet_PDF\"\npaper = \"a4\"\njob_timeout_s = 20\n"
                    "[storage]\ndata_dir = \"{}\"\n",
                    kCommune, dir_.Join("data")));
  }

  // The running kiosk's queue, as kiosk_devices opens it.
  offline::SubmissionQueue& Kiosk() {
    if (kiosk_ == nullptr) {
      auto key = offline::DataKey::LoadOrCreate(dir_.Join("data/data.key"));
      EXPECT_TRUE(key.ok()) << key.status().ToString();
      offline::QueueOptions options;
      options.database_path = dir_.Join("data/queue.sqlite");
      auto queue = offline::SubmissionQueue::Open(options, *key, SystemClock());
      EXPECT_TRUE(queue.ok()) << queue.status().ToString();
      kiosk_ = std::move(queue).value();
    }
    return *kiosk_;
  }

  void Queue(const printer::ReceiptData& receipt) {
    offline::FrozenSubmission submission;
    submission.id = receipt.submission_id;
    submission.procedure_id = "acte-naissance";
    submission.procedure_version = 1;
    submission.payload = std::string(R"({"answers": {"surname": ")") + kHolder + "\"}}";
    submission.receipt_data = printer::ReceiptToJson(receipt);
    ASSERT_TRUE(Kiosk().Confirm(submission).ok());
  }

  void Send(const std::string& id, const std::string& central_reference) {
    ASSERT_TRUE(Kiosk().MarkSending(id).ok());
    ASSERT_TRUE(Kiosk().MarkSent(id, central_reference, "2026-12-03T18:23:02Z").ok());
  }

  CommandResult Kioskctl(std::vector<std::string> args) {
    args.insert(args.begin(), {BinaryPath("kioskctl"), "--json", "--config", config_});
    return RunCommand(args);
  }

  nlohmann::json Json(const CommandResult& result) {
    auto json = nlohmann::json::parse(result.out, nullptr, false);
    EXPECT_FALSE(json.is_discarded()) << "stdout is not one JSON object: " << result.out;
    return json;
  }

  TempDir dir_;
  std::string config_;
  std::unique_ptr<offline::SubmissionQueue> kiosk_;
};

TEST_F(KioskctlReprintTest, WritesTheReceiptOfAQueuedSubmissionToAPdf) {
  Queue(Receipt(kId));
  std::string pdf = dir_.Join("reprint.pdf");
  CommandResult result = Kioskctl({"print", "receipt", kId, "--pdf", pdf});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;

  nlohmann::json json = Json(result);
  EXPECT_EQ(json, (nlohmann::json{{"ok", true},
                                  {"reference", kReference},
                                  {"submission_id", kId},
                                  {"state", "pending"},
                                  {"central_reference", nullptr},
                                  {"paper", "a4"},
                                  {"printed", false},
                                  {"pdf", pdf},
                                  {"outcome", nullptr}}));
  EXPECT_EQ(result.out.find(kHolder), std::string::npos) << "personal data echoed on stdout";

  std::string text = PdfText(pdf);
  EXPECT_NE(text.find(kReference), std::string::npos) << text;
  EXPECT_NE(text.find(kCommune), std::string::npos) << text;
  EXPECT_NE(text.find(kTitle), std::string::npos) << text;
  EXPECT_NE(text.find(kWaiting), std::string::npos) << text;
  EXPECT_NE(text.find(kHolder), std::string::npos) << text;
}

TEST_F(KioskctlReprintTest, TheReprintTellsTheQueuesStateNotTheStoredOne) {
  printer::ReceiptData stale = Receipt(kId);
  stale.state = printer::SubmissionState::kSent;
  stale.central_reference = "GU-STALE-000001";
  Queue(stale);
  std::string pdf = dir_.Join("reprint.pdf");
  CommandResult result = Kioskctl({"print", "receipt", kId, "--pdf", pdf});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(Json(result)["central_reference"], nullptr);

  std::string text = PdfText(pdf);
  EXPECT_NE(text.find(kWaiting), std::string::npos) << text;
  EXPECT_EQ(text.find("GU-STALE-000001"), std::string::npos) << text;
}

TEST_F(KioskctlReprintTest, LeavesASendInProgressToTheRunningKiosk) {
  Queue(Receipt(kId));
  ASSERT_TRUE(Kiosk().MarkSending(kId).ok());

  CommandResult result = Kioskctl({"print", "receipt", kId, "--pdf", dir_.Join("r.pdf")});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(Json(result)["state"], "sending");

  // A read-write open would have turned it into `waiting` and the kiosk's answer would fail.
  EXPECT_EQ(Kiosk().Find(kId)->state, offline::SubmissionState::kSending);
  EXPECT_TRUE(Kiosk().MarkSent(kId, "GU-2026-000123", "2026-12-03T18:23:02Z").ok());
}

TEST_F(KioskctlReprintTest, ASentSubmissionsReceiptIsNoLongerKept) {
  Queue(Receipt(kId));
  Send(kId, "GU-2026-000123");

  for (const std::string& id : {std::string(kId), std::string(kReference)}) {
    CommandResult result = Kioskctl({"print", "receipt", id, "--pdf", dir_.Join("r.pdf")});
    EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
    nlohmann::json json = Json(result);
    EXPECT_EQ(json["ok"], false);
    EXPECT_EQ(json["error"]["code"], "FailedPrecondition");
    std::string message = json["error"]["message"];
    EXPECT_NE(message.find("no longer kept"), std::string::npos) << message;
    EXPECT_NE(message.find("GU-2026-000123"), std::string::npos) << message;
    EXPECT_EQ(json["state"], "sent");
    EXPECT_EQ(json["central_reference"], "GU-2026-000123");
    EXPECT_EQ(json["reference"], kReference);
    EXPECT_EQ(json["submission_id"], kId);
  }
  EXPECT_FALSE(std::filesystem::exists(dir_.Join("r.pdf")));
}

TEST_F(KioskctlReprintTest, AnUnknownSubmissionFailsTheCheck) {
  Queue(Receipt(kId));
  const std::string other = "0b5e1d2c-3a4f-4b6c-8d7e-9f0a1b2c3d4e";
  CommandResult by_id = Kioskctl({"print", "receipt", other, "--pdf", dir_.Join("r.pdf")});
  EXPECT_EQ(by_id.exit_code, 1) << by_id.out;
  EXPECT_EQ(Json(by_id)["error"]["code"], "NotFound");
  EXPECT_NE(Json(by_id)["error"]["message"].get<std::string>().find("no submission " + other),
            std::string::npos)
      << by_id.out;

  // A well-formed reference (right check symbol) that no queued submission has.
  std::string reference = LocalReferenceFromUuid(other).value();
  CommandResult by_reference =
      Kioskctl({"print", "receipt", reference, "--pdf", dir_.Join("r.pdf")});
  EXPECT_EQ(by_reference.exit_code, 1) << by_reference.out;
  EXPECT_EQ(Json(by_reference)["error"]["code"], "NotFound");
  EXPECT_NE(Json(by_reference)["error"]["message"].get<std::string>().find(
                "no submission with reference " + reference),
            std::string::npos)
      << by_reference.out;
}

TEST_F(KioskctlReprintTest, AMalformedIdIsAUsageError) {
  Queue(Receipt(kId));
  // A word, a reference with a wrong check symbol, a UUID missing its last digit.
  for (const std::string id : {"hello", "7WN9-R7KV-6", "3f2a9c1e-7b4d-4e8a-9f10-2c3d4e5f6a7"}) {
    CommandResult result = Kioskctl({"print", "receipt", id, "--pdf", dir_.Join("r.pdf")});
    EXPECT_EQ(result.exit_code, 2) << id << ": " << result.out;
    nlohmann::json json = Json(result);
    EXPECT_EQ(json["error"]["code"], "InvalidInput") << id;
    EXPECT_NE(json["error"]["message"].get<std::string>().find("local reference"),
              std::string::npos)
        << json;
  }
  CommandResult nothing = Kioskctl({"print", "receipt", "--pdf", dir_.Join("r.pdf")});
  EXPECT_EQ(nothing.exit_code, 2) << nothing.out;
  EXPECT_EQ(Json(nothing)["error"]["code"], "InvalidInput");
}

TEST_F(KioskctlReprintTest, WithoutAQueueSaysSo) {
  ASSERT_TRUE(offline::DataKey::LoadOrCreate(dir_.Join("data/data.key")).ok());
  CommandResult result = Kioskctl({"print", "receipt", kId, "--pdf", dir_.Join("r.pdf")});
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_EQ(Json(result)["error"]["code"], "NotFound");
  EXPECT_FALSE(std::filesystem::exists(dir_.Join("data/queue.sqlite")));
}

class KioskctlReprintCupsTest : public KioskctlReprintTest {
 protected:
  void SetUp() override {
    std::string missing = PrivateCupsd::MissingRequirement();
    if (!missing.empty()) GTEST_SKIP() << missing;
    ASSERT_TRUE(cupsd_.Start()) << cupsd_.error();
    ASSERT_TRUE(cupsd_.AddPdfPrinter("Guichet_PDF")) << cupsd_.error();
  }

  // The destination, paper and time limit come from the configuration; only the server is
  // this test's own.
  CommandResult Reprint(const std::string& id) {
    return Kioskctl({"print", "receipt", id, "--server", cupsd_.server()});
  }

  PrivateCupsd cupsd_;
};

TEST_F(KioskctlReprintCupsTest, ReprintsByTheSubmissionId) {
  Queue(Receipt(kId));
  CommandResult result = Reprint(kId);
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err << cupsd_.Logs();
  EXPECT_EQ(result.out.find(kHolder), std::string::npos) << "personal data echoed on stdout";

  nlohmann::json json = Json(result);
  EXPECT_EQ(json["ok"], true);
  EXPECT_EQ(json["printed"], true);
  EXPECT_EQ(json["reference"], kReference);
  EXPECT_EQ(json["submission_id"], kId);
  EXPECT_EQ(json["state"], "pending");
  EXPECT_EQ(json["paper"], "a4");
  EXPECT_EQ(json["pdf"], nullptr);
  EXPECT_EQ(json["outcome"]["state"], "printed");
  EXPECT_EQ(json["outcome"]["destination"], "Guichet_PDF");
  EXPECT_GT(json["outcome"]["job_id"].get<int>(), 0);

  std::string pdf = cupsd_.WaitForNewPdf();
  ASSERT_FALSE(pdf.empty()) << cupsd_.Logs();
  std::string text = PdfText(pdf);
  EXPECT_NE(text.find(kReference), std::string::npos) << text;
  EXPECT_NE(text.find(kCommune), std::string::npos) << text;
  EXPECT_NE(text.find(kTitle), std::string::npos) << text;
  EXPECT_NE(text.find(kWaiting), std::string::npos) << text;
  EXPECT_EQ(PdfQrCode(pdf), kReference);
}

TEST_F(KioskctlReprintCupsTest, ReprintsByTheReferenceAsStaffTypeIt) {
  Queue(Receipt(kId));
  Queue(Receipt("0b5e1d2c-3a4f-4b6c-8d7e-9f0a1b2c3d4e"));  // another citizen's, not printed
  CommandResult result = Reprint("7wn9 r7kv5");
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err << cupsd_.Logs();
  nlohmann::json json = Json(result);
  EXPECT_EQ(json["submission_id"], kId);
  EXPECT_EQ(json["reference"], kReference);
  EXPECT_EQ(json["printed"], true);

  std::string pdf = cupsd_.WaitForNewPdf();
  ASSERT_FALSE(pdf.empty()) << cupsd_.Logs();
  std::string text = PdfText(pdf);
  EXPECT_NE(text.find(kReference), std::string::npos) << text;
  EXPECT_NE(text.find(kCommune), std::string::npos) << text;
}

TEST_F(KioskctlReprintCupsTest, APrinterProblemFailsTheCheckWithItsOutcome) {
  Queue(Receipt(kId));
  ASSERT_EQ(cupsd_.Admin({"cupsdisable", "Guichet_PDF"}).exit_code, 0);
  CommandResult result = Reprint(kReference);
  EXPECT_EQ(result.exit_code, 1) << result.out;
  nlohmann::json json = Json(result);
  EXPECT_EQ(json["ok"], false);
  EXPECT_EQ(json["printed"], false);
  EXPECT_EQ(json["outcome"]["state"], "printer_problem");
  EXPECT_EQ(json["outcome"]["problem"], "disabled");
}

}  // namespace
}  // namespace kiosk::testing
