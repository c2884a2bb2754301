// Full in-process reads of every card profile: DocumentReader over a LoopbackChannel to the
// SimulatedChip, with the generated test PKI.
#include "drivers/emrtd/document_reader.h"

#include <gtest/gtest.h>

#include <atomic>

#include "drivers/cardsim/loopback_channel.h"
#include "drivers/cardsim/simulated_chip.h"
#include "tests/support/temp_dir.h"

namespace kiosk::emrtd {
namespace {

using cardsim::LoopbackChannel;
using cardsim::SimulatedChip;

class DocumentReaderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pki_dir_ = new testing::TempDir();
    ASSERT_TRUE(cardsim::GenerateTestPki(pki_dir_->path().string()).ok());
  }
  static void TearDownTestSuite() {
    delete pki_dir_;
    pki_dir_ = nullptr;
  }

  std::unique_ptr<SimulatedChip> Chip(const std::string& profile) {
    auto chip = SimulatedChip::FromProfile(
        std::string(KIOSK_CARDSIM_PROFILES_DIR) + "/" + profile + ".toml",
        pki_dir_->path().string());
    EXPECT_TRUE(chip.ok()) << chip.status().ToString();
    return chip.ok() ? std::move(*chip) : nullptr;
  }

  ReadOptions Options() const {
    ReadOptions options;
    options.trust_store_dir = pki_dir_->Join("csca");
    options.today = MrzDate{2026, 12, 3};
    return options;
  }

  static testing::TempDir* pki_dir_;
};
testing::TempDir* DocumentReaderTest::pki_dir_ = nullptr;

TEST_F(DocumentReaderTest, ReadsCnieWithPaceCanAndVerifiesPassiveAuthentication) {
  auto chip = Chip("cnie");
  LoopbackChannel channel(*chip);
  auto result = DocumentReader(Options()).Read(channel, AccessKey::Can("123456"));
  ASSERT_TRUE(result.ok()) << result.status().ToString();

  EXPECT_EQ(result->access, AccessProtocol::kPace);
  EXPECT_EQ(result->identity.surname, "LEFEVRE");
  EXPECT_EQ(result->identity.given_names, "HELENE MARIE");
  EXPECT_EQ(result->identity.document_number, "X4RTBPFW4");
  EXPECT_EQ(result->identity.issuing_state, "FRA");
  EXPECT_EQ(result->identity.sex, "F");
  EXPECT_EQ(result->identity.birth_date->ToIso(), "1990-05-14");
  EXPECT_EQ(result->identity.expiry_date->ToIso(), "2031-06-30");
  EXPECT_FALSE(result->identity.expired);
  EXPECT_EQ(result->identity.place_of_birth, "Saint-Étienne (Loire)");
  EXPECT_EQ(result->identity.full_name, "LEFÈVRE HÉLÈNE MARIE");
  EXPECT_EQ(result->identity.issuing_authority, "Préfecture de la Loire");
  EXPECT_EQ(result->data_groups, (std::vector<int>{1, 2, 11, 12}));
  ASSERT_TRUE(result->face.has_value());
  EXPECT_EQ(result->face->mime_type, "image/jpeg");
  EXPECT_EQ(result->face->data[0], 0xFF);
  EXPECT_EQ(result->face->data[1], 0xD8);
  EXPECT_EQ(result->passive_authentication.status, PassiveAuthenticationStatus::kVerified)
      << result->passive_authentication.reason;
  EXPECT_GT(result->apdu_count, 10);
  EXPECT_EQ(result->read_fallbacks, 0);
}

TEST_F(DocumentReaderTest, ReadsSpecimenPassportWithBacAndReportsItExpired) {
  auto chip = Chip("passport-specimen");
  LoopbackChannel channel(*chip, /*extended_length=*/false);
  auto result =
      DocumentReader(Options()).Read(channel, AccessKey::Mrz("L898902C3", "740812", "120415"));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->access, AccessProtocol::kBac);
  EXPECT_EQ(result->identity.surname, "ERIKSSON");
  EXPECT_EQ(result->identity.given_names, "ANNA MARIA");
  EXPECT_EQ(result->mrz.format, MrzFormat::kTd3);
  EXPECT_TRUE(result->identity.expired);
  EXPECT_EQ(result->identity.place_of_birth, "Zenith, Utopia");
  EXPECT_EQ(result->passive_authentication.status, PassiveAuthenticationStatus::kVerified);
}

