#include "drivers/printer/print_outcome.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kiosk::printer {
namespace {

struct ReasonsCase {
  std::vector<std::string> reasons;
  PrinterProblem expected;
};

void PrintTo(const ReasonsCase& c, std::ostream* os) {
  for (const auto& r : c.reasons) *os << r << " ";
}

class ProblemFromReasonsTest : public ::testing::TestWithParam<ReasonsCase> {};

TEST_P(ProblemFromReasonsTest, NamesTheMostSeriousFault) {
  EXPECT_EQ(ProblemFromReasons(GetParam().reasons), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ProblemFromReasonsTest,
    ::testing::Values(ReasonsCase{{}, PrinterProblem::kNone},
                      ReasonsCase{{"none"}, PrinterProblem::kNone},
                      ReasonsCase{{"media-empty-error"}, PrinterProblem::kMediaEmpty},
                      ReasonsCase{{"media-empty"}, PrinterProblem::kMediaEmpty},
                      ReasonsCase{{"media-needed-error"}, PrinterProblem::kMediaEmpty},
                      ReasonsCase{{"media-low-warning"}, PrinterProblem::kNone},
                      ReasonsCase{{"media-empty-report"}, PrinterProblem::kNone},
                      ReasonsCase{{"media-jam-error"}, PrinterProblem::kMediaJam},
                      ReasonsCase{{"door-open-error"}, PrinterProblem::kDoorOpen},
                      ReasonsCase{{"cover-open"}, PrinterProblem::kDoorOpen},
                      ReasonsCase{{"offline-report"}, PrinterProblem::kNone},
                      ReasonsCase{{"offline"}, PrinterProblem::kOffline},
                      ReasonsCase{{"connecting-to-device"}, PrinterProblem::kOffline},
                      ReasonsCase{{"paused"}, PrinterProblem::kDisabled},
                      ReasonsCase{{"toner-low-warning", "marker-supply-empty-error"},
                                  PrinterProblem::kOther},
                      ReasonsCase{{"cups-insecure-filter-warning"}, PrinterProblem::kNone},
                      ReasonsCase{{"cups-waiting-for-job-completed"}, PrinterProblem::kNone},
                      ReasonsCase{{"paused", "media-empty-error", "media-jam-error"},
                                  PrinterProblem::kMediaJam}));

struct ClassifyCase {
  const char* name;
  CupsObservation seen;
  PrintState state;
  PrinterProblem problem;
};

CupsObservation Seen(ipp_status_t status, bool job, ipp_jstate_t job_state, ipp_pstate_t printer,
                     std::vector<std::string> reasons, bool deadline, bool accepting = true) {
  CupsObservation s;
  s.request_status = status;
  s.job_created = job;
  s.job_state = job_state;
  s.printer_state = printer;
  s.printer_reasons = std::move(reasons);
  s.deadline_passed = deadline;
  s.printer_accepting = accepting;
  return s;
}

void PrintTo(const ClassifyCase& c, std::ostream* os) { *os << c.name; }

constexpr auto kOk = IPP_STATUS_OK;
constexpr auto kIdle = IPP_PSTATE_IDLE;
constexpr auto kStopped = IPP_PSTATE_STOPPED;

class ClassifyPrintTest : public ::testing::TestWithParam<ClassifyCase> {};

TEST_P(ClassifyPrintTest, GivesTheStateTheUiShows) {
  PrintOutcome outcome = ClassifyPrint(GetParam().seen);
  EXPECT_EQ(PrintStateName(outcome.state), PrintStateName(GetParam().state));
  EXPECT_EQ(PrinterProblemName(outcome.problem), PrinterProblemName(GetParam().problem));
  EXPECT_FALSE(outcome.detail.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Table, ClassifyPrintTest,
    ::testing::Values(
        ClassifyCase{"completed", Seen(kOk, true, IPP_JSTATE_COMPLETED, kIdle, {}, false),
                     PrintState::kPrinted, PrinterProblem::kNone},
        ClassifyCase{"completed_then_out_of_paper",
                     Seen(kOk, true, IPP_JSTATE_COMPLETED, kIdle, {"media-empty-error"}, false),
                     PrintState::kPrinterProblem, PrinterProblem::kMediaEmpty},
        ClassifyCase{"completed_then_warning",
                     Seen(kOk, true, IPP_JSTATE_COMPLETED, kIdle, {"media-low-warning"}, false),
                     PrintState::kPrinted, PrinterProblem::kNone},
        ClassifyCase{"aborted", Seen(kOk, true, IPP_JSTATE_ABORTED, kIdle, {}, false),
                     PrintState::kPrinterProblem, PrinterProblem::kJobFailed},
        ClassifyCase{"aborted_by_jam",
                     Seen(kOk, true, IPP_JSTATE_ABORTED, kStopped, {"media-jam-error"}, false),
                     PrintState::kPrinterProblem, PrinterProblem::kMediaJam},
        ClassifyCase{"canceled", Seen(kOk, true, IPP_JSTATE_CANCELED, kIdle, {}, false),
                     PrintState::kPrinterProblem, PrinterProblem::kJobFailed},
        ClassifyCase{"stopped", Seen(kOk, true, IPP_JSTATE_STOPPED, kStopped, {"paused"}, false),
                     PrintState::kPrinterProblem, PrinterProblem::kDisabled},
        ClassifyCase{"stopped_door_open",
                     Seen(kOk, true, IPP_JSTATE_STOPPED, kStopped, {"door-open-error"}, false),
                     PrintState::kPrinterProblem, PrinterProblem::kDoorOpen},
        ClassifyCase{"processing", Seen(kOk, true, IPP_JSTATE_PROCESSING, kIdle, {}, false),
                     PrintState::kStillPrinting, PrinterProblem::kNone},
        ClassifyCase{"pending", Seen(kOk, true, IPP_JSTATE_PENDING, kIdle, {}, false),
                     PrintState::kStillPrinting, PrinterProblem::kNone},
        ClassifyCase{"held_past_deadline", Seen(kOk, true, IPP_JSTATE_HELD, kIdle, {}, true),
                     PrintState::kTimedOut, PrinterProblem::kNone},
        ClassifyCase{"processing_past_deadline",
                     Seen(kOk, true, IPP_JSTATE_PROCESSING, kIdle, {}, true), PrintState::kTimedOut,
                     PrinterProblem::kNone},
        ClassifyCase{"processing_past_deadline_offline",
                     Seen(kOk, true, IPP_JSTATE_PROCESSING, kIdle, {"offline-error"}, true),
                     PrintState::kPrinterProblem, PrinterProblem::kOffline},
        ClassifyCase{"cups_gone_mid_job",
                     Seen(IPP_STATUS_ERROR_SERVICE_UNAVAILABLE, true, IPP_JSTATE_PROCESSING, kIdle,
                          {}, true),
                     PrintState::kPrinterProblem, PrinterProblem::kServiceDown},
        ClassifyCase{
            "cups_down",
            Seen(IPP_STATUS_ERROR_SERVICE_UNAVAILABLE, false, IPP_JSTATE_PENDING, kIdle, {}, false),
            PrintState::kPrinterProblem, PrinterProblem::kServiceDown},
        ClassifyCase{"no_such_printer",
                     Seen(IPP_STATUS_ERROR_NOT_FOUND, false, IPP_JSTATE_PENDING, kIdle, {}, false),
                     PrintState::kPrinterProblem, PrinterProblem::kNotFound},
        ClassifyCase{
            "rejecting_jobs",
            Seen(IPP_STATUS_ERROR_NOT_ACCEPTING_JOBS, false, IPP_JSTATE_PENDING, kIdle, {}, false),
            PrintState::kPrinterProblem, PrinterProblem::kNotAccepting},
        ClassifyCase{"request_timeout",
                     Seen(IPP_STATUS_ERROR_TIMEOUT, false, IPP_JSTATE_PENDING, kIdle, {}, false),
                     PrintState::kTimedOut, PrinterProblem::kNone},
        ClassifyCase{"forbidden",
                     Seen(IPP_STATUS_ERROR_FORBIDDEN, false, IPP_JSTATE_PENDING, kIdle, {}, false),
                     PrintState::kPrinterProblem, PrinterProblem::kOther},
        ClassifyCase{"disabled_before_sending",
                     Seen(kOk, false, IPP_JSTATE_PENDING, kStopped, {"paused"}, false),
                     PrintState::kPrinterProblem, PrinterProblem::kDisabled},
        ClassifyCase{"out_of_paper_before_sending",
                     Seen(kOk, false, IPP_JSTATE_PENDING, kIdle, {"media-empty-error"}, false),
                     PrintState::kPrinterProblem, PrinterProblem::kMediaEmpty},
        ClassifyCase{"not_accepting_before_sending",
                     Seen(kOk, false, IPP_JSTATE_PENDING, kIdle, {}, false, false),
                     PrintState::kPrinterProblem, PrinterProblem::kNotAccepting}),
    [](const auto& test_case) { return std::string(test_case.param.name); });

TEST(StatusFromOutcome, TellsStaffHowToReact) {
  PrintOutcome o;
  o.state = PrintState::kPrinted;
  EXPECT_TRUE(StatusFromOutcome(o).ok());
  o.state = PrintState::kPrinterProblem;
  o.problem = PrinterProblem::kMediaEmpty;
  EXPECT_EQ(StatusFromOutcome(o).reaction(), Reaction::kCallStaff);
  o.problem = PrinterProblem::kServiceDown;
  EXPECT_EQ(StatusFromOutcome(o).reaction(), Reaction::kRetryLater);
  o.state = PrintState::kTimedOut;
  EXPECT_EQ(StatusFromOutcome(o).code(), StatusCode::kDeadlineExceeded);
}

}  // namespace
}  // namespace kiosk::printer
