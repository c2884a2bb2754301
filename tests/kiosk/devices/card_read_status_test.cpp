// The card reader's pure parts: the one mapping of read failures to the flow's codes, and
// the conversion of what the chip gave into the flow's identity.
#include <gtest/gtest.h>

#include "kiosk/devices/pcsc_card_reader.h"

namespace kiosk::devices {
namespace {

using session::IdentitySource;

struct MappingCase {
  Status failure;
  StatusCode expected;
  const char* reason;
};

class CardReadStatusTest : public ::testing::TestWithParam<MappingCase> {};

TEST_P(CardReadStatusTest, GivesTheFlowTheCodeItReactsTo) {
  const MappingCase& c = GetParam();
  Status mapped = CardReadStatus(c.failure);
  EXPECT_EQ(mapped.code(), c.expected) << c.failure.ToString();
  EXPECT_EQ(mapped.message().rfind(std::string(c.reason) + ": ", 0), 0u) << mapped.message();
  EXPECT_NE(mapped.message().find(c.failure.message()), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Table, CardReadStatusTest,
    ::testing::Values(
        MappingCase{InvalidInputError("access denied: the chip refused the PACE password"),
                    StatusCode::kInvalidInput, "access_denied"},
        MappingCase{UnsupportedError("unsupported document: no eMRTD application"),
                    StatusCode::kUnsupported, "unsupported_document"},
        MappingCase{UnsupportedError("unsupported_card: the card on 'R' is mute"),
                    StatusCode::kUnsupported, "unsupported_document"},
        MappingCase{InvalidInputError("DG1: no MRZ object"), StatusCode::kUnsupported,
                    "malformed_answer"},
        MappingCase{FailedPreconditionError("card_removed: SCardTransmit on 'R'"),
                    StatusCode::kFailedPrecondition, "card_removed"},
        MappingCase{FailedPreconditionError("no_card: no card on 'R'"),
                    StatusCode::kFailedPrecondition, "card_removed"},
        MappingCase{UnavailableError("service_unavailable: SCardEstablishContext"),
                    StatusCode::kUnavailable, "service_unavailable"},
        MappingCase{DeadlineExceededError("the reader did not answer"), StatusCode::kUnavailable,
                    "service_unavailable"},
        MappingCase{CancelledError("card reading cancelled"), StatusCode::kCancelled, "cancelled"},
        MappingCase{DataLossError("secure messaging: MAC mismatch"), StatusCode::kDataLoss,
                    "security_error"},
        MappingCase{ResourceExhaustedError("the password is blocked"),
                    StatusCode::kResourceExhausted, "blocked"}));

emrtd::ReadResult CnieRead() {
  emrtd::ReadResult result;
  emrtd::Identity& id = result.identity;
  id.document_code = "ID";
  id.document_number = "X4RTBPFW4";
  id.issuing_state = "FRA";
  id.surname = "LEFEVRE";
  id.given_names = "HELENE MARIE";
  id.nationality = "FRA";
  id.sex = "F";
  id.birth_date = emrtd::MrzDate{1990, 5, 14};
  id.expiry_date = emrtd::MrzDate{2031, 6, 30};
  id.full_name = "LEFÈVRE<<HÉLÈNE<MARIE";
  id.place_of_birth = "Saint-Étienne (Loire)";
  result.mrz.surname = "LEFEVRE";
  result.mrz.document_number = "X4RTBPFW4";
  result.mrz.birth_yymmdd = "900514";
  result.face = emrtd::FaceImage{"image/jpeg", {0xFF, 0xD8, 0xFF, 0xE0}, 1, 1};
  result.passive_authentication = {emrtd::PassiveAuthenticationStatus::kVerified, ""};
  return result;
}

TEST(ToCardIdentity, CopiesTheFieldsTheFlowPrefillsFrom) {
  session::CardIdentity identity = ToCardIdentity(CnieRead());
  EXPECT_EQ(identity.surname, "LEFEVRE");
  EXPECT_EQ(identity.given_names, "HELENE MARIE");
  EXPECT_EQ(identity.birth_date, "1990-05-14");
  EXPECT_EQ(identity.sex, "F");
  EXPECT_EQ(identity.nationality, "FRA");
  EXPECT_EQ(identity.document_number, "X4RTBPFW4");
  EXPECT_EQ(identity.expiry_date, "2031-06-30");
  EXPECT_EQ(identity.place_of_birth, "Saint-Étienne (Loire)");
  EXPECT_EQ(identity.photo, (std::vector<uint8_t>{0xFF, 0xD8, 0xFF, 0xE0}));
  EXPECT_EQ(identity.source, IdentitySource::kChipVerified);
}

TEST(ToCardIdentity, IsUnverifiedUnlessPassiveAuthenticationVerified) {
  emrtd::ReadResult read = CnieRead();
  read.passive_authentication = {emrtd::PassiveAuthenticationStatus::kNoTrustAnchor, "no CSCA"};
  EXPECT_EQ(ToCardIdentity(read).source, IdentitySource::kChipUnverified);
  read.passive_authentication = {emrtd::PassiveAuthenticationStatus::kFailed, "hash mismatch"};
  EXPECT_EQ(ToCardIdentity(read).source, IdentitySource::kChipUnverified);
}

TEST(ToCardIdentity, LeavesWhatTheChipDidNotGiveEmpty) {
  emrtd::ReadResult read = CnieRead();
  read.identity.sex = "<";
  read.identity.expiry_date.reset();
  read.identity.place_of_birth.clear();
  read.face.reset();
  session::CardIdentity identity = ToCardIdentity(read);
  EXPECT_EQ(identity.sex, "");
  EXPECT_EQ(identity.expiry_date, "");
  EXPECT_EQ(identity.place_of_birth, "");
  EXPECT_TRUE(identity.photo.empty());
}

TEST(WipeReadResult, LeavesNoPersonalField) {
  emrtd::ReadResult read = CnieRead();
  WipeReadResult(read);
  EXPECT_EQ(read.identity.surname, "");
  EXPECT_EQ(read.identity.document_number, "");
  EXPECT_EQ(read.identity.full_name, "");
  EXPECT_EQ(read.identity.place_of_birth, "");
  EXPECT_FALSE(read.identity.birth_date.has_value());
  EXPECT_EQ(read.mrz.surname, "");
  EXPECT_EQ(read.mrz.birth_yymmdd, "");
  EXPECT_FALSE(read.face.has_value());
}

}  // namespace
}  // namespace kiosk::devices
