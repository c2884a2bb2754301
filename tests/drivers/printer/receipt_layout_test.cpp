#include "drivers/printer/receipt_layout.h"

#include <gtest/gtest.h>

#include "drivers/printer/receipt_texts.h"
#include "tests/drivers/printer/pdf_tools.h"
#include "tests/support/temp_dir.h"

namespace kiosk::printer {
namespace {

using kiosk::testing::PdfQrCode;
using kiosk::testing::PdfText;
using kiosk::testing::TempDir;
using kiosk::testing::WritePdf;

// pdftotext breaks lines where the layout wrapped them; compare on single spaces. The layout
// puts narrow no-break spaces (U+202F) inside « » and before : ? ! ; they compare as spaces.
std::string Flatten(std::string text) {
  for (size_t pos; (pos = text.find("\u202f")) != std::string::npos;) text.replace(pos, 3, " ");
  std::string out;
  for (char c : text) {
    char d = (c == '\n' || c == '\f') ? ' ' : c;
    if (d == ' ' && !out.empty() && out.back() == ' ') continue;
    out.push_back(d);
  }
  return out;
}

class ReceiptLayoutTest : public ::testing::Test {
 protected:
  RenderedReceipt Render(const ReceiptData& data, PaperFormat format) {
    auto r = RenderReceipt(data, format);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : RenderedReceipt{};
  }
  std::string TextOf(const RenderedReceipt& r) {
    return Flatten(PdfText(WritePdf(dir_.path().string(), "r.pdf", r.pdf)));
  }
  TempDir dir_;
};

TEST_F(ReceiptLayoutTest, RollReceiptShowsEveryPartAndEveryFrenchCharacter) {
  ReceiptData data = TestReceiptData();
  RenderedReceipt r = Render(data, PaperFormat::kRoll80);
  EXPECT_EQ(r.pdf.rfind("%PDF-", 0), 0u);
  EXPECT_NEAR(r.width_pt, 80 / 25.4 * 72, 0.1);
  std::string text = TextOf(r);
  for (const char* expected :
       {"Saint-Rémy-en", "Bouzemont", "Hôtel de ville", "Récépissé de dépôt", "« copie intégrale »",
        "œuvre", r.reference.c_str(), "communiquée après l’envoi", "En attente d’envoi",
        "É. D’ARGENTRÉ-ŒUVRARD", "0 € (gratuit)", "àâäéèêëîïôöùûüÿç", "ÀÂÄÉÈÊËÎÏÔÖÙÛÜŸÇ",
        "œŒ æÆ « » € ’ …", "Et ensuite ?"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\nin:\n" << text;
  }
}

TEST_F(ReceiptLayoutTest, GuillemetsStayOnTheLineOfTheirWords) {
  ReceiptData data = TestReceiptData();
  std::string text =
      PdfText(WritePdf(dir_.path().string(), "g.pdf", Render(data, PaperFormat::kRoll80).pdf));
  // Without narrow no-break spaces this title wrapped as "naissance «" / "copie intégrale".
  EXPECT_NE(text.find("« copie intégrale »"), std::string::npos) << text;
  EXPECT_EQ(text.find("«\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("\n»"), std::string::npos) << text;
  EXPECT_EQ(text.find("\n?"), std::string::npos) << text;
}

TEST_F(ReceiptLayoutTest, QrCodeDecodesToTheReference) {
  for (PaperFormat format : {PaperFormat::kRoll80, PaperFormat::kA4}) {
    RenderedReceipt r = Render(TestReceiptData(), format);
    std::string pdf = WritePdf(dir_.path().string(), "qr.pdf", r.pdf);
    EXPECT_EQ(PdfQrCode(pdf), r.reference) << PaperFormatName(format);
  }
}

TEST_F(ReceiptLayoutTest, A4PageIsA4WhateverTheContent) {
  RenderedReceipt r = Render(TestReceiptData(), PaperFormat::kA4);
  EXPECT_NEAR(r.width_pt, 595.3, 0.5);
  EXPECT_NEAR(r.height_pt, 841.9, 0.5);
  EXPECT_NE(TextOf(r).find("Récépissé de dépôt"), std::string::npos);
}

TEST_F(ReceiptLayoutTest, RollGrowsWithItsContent) {
  ReceiptData data = TestReceiptData();
  data.next_steps.clear();
  double short_height = Render(data, PaperFormat::kRoll80).height_pt;
  data.next_steps = std::string(20, ' ');
  for (int i = 0; i < 30; ++i) data.next_steps += "Une phrase de plus sur la suite. ";
  double long_height = Render(data, PaperFormat::kRoll80).height_pt;
  EXPECT_GT(long_height, short_height + 100);
}

TEST_F(ReceiptLayoutTest, LongNamesWrapInsteadOfRunningOffThePaper) {
  ReceiptData data = TestReceiptData();
  data.commune = "Lyon";
  double one_line = Render(data, PaperFormat::kRoll80).height_pt;
  data.commune =
      "Saint-Germain-de-la-Coudre-et-Villiers-sur-Marne-lès-Bains-Communauté-de-Communes-du-"
      "Pays-d’Entre-Deux-Mers";
  RenderedReceipt wrapped = Render(data, PaperFormat::kRoll80);
  EXPECT_GT(wrapped.height_pt, one_line + 20);
  // Every part of the name is on the page (pdftotext adds breaks where it wrapped).
  std::string text = TextOf(wrapped);
  for (const char* piece : {"Saint-Germain", "Villiers", "Communauté", "Entre-Deux-Mers"}) {
    EXPECT_NE(text.find(piece), std::string::npos) << piece << " in " << text;
  }
}

TEST_F(ReceiptLayoutTest, EmptyOptionalFieldsLeaveNoHoleAndSayTheReferenceIsPending) {
  ReceiptData data = TestReceiptData();
  data.site.clear();
  data.next_steps.clear();
  data.personal_data.clear();
  data.central_reference.reset();
  RenderedReceipt r = Render(data, PaperFormat::kRoll80);
  std::string text = TextOf(r);
  EXPECT_NE(text.find("communiquée après l’envoi"), std::string::npos) << text;
  EXPECT_EQ(text.find("Et ensuite"), std::string::npos);
  EXPECT_EQ(text.find("Demandeur"), std::string::npos);
  EXPECT_LT(r.height_pt, Render(TestReceiptData(), PaperFormat::kRoll80).height_pt);
}

TEST_F(ReceiptLayoutTest, SentReceiptShowsTheCentralReference) {
  ReceiptData data = TestReceiptData();
  data.state = SubmissionState::kSent;
  data.central_reference = "GU-2026-000123";
  std::string text = TextOf(Render(data, PaperFormat::kRoll80));
  EXPECT_NE(text.find("GU-2026-000123"), std::string::npos);
  EXPECT_NE(text.find("Envoyé à la mairie"), std::string::npos);
}

TEST_F(ReceiptLayoutTest, InvalidDataIsRefusedNotRendered) {
  ReceiptData data = TestReceiptData();
  data.submission_id = "nope";
  EXPECT_EQ(RenderReceipt(data, PaperFormat::kRoll80).status().code(), StatusCode::kInvalidInput);
}

class ReceiptLanguageTest : public ReceiptLayoutTest,
                            public ::testing::WithParamInterface<const char*> {};

TEST_P(ReceiptLanguageTest, FixedLabelsAreInTheReceiptLanguage) {
  ReceiptData data = TestReceiptData(GetParam());
  std::string text = TextOf(Render(data, PaperFormat::kRoll80));
  for (ReceiptLabel label : {ReceiptLabel::kTitle, ReceiptLabel::kLocalReference,
                             ReceiptLabel::kStatusWaiting, ReceiptLabel::kNextSteps}) {
    std::string expected(ReceiptText(GetParam(), label));
    EXPECT_NE(text.find(expected), std::string::npos) << expected << " in " << text;
  }
}

INSTANTIATE_TEST_SUITE_P(Languages, ReceiptLanguageTest, ::testing::Values("fr", "en", "es", "de"));

}  // namespace
}  // namespace kiosk::printer