TEST_F(DocumentReaderTest, ReadsCnieThroughAReaderWithoutExtendedLength) {
  auto chip = Chip("cnie");
  LoopbackChannel channel(*chip, /*extended_length=*/false);
  auto result = DocumentReader(Options()).Read(channel, AccessKey::Can("123456"));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->passive_authentication.status, PassiveAuthenticationStatus::kVerified);
}

TEST_F(DocumentReaderTest, WrongCanIsAccessDeniedAfterASingleAttempt) {
  auto chip = Chip("cnie");
  LoopbackChannel channel(*chip);
  auto result = DocumentReader(Options()).Read(channel, AccessKey::Can("000000"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(FailureOf(result.status()), ReadFailure::kAccessDenied) << result.status().ToString();
  EXPECT_EQ(result.status().reaction(), Reaction::kAskCitizen);
  EXPECT_EQ(chip->refused_authentications(), 1);
}

TEST_F(DocumentReaderTest, WrongMrzIsAccessDeniedOnBac) {
  auto chip = Chip("passport-specimen");
  LoopbackChannel channel(*chip);
  auto result =
      DocumentReader(Options()).Read(channel, AccessKey::Mrz("L898902C3", "740813", "120415"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(FailureOf(result.status()), ReadFailure::kAccessDenied);
  EXPECT_EQ(chip->refused_authentications(), 1);
}

TEST_F(DocumentReaderTest, CnieOpensWithPaceMrzToo) {
  auto chip = Chip("cnie");
  LoopbackChannel channel(*chip);
  auto result =
      DocumentReader(Options()).Read(channel, AccessKey::Mrz("X4RTBPFW4", "900514", "310630"));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->access, AccessProtocol::kPace);
}

TEST_F(DocumentReaderTest, ExpiredCardReadsAsExpired) {
  auto chip = Chip("expired-card");
  LoopbackChannel channel(*chip);
  auto result = DocumentReader(Options()).Read(channel, AccessKey::Can("654321"));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->identity.expired);
  EXPECT_EQ(result->identity.expiry_date->ToIso(), "2019-03-01");
  EXPECT_EQ(result->identity.place_of_birth, "Orléans (Loiret)");
}

TEST_F(DocumentReaderTest, CardWithoutEmrtdApplicationIsUnsupported) {
  auto chip = Chip("no-emrtd-application");
  LoopbackChannel channel(*chip);
  auto result = DocumentReader(Options()).Read(channel, AccessKey::Can("123456"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(FailureOf(result.status()), ReadFailure::kUnsupportedDocument);
}

TEST_F(DocumentReaderTest, ChipRefusing256ByteReadsIsReadWithSmallerReads) {
  for (bool extended : {true, false}) {
    auto chip = Chip("refuses-256-byte-reads");
    LoopbackChannel channel(*chip, extended);
    auto result = DocumentReader(Options()).Read(channel, AccessKey::Can("246810"));
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    EXPECT_GE(result->read_fallbacks, 1);
    EXPECT_EQ(result->passive_authentication.status, PassiveAuthenticationStatus::kVerified);
    EXPECT_EQ(result->identity.place_of_birth, "Besançon (Doubs)");
  }
}

TEST_F(DocumentReaderTest, EmptyTrustStoreGivesNoTrustAnchor) {
  auto chip = Chip("cnie");
  LoopbackChannel channel(*chip);
  testing::TempDir empty;
  ReadOptions options = Options();
  options.trust_store_dir = empty.path().string();
  auto result = DocumentReader(options).Read(channel, AccessKey::Can("123456"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->passive_authentication.status, PassiveAuthenticationStatus::kNoTrustAnchor);
}

TEST_F(DocumentReaderTest, TamperedDataGroupFailsPassiveAuthentication) {
  auto chip = Chip("cnie");
  chip->TamperDataGroup(11);
  LoopbackChannel channel(*chip);
  auto result = DocumentReader(Options()).Read(channel, AccessKey::Can("123456"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->passive_authentication.status, PassiveAuthenticationStatus::kFailed);
  EXPECT_NE(result->passive_authentication.reason.find("DG11"), std::string::npos);
}

TEST_F(DocumentReaderTest, OtherCscaGivesNoTrustAnchor) {
  testing::TempDir other;
  auto other_pki = cardsim::GenerateTestPki(other.path().string());
  ASSERT_TRUE(other_pki.ok());
  auto chip = Chip("cnie");
  LoopbackChannel channel(*chip);
  ReadOptions options = Options();
  options.trust_store_dir = other_pki->trust_store_dir;
  auto result = DocumentReader(options).Read(channel, AccessKey::Can("123456"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->passive_authentication.status, PassiveAuthenticationStatus::kNoTrustAnchor);
}

TEST_F(DocumentReaderTest, CardRemovedMidReadIsACleanErrorAndTheNextReadWorks) {
  auto chip = Chip("cnie");
  LoopbackChannel channel(*chip);
  channel.RemoveCardAfter(12);
  auto failed = DocumentReader(Options()).Read(channel, AccessKey::Can("123456"));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(FailureOf(failed.status()), ReadFailure::kCardRemoved);

  chip->Reset();
  LoopbackChannel again(*chip);
  auto result = DocumentReader(Options()).Read(again, AccessKey::Can("123456"));
  EXPECT_TRUE(result.ok()) << result.status().ToString();
}

TEST_F(DocumentReaderTest, CancelledReadStopsBetweenApdus) {
  auto chip = Chip("cnie");
  LoopbackChannel channel(*chip);
  std::atomic<bool> cancel{true};
  ReadOptions options = Options();
  options.cancel = &cancel;
  auto result = DocumentReader(options).Read(channel, AccessKey::Can("123456"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(FailureOf(result.status()), ReadFailure::kCancelled);
  EXPECT_EQ(channel.transmitted(), 0);
}

TEST_F(DocumentReaderTest, LargePhotoIsReadInFewApdusWithExtendedLength) {
  auto chip = Chip("cnie-large-photo");
  LoopbackChannel channel(*chip);
  auto result = DocumentReader(Options()).Read(channel, AccessKey::Can("123456"));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_GT(result->face->data.size(), 19000u);
  EXPECT_LT(result->apdu_count, 25);
}

TEST_F(DocumentReaderTest, ChipOfferingOnlyUnsupportedPaceIsReadWithBac) {
  auto profile = cardsim::CardProfile::Parse(
      "name = \"DH only\"\npace = true\nbac = true\ncan = \"111111\"\n"
      "pace_parameter_id = 2\n"
      "mrz = [\"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\",\n"
      "       \"L898902C36UTO7408122F1204159ZE184226B<<<<<10\"]\n",
      "dh-only.toml", ".");
  ASSERT_TRUE(profile.ok()) << profile.status().ToString();
  auto pki = cardsim::GenerateTestPki(pki_dir_->path().string());
  ASSERT_TRUE(pki.ok());
  auto chip = SimulatedChip::Create(*profile, *pki);
  ASSERT_TRUE(chip.ok()) << chip.status().ToString();
  LoopbackChannel channel(**chip);
  auto result =
      DocumentReader(Options()).Read(channel, AccessKey::Mrz("L898902C3", "740812", "120415"));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->access, AccessProtocol::kBac);

  auto with_can = DocumentReader(Options()).Read(channel, AccessKey::Can("111111"));
  EXPECT_EQ(FailureOf(with_can.status()), ReadFailure::kUnsupportedDocument);
}

}  // namespace
}  // namespace kiosk::emrtd
