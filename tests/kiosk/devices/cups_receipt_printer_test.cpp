// CupsReceiptPrinter against a private cupsd with Debian's cups-pdf printer (see
// tests/drivers/printer/private_cupsd.h; needs root, skips otherwise).
#include "kiosk/devices/cups_receipt_printer.h"

#include <chrono>
#include <filesystem>

#include <gtest/gtest.h>

#include "base/local_reference.h"
#include "tests/drivers/printer/pdf_tools.h"
#include "tests/drivers/printer/private_cupsd.h"

namespace kiosk::devices {
namespace {

using namespace std::chrono_literals;
using kiosk::testing::PrivateCupsd;

constexpr const char* kQueue = "Guichet_PDF";
constexpr const char* kSubmissionId = "5f0c8a1e-2b7d-4c3a-9e1f-0a2b3c4d5e6f";

session::Receipt SampleReceipt() {
  session::Receipt receipt;
  receipt.language = "fr";
  receipt.commune = "Saint-Étienne-du-Rouvray";
  receipt.site = "Hôtel de ville";
  receipt.procedure_title = "Signalement d’un problème de voirie";
  receipt.submission_id = kSubmissionId;
  receipt.created_at = std::chrono::system_clock::now();
  receipt.next_steps = "Les services techniques interviendront sous huit jours.";
  receipt.lines = {{"Demandeur", "H. LEFEVRE"}, {"Lieu", "Rue de la République"}};
  return receipt;
}

class CupsReceiptPrinterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string missing = PrivateCupsd::MissingRequirement();
    if (!missing.empty()) GTEST_SKIP() << missing;
    ASSERT_TRUE(cupsd_.Start()) << cupsd_.error();
    ASSERT_TRUE(cupsd_.AddPdfPrinter(kQueue)) << cupsd_.error();
  }

  CupsReceiptPrinterOptions Options(std::chrono::milliseconds timeout = 20s) const {
    CupsReceiptPrinterOptions options;
    options.cups.server = cupsd_.server();
    options.cups.destination = kQueue;
    options.cups.job_timeout = timeout;
    options.cups.request_timeout = 2s;
    options.cups.poll_interval = 50ms;
    return options;
  }

  // Prints and checks that the call returned within `limit`.
  session::PrintResult PrintWithin(CupsReceiptPrinter& printer, std::chrono::milliseconds limit) {
    auto start = std::chrono::steady_clock::now();
    session::PrintResult result = printer.Print(SampleReceipt());
    EXPECT_LT(std::chrono::steady_clock::now() - start, limit);
    return result;
  }

  PrivateCupsd cupsd_;
  kiosk::testing::TempDir dir_;
};

TEST_F(CupsReceiptPrinterTest, PrintsTheReceiptWithItsReferenceAndPrintableFields) {
  CupsReceiptPrinter printer(Options());
  session::PrintResult result = PrintWithin(printer, 25s);
  ASSERT_TRUE(result.printed) << result.problem << " " << result.detail << cupsd_.Logs();
  EXPECT_EQ(result.problem, "");

  std::string pdf = cupsd_.WaitForNewPdf();
  ASSERT_FALSE(pdf.empty()) << "cups-pdf wrote nothing in " << cupsd_.out_dir();
  std::string reference = LocalReferenceFromUuid(kSubmissionId).value();
  std::string text = kiosk::testing::PdfText(pdf);
  for (const std::string& expected :
       {reference, std::string("H. LEFEVRE"), std::string("Saint-Étienne-du-Rouvray"),
        std::string("Rue de la République")}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << " in " << text;
  }
  EXPECT_EQ(kiosk::testing::PdfQrCode(pdf), reference);

  PrinterSnapshot state = printer.State();
  EXPECT_TRUE(state.checked);
  EXPECT_TRUE(state.ok);
}

