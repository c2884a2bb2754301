#include "kiosk/devices/receipt_conversion.h"

#include <gtest/gtest.h>

namespace kiosk::devices {
namespace {

session::Receipt Sample() {
  session::Receipt receipt;
  receipt.language = "en";
  receipt.commune = "Saint-Étienne-du-Rouvray";
  receipt.site = "Hall";
  receipt.procedure_title = "Street problem";
  receipt.submission_id = "5f0c8a1e-2b7d-4c3a-9e1f-0a2b3c4d5e6f";
  receipt.created_at = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
  receipt.next_steps = "We will call you.";
  receipt.lines = {{"Name", "H. LEFEVRE"}};
  return receipt;
}

TEST(ToReceiptData, CopiesEveryFieldAndWaitsWhileNotSent) {
  printer::ReceiptData data = ToReceiptData(Sample());
  EXPECT_EQ(data.language, "en");
  EXPECT_EQ(data.commune, "Saint-Étienne-du-Rouvray");
  EXPECT_EQ(data.site, "Hall");
  EXPECT_EQ(data.procedure_title, "Street problem");
  EXPECT_EQ(data.submission_id, "5f0c8a1e-2b7d-4c3a-9e1f-0a2b3c4d5e6f");
  EXPECT_EQ(data.created_at, Sample().created_at);
  EXPECT_EQ(data.state, printer::SubmissionState::kWaiting);
  EXPECT_FALSE(data.central_reference.has_value());
  EXPECT_EQ(data.next_steps, "We will call you.");
  EXPECT_EQ(data.personal_data, (std::vector<printer::PrintableField>{{"Name", "H. LEFEVRE"}}));
  EXPECT_TRUE(printer::ValidateReceiptData(data).ok());
}

TEST(ToReceiptData, ASentReceiptCarriesTheCentralReference) {
  session::Receipt receipt = Sample();
  receipt.sent = true;
  receipt.central_reference = "GU-2026-000123";
  printer::ReceiptData data = ToReceiptData(receipt);
  EXPECT_EQ(data.state, printer::SubmissionState::kSent);
  EXPECT_EQ(data.central_reference, "GU-2026-000123");
}

TEST(ToReceiptData, SurvivesTheJsonFormTheQueueKeeps) {
  printer::ReceiptData data = ToReceiptData(Sample());
  auto parsed = printer::ParseReceiptJson(printer::ReceiptToJson(data));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(*parsed, data);
}

struct QueueStateCase {
  offline::SubmissionState state;
  printer::SubmissionState printed;
  std::optional<std::string> central_reference;
};

void PrintTo(const QueueStateCase& c, std::ostream* os) {
  *os << offline::SubmissionStateName(c.state);
}

class ApplyQueueStateTest : public ::testing::TestWithParam<QueueStateCase> {};

TEST_P(ApplyQueueStateTest, TheReprintTellsTheQueuesCurrentState) {
  // What the queue stored at confirmation, as a stale "sent" to show it is overridden both ways.
  printer::ReceiptData data = ToReceiptData(Sample());
  data.state = printer::SubmissionState::kSent;
  data.central_reference = "GU-STALE";
  offline::SubmissionRecord record;
  record.id = data.submission_id;
  record.state = GetParam().state;
  record.central_reference =
      GetParam().state == offline::SubmissionState::kSent ? "GU-2026-000123" : "";

  ApplyQueueState(record, data);

  EXPECT_EQ(data.state, GetParam().printed);
  EXPECT_EQ(data.central_reference, GetParam().central_reference);
  EXPECT_EQ(data.personal_data, ToReceiptData(Sample()).personal_data);
}

INSTANTIATE_TEST_SUITE_P(
    EveryQueueState, ApplyQueueStateTest,
    ::testing::Values(
        QueueStateCase{offline::SubmissionState::kPending, printer::SubmissionState::kWaiting, {}},
        QueueStateCase{offline::SubmissionState::kSending, printer::SubmissionState::kWaiting, {}},
        QueueStateCase{offline::SubmissionState::kWaiting, printer::SubmissionState::kWaiting, {}},
        QueueStateCase{
            offline::SubmissionState::kQuarantined, printer::SubmissionState::kWaiting, {}},
        QueueStateCase{offline::SubmissionState::kSent, printer::SubmissionState::kSent,
                       "GU-2026-000123"}),
    [](const ::testing::TestParamInfo<QueueStateCase>& test_case) {
      return std::string(offline::SubmissionStateName(test_case.param.state));
    });

TEST(ApplyQueueState, ASentRecordWithoutAReferencePrintsSentWithoutOne) {
  printer::ReceiptData data = ToReceiptData(Sample());
  offline::SubmissionRecord record;
  record.state = offline::SubmissionState::kSent;
  ApplyQueueState(record, data);
  EXPECT_EQ(data.state, printer::SubmissionState::kSent);
  EXPECT_FALSE(data.central_reference.has_value());
}

TEST(WipeReceiptData, LeavesNoPrintableField) {
  printer::ReceiptData data = ToReceiptData(Sample());
  WipeReceiptData(data);
  EXPECT_TRUE(data.personal_data.empty());
  EXPECT_EQ(data.commune, "");
  EXPECT_EQ(data.submission_id, "");
}

}  // namespace
}  // namespace kiosk::devices
