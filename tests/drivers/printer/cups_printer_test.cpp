// Against a private cupsd with Debian's cups-pdf printer (see private_cupsd.h).
#include "drivers/printer/cups_printer.h"

#include <gtest/gtest.h>

#include <chrono>

#include "drivers/printer/receipt_layout.h"
#include "tests/drivers/printer/pdf_tools.h"
#include "tests/drivers/printer/private_cupsd.h"

namespace kiosk::printer {
namespace {

using namespace std::chrono_literals;
using kiosk::testing::PrivateCupsd;

constexpr const char* kQueue = "Guichet_PDF";

class CupsPrinterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string missing = PrivateCupsd::MissingRequirement();
    if (!missing.empty()) GTEST_SKIP() << missing;
    ASSERT_TRUE(cupsd_.Start()) << cupsd_.error();
    ASSERT_TRUE(cupsd_.AddPdfPrinter(kQueue)) << cupsd_.error();
  }

  CupsOptions Options(std::chrono::milliseconds timeout = 20s) {
    CupsOptions o;
    o.server = cupsd_.server();
    o.destination = kQueue;
    o.job_timeout = timeout;
    o.request_timeout = 2s;
    o.poll_interval = 50ms;
    o.still_printing_after = 500ms;
    return o;
  }

  // Prints and checks that the call returned within the time limit plus a margin.
  PrintOutcome PrintWithin(CupsPrinter& printer, const std::string& pdf,
                           std::chrono::milliseconds limit) {
    auto start = std::chrono::steady_clock::now();
    PrintOutcome outcome = printer.Print(pdf, "receipt", progress_, stop_);
    EXPECT_LT(std::chrono::steady_clock::now() - start, limit);
    return outcome;
  }

  std::string ReceiptPdf() { return RenderReceipt(TestReceiptData(), PaperFormat::kRoll80)->pdf; }

  PrivateCupsd cupsd_;
  std::atomic<bool> stop_{false};
  int progress_events_ = 0;
  std::function<void(const PrintOutcome&)> progress_ = [this](const PrintOutcome& o) {
    EXPECT_EQ(o.state, PrintState::kStillPrinting);
    ++progress_events_;
  };
};

TEST_F(CupsPrinterTest, ReceiptPrintsAndThePdfShowsTheReferenceAccentsAndQrCode) {
  auto rendered = RenderReceipt(TestReceiptData(), PaperFormat::kRoll80);
  ASSERT_TRUE(rendered.ok());
  CupsPrinter printer(Options());
  PrintOutcome outcome = PrintWithin(printer, rendered->pdf, 25s);
  EXPECT_EQ(outcome.state, PrintState::kPrinted) << outcome.detail << cupsd_.Logs();
  EXPECT_GT(outcome.job_id, 0);

  std::string pdf = cupsd_.WaitForNewPdf();
  ASSERT_FALSE(pdf.empty()) << "cups-pdf wrote nothing in " << cupsd_.out_dir();
  std::string text = kiosk::testing::PdfText(pdf);
  for (const char* expected :
       {rendered->reference.c_str(), "é", "œ", "«", "»", "€", "Récépissé de dépôt"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << " in " << text;
  }
  EXPECT_EQ(kiosk::testing::PdfQrCode(pdf), rendered->reference);
}

TEST_F(CupsPrinterTest, StatusReportsAnIdlePrinterWithoutFault) {
  CupsPrinter printer(Options());
  auto status = printer.QueryStatus();
  ASSERT_TRUE(status.ok()) << status.status().ToString();
  EXPECT_EQ(status->state, IPP_PSTATE_IDLE);
  EXPECT_TRUE(status->accepting);
  EXPECT_EQ(status->problem, PrinterProblem::kNone);
}

TEST_F(CupsPrinterTest, DisabledPrinterIsAPrinterProblemAndNothingIsQueued) {
  ASSERT_EQ(cupsd_.Admin({"cupsdisable", kQueue}).exit_code, 0);
  CupsPrinter printer(Options());
  PrintOutcome outcome = PrintWithin(printer, ReceiptPdf(), 5s);
  EXPECT_EQ(outcome.state, PrintState::kPrinterProblem);
  EXPECT_EQ(outcome.problem, PrinterProblem::kDisabled);
  EXPECT_EQ(outcome.job_id, 0);
  EXPECT_EQ(printer.QueryStatus()->problem, PrinterProblem::kDisabled);
}

TEST_F(CupsPrinterTest, RejectingPrinterIsAPrinterProblem) {
  ASSERT_EQ(cupsd_.Admin({"cupsreject", kQueue}).exit_code, 0);
  CupsPrinter printer(Options());
  PrintOutcome outcome = PrintWithin(printer, ReceiptPdf(), 5s);
  EXPECT_EQ(outcome.state, PrintState::kPrinterProblem);
  EXPECT_EQ(outcome.problem, PrinterProblem::kNotAccepting);
}

TEST_F(CupsPrinterTest, DeletedPrinterIsNotFound) {
  ASSERT_EQ(cupsd_.Admin({"lpadmin", "-x", kQueue}).exit_code, 0);
  CupsPrinter printer(Options());
  PrintOutcome outcome = PrintWithin(printer, ReceiptPdf(), 5s);
  EXPECT_EQ(outcome.state, PrintState::kPrinterProblem);
  EXPECT_EQ(outcome.problem, PrinterProblem::kNotFound);
  EXPECT_EQ(printer.QueryStatus().status().code(), StatusCode::kNotFound);
}

TEST_F(CupsPrinterTest, StoppedCupsIsServiceDownQuickly) {
  cupsd_.Stop();
  CupsPrinter printer(Options());
  PrintOutcome outcome = PrintWithin(printer, ReceiptPdf(), 5s);
  EXPECT_EQ(outcome.state, PrintState::kPrinterProblem);
  EXPECT_EQ(outcome.problem, PrinterProblem::kServiceDown);
  EXPECT_EQ(printer.QueryStatus().status().code(), StatusCode::kUnavailable);
}

TEST_F(CupsPrinterTest, JobHeldForeverTimesOutIsCancelledAndTheCallerGoesOn) {
  ASSERT_EQ(
      cupsd_.Admin({"lpadmin", "-p", kQueue, "-o", "job-hold-until-default=indefinite"}).exit_code,
      0);
  CupsPrinter printer(Options(1500ms));
  PrintOutcome outcome = PrintWithin(printer, ReceiptPdf(), 5s);
  EXPECT_EQ(outcome.state, PrintState::kTimedOut) << outcome.detail;
  EXPECT_GT(outcome.job_id, 0);
  EXPECT_EQ(progress_events_, 1);

  // The held receipt was cancelled: it will not come out later for the next person.
  auto jobs = cupsd_.Admin({"lpstat", "-o", kQueue});
  EXPECT_EQ(jobs.out, "") << jobs.out;
}

TEST_F(CupsPrinterTest, CupsStoppingMidJobEndsWithinTheLimit) {
  ASSERT_EQ(
      cupsd_.Admin({"lpadmin", "-p", kQueue, "-o", "job-hold-until-default=indefinite"}).exit_code,
      0);
  CupsPrinter printer(Options(2s));
  std::thread killer([&] {
    std::this_thread::sleep_for(500ms);
    cupsd_.Stop();
  });
  PrintOutcome outcome = PrintWithin(printer, ReceiptPdf(), 8s);
  killer.join();
  EXPECT_EQ(outcome.state, PrintState::kPrinterProblem) << outcome.detail;
  EXPECT_EQ(outcome.problem, PrinterProblem::kServiceDown);
}

}  // namespace
}  // namespace kiosk::printer
