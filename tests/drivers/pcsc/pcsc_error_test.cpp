#include "drivers/pcsc/pcsc_error.h"

#include <PCSC/pcsclite.h>
#include <gtest/gtest.h>

namespace kiosk::pcsc {
namespace {

using C = StatusCode;
using R = LinkReason;

struct Case {
  LONG rc;
  const char* name;
  StatusCode code;
  LinkReason reason;
};

class PcscErrorTable : public ::testing::TestWithParam<Case> {};

TEST_P(PcscErrorTable, MapsEachCodeToItsStatusAndReason) {
  const Case& c = GetParam();
  PcscResult result = DecodePcscResult(c.rc);
  EXPECT_EQ(result.name, c.name);
  EXPECT_EQ(result.code, c.code) << c.name;
  EXPECT_EQ(result.reason, c.reason) << c.name;

  Status status = PcscStatus(c.rc, "SCardTransmit", "Reader 00 00");
  EXPECT_EQ(status.code(), c.code);
  EXPECT_EQ(ReasonOf(status), c.reason) << status.message();
}

INSTANTIATE_TEST_SUITE_P(
    EveryPcscLiteCode, PcscErrorTable,
    ::testing::Values(
        Case{SCARD_S_SUCCESS, "SCARD_S_SUCCESS", C::kOk, R::kNone},
        Case{SCARD_F_INTERNAL_ERROR, "SCARD_F_INTERNAL_ERROR", C::kInternal, R::kInternal},
        Case{SCARD_E_CANCELLED, "SCARD_E_CANCELLED", C::kCancelled, R::kCancelled},
        Case{SCARD_E_INVALID_HANDLE, "SCARD_E_INVALID_HANDLE", C::kUnavailable,
             R::kServiceUnavailable},
        Case{SCARD_E_INVALID_PARAMETER, "SCARD_E_INVALID_PARAMETER", C::kInternal, R::kInternal},
        Case{SCARD_E_INVALID_TARGET, "SCARD_E_INVALID_TARGET", C::kInternal, R::kInternal},
        Case{SCARD_E_NO_MEMORY, "SCARD_E_NO_MEMORY", C::kResourceExhausted, R::kInternal},
        Case{SCARD_F_WAITED_TOO_LONG, "SCARD_F_WAITED_TOO_LONG", C::kDeadlineExceeded, R::kTimeout},
        Case{SCARD_E_INSUFFICIENT_BUFFER, "SCARD_E_INSUFFICIENT_BUFFER", C::kInternal,
             R::kInternal},
        Case{SCARD_E_UNKNOWN_READER, "SCARD_E_UNKNOWN_READER", C::kFailedPrecondition,
             R::kNoReader},
        Case{SCARD_E_TIMEOUT, "SCARD_E_TIMEOUT", C::kDeadlineExceeded, R::kTimeout},
        Case{SCARD_E_SHARING_VIOLATION, "SCARD_E_SHARING_VIOLATION", C::kUnavailable,
             R::kReaderBusy},
        Case{SCARD_E_NO_SMARTCARD, "SCARD_E_NO_SMARTCARD", C::kFailedPrecondition, R::kNoCard},
        Case{SCARD_E_UNKNOWN_CARD, "SCARD_E_UNKNOWN_CARD", C::kUnsupported, R::kUnsupportedCard},
        Case{SCARD_E_CANT_DISPOSE, "SCARD_E_CANT_DISPOSE", C::kInternal, R::kCommunication},
        Case{SCARD_E_PROTO_MISMATCH, "SCARD_E_PROTO_MISMATCH", C::kUnsupported,
             R::kUnsupportedCard},
        Case{SCARD_E_NOT_READY, "SCARD_E_NOT_READY", C::kUnavailable, R::kCommunication},
        Case{SCARD_E_INVALID_VALUE, "SCARD_E_INVALID_VALUE", C::kInternal, R::kInternal},
        Case{SCARD_E_SYSTEM_CANCELLED, "SCARD_E_SYSTEM_CANCELLED", C::kCancelled, R::kCancelled},
        Case{SCARD_F_COMM_ERROR, "SCARD_F_COMM_ERROR", C::kUnavailable, R::kServiceUnavailable},
        Case{SCARD_F_UNKNOWN_ERROR, "SCARD_F_UNKNOWN_ERROR", C::kInternal, R::kInternal},
        Case{SCARD_E_INVALID_ATR, "SCARD_E_INVALID_ATR", C::kUnsupported, R::kUnsupportedCard},
        Case{SCARD_E_NOT_TRANSACTED, "SCARD_E_NOT_TRANSACTED", C::kFailedPrecondition,
             R::kCardRemoved},
        Case{SCARD_E_READER_UNAVAILABLE, "SCARD_E_READER_UNAVAILABLE", C::kFailedPrecondition,
             R::kNoReader},
        Case{SCARD_P_SHUTDOWN, "SCARD_P_SHUTDOWN", C::kUnavailable, R::kServiceUnavailable},
        Case{SCARD_E_PCI_TOO_SMALL, "SCARD_E_PCI_TOO_SMALL", C::kInternal, R::kInternal},
        Case{SCARD_E_READER_UNSUPPORTED, "SCARD_E_READER_UNSUPPORTED", C::kFailedPrecondition,
             R::kNoReader},
        Case{SCARD_E_DUPLICATE_READER, "SCARD_E_DUPLICATE_READER", C::kFailedPrecondition,
             R::kNoReader},
        Case{SCARD_E_CARD_UNSUPPORTED, "SCARD_E_CARD_UNSUPPORTED", C::kUnsupported,
             R::kUnsupportedCard},
        Case{SCARD_E_NO_SERVICE, "SCARD_E_NO_SERVICE", C::kUnavailable, R::kServiceUnavailable},
        Case{SCARD_E_SERVICE_STOPPED, "SCARD_E_SERVICE_STOPPED", C::kUnavailable,
             R::kServiceUnavailable},
        Case{SCARD_E_UNSUPPORTED_FEATURE, "SCARD_E_UNSUPPORTED_FEATURE", C::kUnsupported,
             R::kNotSupported},
        Case{SCARD_E_ICC_INSTALLATION, "SCARD_E_ICC_INSTALLATION", C::kUnsupported,
             R::kUnsupportedCard},
        Case{SCARD_E_ICC_CREATEORDER, "SCARD_E_ICC_CREATEORDER", C::kUnsupported,
             R::kUnsupportedCard},
        Case{SCARD_E_DIR_NOT_FOUND, "SCARD_E_DIR_NOT_FOUND", C::kNotFound, R::kUnsupportedCard},
        Case{SCARD_E_FILE_NOT_FOUND, "SCARD_E_FILE_NOT_FOUND", C::kNotFound, R::kUnsupportedCard},
        Case{SCARD_E_NO_DIR, "SCARD_E_NO_DIR", C::kNotFound, R::kUnsupportedCard},
        Case{SCARD_E_NO_FILE, "SCARD_E_NO_FILE", C::kNotFound, R::kUnsupportedCard},
        Case{SCARD_E_NO_ACCESS, "SCARD_E_NO_ACCESS", C::kPermissionDenied, R::kUnsupportedCard},
        Case{SCARD_E_WRITE_TOO_MANY, "SCARD_E_WRITE_TOO_MANY", C::kResourceExhausted,
             R::kUnsupportedCard},
        Case{SCARD_E_BAD_SEEK, "SCARD_E_BAD_SEEK", C::kInternal, R::kInternal},
        Case{SCARD_E_INVALID_CHV, "SCARD_E_INVALID_CHV", C::kInvalidInput, R::kUnsupportedCard},
        Case{SCARD_E_UNKNOWN_RES_MNG, "SCARD_E_UNKNOWN_RES_MNG", C::kInternal, R::kInternal},
        Case{SCARD_E_NO_SUCH_CERTIFICATE, "SCARD_E_NO_SUCH_CERTIFICATE", C::kNotFound,
             R::kUnsupportedCard},
        Case{SCARD_E_CERTIFICATE_UNAVAILABLE, "SCARD_E_CERTIFICATE_UNAVAILABLE", C::kNotFound,
             R::kUnsupportedCard},
        Case{SCARD_E_NO_READERS_AVAILABLE, "SCARD_E_NO_READERS_AVAILABLE", C::kFailedPrecondition,
             R::kNoReader},
        Case{SCARD_E_COMM_DATA_LOST, "SCARD_E_COMM_DATA_LOST", C::kUnavailable, R::kCommunication},
        Case{SCARD_E_NO_KEY_CONTAINER, "SCARD_E_NO_KEY_CONTAINER", C::kNotFound,
             R::kUnsupportedCard},
        Case{SCARD_E_SERVER_TOO_BUSY, "SCARD_E_SERVER_TOO_BUSY", C::kUnavailable,
             R::kServiceUnavailable},
        Case{SCARD_W_UNSUPPORTED_CARD, "SCARD_W_UNSUPPORTED_CARD", C::kUnsupported,
             R::kUnsupportedCard},
        Case{SCARD_W_UNRESPONSIVE_CARD, "SCARD_W_UNRESPONSIVE_CARD", C::kUnsupported,
             R::kUnsupportedCard},
        Case{SCARD_W_UNPOWERED_CARD, "SCARD_W_UNPOWERED_CARD", C::kFailedPrecondition,
             R::kCardRemoved},
        Case{SCARD_W_RESET_CARD, "SCARD_W_RESET_CARD", C::kFailedPrecondition, R::kCardRemoved},
        Case{SCARD_W_REMOVED_CARD, "SCARD_W_REMOVED_CARD", C::kFailedPrecondition, R::kCardRemoved},
        Case{SCARD_W_SECURITY_VIOLATION, "SCARD_W_SECURITY_VIOLATION", C::kPermissionDenied,
             R::kUnsupportedCard},
        Case{SCARD_W_WRONG_CHV, "SCARD_W_WRONG_CHV", C::kInvalidInput, R::kUnsupportedCard},
        Case{SCARD_W_CHV_BLOCKED, "SCARD_W_CHV_BLOCKED", C::kResourceExhausted,
             R::kUnsupportedCard},
        Case{SCARD_W_EOF, "SCARD_W_EOF", C::kNotFound, R::kUnsupportedCard},
        Case{SCARD_W_CANCELLED_BY_USER, "SCARD_W_CANCELLED_BY_USER", C::kCancelled, R::kCancelled},
        Case{SCARD_W_CARD_NOT_AUTHENTICATED, "SCARD_W_CARD_NOT_AUTHENTICATED", C::kPermissionDenied,
             R::kUnsupportedCard},
        Case{static_cast<LONG>(0x80100099), "unknown", C::kInternal, R::kInternal},
        Case{static_cast<LONG>(42), "unknown", C::kInternal, R::kInternal}));

TEST(PcscStatus, NamesTheCallTheReaderAndTheCode) {
  Status status = PcscStatus(SCARD_W_REMOVED_CARD, "SCardTransmit", "ACS ACR122U 00 00");
  EXPECT_EQ(status.message(),
            "card_removed: SCardTransmit on 'ACS ACR122U 00 00': SCARD_W_REMOVED_CARD "
            "(0x80100069)");
}

TEST(PcscStatus, LeavesOutTheReaderForContextCalls) {
  Status status = PcscStatus(SCARD_E_NO_SERVICE, "SCardEstablishContext");
  EXPECT_EQ(status.message(),
            "service_unavailable: SCardEstablishContext: SCARD_E_NO_SERVICE (0x8010001D)");
  EXPECT_EQ(status.reaction(), Reaction::kRetryLater);
}

TEST(PcscStatus, ReasonSurvivesAContextPrefix) {
  Status status = PcscStatus(SCARD_E_NOT_TRANSACTED, "SCardTransmit", "r").WithContext("DG1");
  EXPECT_EQ(ReasonOf(status), LinkReason::kCardRemoved);
}

TEST(PcscStatus, StatusesFromElsewhereHaveNoLinkReason) {
  EXPECT_EQ(ReasonOf(InvalidInputError("wrong CAN")), LinkReason::kInternal);
  EXPECT_EQ(ReasonOf(OkStatus()), LinkReason::kNone);
}

TEST(PcscStatus, ServiceReaderCardAndPulledCardAreDistinctStates) {
  EXPECT_EQ(ReasonOf(PcscStatus(SCARD_E_NO_SERVICE, "x")), LinkReason::kServiceUnavailable);
  EXPECT_EQ(ReasonOf(PcscStatus(SCARD_E_NO_READERS_AVAILABLE, "x")), LinkReason::kNoReader);
  EXPECT_EQ(ReasonOf(PcscStatus(SCARD_E_NO_SMARTCARD, "x")), LinkReason::kNoCard);
  EXPECT_EQ(ReasonOf(PcscStatus(SCARD_W_REMOVED_CARD, "x")), LinkReason::kCardRemoved);
  EXPECT_EQ(PcscStatus(SCARD_E_NO_SERVICE, "x").reaction(), Reaction::kRetryLater);
  EXPECT_EQ(PcscStatus(SCARD_W_UNRESPONSIVE_CARD, "x").reaction(), Reaction::kAskCitizen);
}

}  // namespace
}  // namespace kiosk::pcsc