TEST_F(CupsReceiptPrinterTest, SavesEachRenderedReceiptWhenAFolderIsSet) {
  CupsReceiptPrinter printer(Options());
  printer.SavePdfTo(dir_.Join("receipts"));
  ASSERT_TRUE(printer.Print(SampleReceipt()).printed) << cupsd_.Logs();
  std::string reference = LocalReferenceFromUuid(kSubmissionId).value();
  std::string saved = dir_.Join("receipts/receipt-" + reference + ".pdf");
  ASSERT_TRUE(std::filesystem::exists(saved));
  EXPECT_EQ(kiosk::testing::ReadFile(saved).rfind("%PDF", 0), 0u);
  EXPECT_NE(kiosk::testing::PdfText(saved).find(reference), std::string::npos);
  auto perms = std::filesystem::status(saved).permissions();
  EXPECT_EQ(perms & std::filesystem::perms::group_read, std::filesystem::perms::none);
}

TEST_F(CupsReceiptPrinterTest, ADisabledPrinterIsAStoppedProblemWithinTheLimit) {
  ASSERT_EQ(cupsd_.Admin({"cupsdisable", kQueue}).exit_code, 0);
  CupsReceiptPrinter printer(Options(3s));
  session::PrintResult result = PrintWithin(printer, 5s);
  EXPECT_FALSE(result.printed);
  EXPECT_EQ(result.problem, "stopped") << result.detail;

  printer.RefreshState();
  EXPECT_FALSE(printer.State().ok);
  EXPECT_EQ(printer.State().problem, "stopped");
  ASSERT_EQ(cupsd_.Admin({"cupsenable", kQueue}).exit_code, 0);
  printer.RefreshState();
  EXPECT_TRUE(printer.State().ok) << printer.State().detail;
}

TEST_F(CupsReceiptPrinterTest, AJobThatNeverEndsTimesOutAtTheLimit) {
  ASSERT_EQ(
      cupsd_.Admin({"lpadmin", "-p", kQueue, "-o", "job-hold-until-default=indefinite"}).exit_code,
      0);
  CupsReceiptPrinter printer(Options(1500ms));
  session::PrintResult result = PrintWithin(printer, 5s);
  EXPECT_FALSE(result.printed);
  EXPECT_EQ(result.problem, "timed_out") << result.detail;
}

TEST_F(CupsReceiptPrinterTest, AnUnknownDestinationIsNotFound) {
  ASSERT_EQ(cupsd_.Admin({"lpadmin", "-x", kQueue}).exit_code, 0);
  CupsReceiptPrinter printer(Options());
  EXPECT_EQ(PrintWithin(printer, 5s).problem, "not_found");
  printer.RefreshState();
  EXPECT_EQ(printer.State().problem, "not_found");
}

TEST_F(CupsReceiptPrinterTest, CupsDownIsCupsUnavailable) {
  cupsd_.Stop();
  CupsReceiptPrinter printer(Options());
  EXPECT_EQ(PrintWithin(printer, 5s).problem, "cups_unavailable");
  printer.RefreshState();
  EXPECT_FALSE(printer.State().ok);
  EXPECT_EQ(printer.State().problem, "cups_unavailable");
}

TEST_F(CupsReceiptPrinterTest, AfterStopEveryPrintIsCanceledAtOnce) {
  CupsReceiptPrinter printer(Options());
  printer.Stop();
  session::PrintResult result = PrintWithin(printer, 1s);
  EXPECT_FALSE(result.printed);
  EXPECT_EQ(result.problem, "canceled");
}

TEST_F(CupsReceiptPrinterTest, AnIncompleteReceiptIsARenderingProblem) {
  CupsReceiptPrinter printer(Options());
  session::Receipt receipt = SampleReceipt();
  receipt.commune.clear();
  session::PrintResult result = printer.Print(receipt);
  EXPECT_FALSE(result.printed);
  EXPECT_EQ(result.problem, "render_failed");
}

}  // namespace
}  // namespace kiosk::devices
