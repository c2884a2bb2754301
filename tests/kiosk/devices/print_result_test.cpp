// The one mapping from what CUPS did with a receipt to what the flow shows.
#include <gtest/gtest.h>

#include "kiosk/devices/cups_receipt_printer.h"

namespace kiosk::devices {
namespace {

using printer::PrinterProblem;
using printer::PrintState;

struct ProblemCase {
  PrintState state;
  PrinterProblem problem;
  const char* key;
};

class PrintProblemKeyTest : public ::testing::TestWithParam<ProblemCase> {};

TEST_P(PrintProblemKeyTest, NamesTheProblemWithAStableKey) {
  const ProblemCase& c = GetParam();
  EXPECT_EQ(PrintProblemKey(c.state, c.problem), c.key);
}

INSTANTIATE_TEST_SUITE_P(
    Table, PrintProblemKeyTest,
    ::testing::Values(
        ProblemCase{PrintState::kPrinted, PrinterProblem::kNone, ""},
        ProblemCase{PrintState::kStillPrinting, PrinterProblem::kNone, ""},
        ProblemCase{PrintState::kTimedOut, PrinterProblem::kNone, "timed_out"},
        ProblemCase{PrintState::kCancelled, PrinterProblem::kNone, "canceled"},
        ProblemCase{PrintState::kPrinterProblem, PrinterProblem::kMediaEmpty, "media_empty"},
        ProblemCase{PrintState::kPrinterProblem, PrinterProblem::kMediaJam, "media_jam"},
        ProblemCase{PrintState::kPrinterProblem, PrinterProblem::kDoorOpen, "door_open"},
        ProblemCase{PrintState::kPrinterProblem, PrinterProblem::kOffline, "offline"},
        ProblemCase{PrintState::kPrinterProblem, PrinterProblem::kDisabled, "stopped"},
        ProblemCase{PrintState::kPrinterProblem, PrinterProblem::kNotAccepting, "not_accepting"},
        ProblemCase{PrintState::kPrinterProblem, PrinterProblem::kNotFound, "not_found"},
        ProblemCase{PrintState::kPrinterProblem, PrinterProblem::kServiceDown, "cups_unavailable"},
        ProblemCase{PrintState::kPrinterProblem, PrinterProblem::kJobFailed, "job_failed"},
        ProblemCase{PrintState::kPrinterProblem, PrinterProblem::kOther, "printer_error"},
        ProblemCase{PrintState::kPrinterProblem, PrinterProblem::kNone, "printer_error"}));

TEST(ToPrintResult, APrintedReceiptHasNoProblem) {
  printer::PrintOutcome outcome{PrintState::kPrinted, PrinterProblem::kNone, "completed", 12};
  session::PrintResult result = ToPrintResult(outcome);
  EXPECT_TRUE(result.printed);
  EXPECT_EQ(result.problem, "");
  EXPECT_NE(result.detail.find("job 12"), std::string::npos) << result.detail;
}

TEST(ToPrintResult, AProblemKeepsTheCupsDetailForStaff) {
  printer::PrintOutcome outcome{PrintState::kPrinterProblem, PrinterProblem::kMediaEmpty,
                                "media-empty-error", 0};
  session::PrintResult result = ToPrintResult(outcome);
  EXPECT_FALSE(result.printed);
  EXPECT_EQ(result.problem, "media_empty");
  EXPECT_NE(result.detail.find("media-empty-error"), std::string::npos) << result.detail;
}

}  // namespace
}  // namespace kiosk::devices
