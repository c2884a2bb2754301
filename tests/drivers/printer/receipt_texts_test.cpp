#include "drivers/printer/receipt_texts.h"

#include <gtest/gtest.h>

namespace kiosk::printer {
namespace {

TEST(ReceiptTexts, EveryLabelExistsInEveryLanguage) {
  ASSERT_EQ(ReceiptLanguages().size(), 4u);
  for (auto language : ReceiptLanguages()) {
    for (auto label : AllReceiptLabels()) {
      EXPECT_FALSE(ReceiptText(language, label).empty())
          << language << " label " << static_cast<int>(label);
    }
  }
}

TEST(ReceiptTexts, OtherLanguagesDifferFromFrench) {
  for (auto language : {"en", "es", "de"}) {
    EXPECT_NE(ReceiptText(language, ReceiptLabel::kTitle), ReceiptText("fr", ReceiptLabel::kTitle));
  }
}

TEST(ReceiptTexts, UnknownLanguageFallsBackToFrench) {
  EXPECT_EQ(ReceiptText("it", ReceiptLabel::kTitle), "Récépissé de dépôt");
}

}  // namespace
}  // namespace kiosk::printer
