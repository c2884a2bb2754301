// kioskctl print status|test|receipt as staff run it, against a private cupsd.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/drivers/printer/pdf_tools.h"
#include "tests/drivers/printer/private_cupsd.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace kiosk::testing {
namespace {

constexpr const char* kReceiptJson = R"({"format": 1, "language": "fr",
  "commune": "Saint-Étienne-du-Rouvray", "site": "Hôtel de ville",
  "procedure_title": "Demande d’acte de naissance « copie intégrale »",
  "submission_id": "3f2a9c1e-7b4d-4e8a-9f10-2c3d4e5f6a7b", "created_at": "2026-12-03T18:22:31Z",
  "status": "sent", "central_reference": "GU-2026-000123", "next_steps": "Réponse sous 8 jours.",
  "personal_data": [{"label": "Demandeur", "value": "A. ERIKSSON"}]})";

class KioskctlPrintTest : public ::testing::Test {
 protected:
  CommandResult Kioskctl(std::vector<std::string> args) {
    args.insert(args.begin(), {BinaryPath("kioskctl"), "--json", "--config", "/nonexistent.toml"});
    return RunCommand(args);
  }
  TempDir dir_;
};

TEST_F(KioskctlPrintTest, ReceiptWithPdfOnlyWritesTheFile) {
  std::string data = dir_.WriteFile("r.json", kReceiptJson);
  std::string pdf = dir_.Join("r.pdf");
  CommandResult r = Kioskctl({"print", "receipt", "--data", data, "--pdf", pdf});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["reference"], "7WN9-R7KV-5");
  std::string text = PdfText(pdf);
  EXPECT_NE(text.find("GU-2026-000123"), std::string::npos) << text;
  EXPECT_NE(text.find("Saint-Étienne-du-Rouvray"), std::string::npos) << text;
}

TEST_F(KioskctlPrintTest, BrokenReceiptJsonIsAUsageError) {
  std::string data = dir_.WriteFile("bad.json", R"({"format": 1, "commune": 3})");
  CommandResult r = Kioskctl({"print", "receipt", "--data", data, "--pdf", dir_.Join("x.pdf")});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(nlohmann::json::parse(r.out)["error"]["code"], "InvalidInput");
}

TEST_F(KioskctlPrintTest, StatusTestAndReceiptAgainstARealCupsd) {
  std::string missing = PrivateCupsd::MissingRequirement();
  if (!missing.empty()) GTEST_SKIP() << missing;
  PrivateCupsd cupsd;
  ASSERT_TRUE(cupsd.Start()) << cupsd.error();
  ASSERT_TRUE(cupsd.AddPdfPrinter("Guichet_PDF")) << cupsd.error();
  const std::vector<std::string> target = {"--server", cupsd.server(), "--destination",
                                           "Guichet_PDF"};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.end(), target.begin(), target.end());
    return Kioskctl(args);
  };

  CommandResult status = with({"print", "status"});
  ASSERT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_EQ(nlohmann::json::parse(status.out)["printer_state"], "idle");

  CommandResult test = with({"print", "test", "--timeout", "20"});
  ASSERT_EQ(test.exit_code, 0) << test.out << test.err;
  EXPECT_EQ(nlohmann::json::parse(test.out)["state"], "printed");
  std::string pdf = cupsd.WaitForNewPdf();
  ASSERT_FALSE(pdf.empty());
  EXPECT_NE(PdfText(pdf).find("àâäéèêëîïôöùûüÿç"), std::string::npos);

  std::string data = dir_.WriteFile("r.json", kReceiptJson);
  CommandResult receipt = with({"print", "receipt", "--data", data, "--paper", "a4"});
  ASSERT_EQ(receipt.exit_code, 0) << receipt.out << receipt.err;
  EXPECT_FALSE(cupsd.WaitForNewPdf().empty());

  ASSERT_EQ(cupsd.Admin({"cupsdisable", "Guichet_PDF"}).exit_code, 0);
  status = with({"print", "status"});
  EXPECT_EQ(status.exit_code, 1) << status.out;
  EXPECT_EQ(nlohmann::json::parse(status.out)["problem"], "disabled");
}

}  // namespace
}  // namespace kiosk::testing
