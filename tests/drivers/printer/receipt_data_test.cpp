#include "drivers/printer/receipt_data.h"

#include <gtest/gtest.h>

#include <utility>

#include "drivers/printer/receipt_layout.h"

namespace kiosk::printer {
namespace {

TEST(ReceiptData, JsonRoundTripKeepsEveryField) {
  ReceiptData data = TestReceiptData();
  data.central_reference = "GU-2026-000123";
  data.state = SubmissionState::kSent;
  auto again = ParseReceiptJson(ReceiptToJson(data));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again, data);
}

TEST(ReceiptData, OptionalFieldsMayBeNullOrAbsent) {
  auto data = ParseReceiptJson(R"({"format": 1, "commune": "Lyon", "procedure_title": "Acte",
      "submission_id": "3f2a9c1e-7b4d-4e8a-9f10-2c3d4e5f6a7b",
      "created_at": "2026-12-03T18:22:31Z", "status": "waiting", "central_reference": null})");
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(data->language, "fr");
  EXPECT_FALSE(data->central_reference.has_value());
  EXPECT_TRUE(data->personal_data.empty());
  EXPECT_EQ(FormatUtc(data->created_at), "2026-12-03T18:22:31Z");
}

class BadReceiptJson : public ::testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(BadReceiptJson, IsAnInputErrorNamingTheProblem) {
  auto data = ParseReceiptJson(GetParam().first);
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(data.status().message().find(GetParam().second), std::string::npos)
      << data.status().message();
}

#define KIOSK_RECEIPT_BASE \
  R"("format": 1, "commune": "Lyon", "procedure_title": "Acte", "created_at": "2026-12-03T18:22:31Z", "status": "sent")"

INSTANTIATE_TEST_SUITE_P(
    Cases, BadReceiptJson,
    ::testing::Values(std::pair{"", "malformed JSON"}, std::pair{"[1, 2]", "not a JSON object"},
                      std::pair{R"({"format": 2})", "format"},
                      std::pair{"{" KIOSK_RECEIPT_BASE "}", "submission_id"},
                      std::pair{"{" KIOSK_RECEIPT_BASE R"(, "submission_id": "not-a-uuid"})",
                                "submission_id"},
                      std::pair{R"({"format": 1, "commune": "", "procedure_title": "A",
                      "submission_id": "3f2a9c1e-7b4d", "created_at": "2026-12-03T18:22:31Z",
                      "status": "sent"})",
                                "commune"},
                      std::pair{R"({"format": 1, "commune": "L", "procedure_title": "A",
                      "submission_id": "3f2a9c1e-7b4d", "created_at": "03/12/2026",
                      "status": "sent"})",
                                "YYYY-MM-DD"},
                      std::pair{R"({"format": 1, "commune": "L", "procedure_title": "A",
                      "submission_id": "3f2a9c1e-7b4d", "created_at": "2026-12-03T18:22:31Z",
                      "status": "lost"})",
                                "status"},
                      std::pair{R"({"format": 1, "commune": 5})", "commune"},
                      std::pair{R"({"format": 1, "commune": "L", "procedure_title": "A",
                      "submission_id": "3f2a9c1e-7b4d", "created_at": "2026-12-03T18:22:31Z",
                      "status": "sent", "personal_data": [{"label": "Nom"}]})",
                                "value"}));

TEST(ShortHolderName, IsTheInitialOfTheFirstGivenNameAndTheSurname) {
  EXPECT_EQ(ShortHolderName("Anna Maria", "ERIKSSON"), "A. ERIKSSON");
  EXPECT_EQ(ShortHolderName("Éloïse", "Dupont"), "É. Dupont");
  EXPECT_EQ(ShortHolderName("", "Dupont"), "Dupont");
  EXPECT_EQ(ShortHolderName("  Œdipe", "Roi"), "Œ. Roi");
}

}  // namespace
}  // namespace kiosk::printer
