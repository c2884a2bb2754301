// What the staff screen's device panel says, from each device's snapshot.
#include "kiosk/devices/device_states.h"

#include <gtest/gtest.h>

namespace kiosk::devices {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const auto kNow = std::chrono::system_clock::time_point(seconds(1'800'000'000));

TEST(ReaderDeviceState, NamesTheReaderAndItsCard) {
  ReaderSnapshot reader;
  reader.watching = true;
  reader.link = pcsc::CardLinkState::kCardPresent;
  reader.reader = "ACS ACR1252 00 00";
  reader.card_present = true;
  session::DeviceState state = ReaderDeviceState(reader);
  EXPECT_EQ(state.name, "reader");
  EXPECT_TRUE(state.ok);
  EXPECT_EQ(state.detail, "ACS ACR1252 00 00: card present");
}

TEST(ReaderDeviceState, IsNotOkWithoutPcscdOrWithoutReader) {
  ReaderSnapshot reader;
  reader.watching = true;
  reader.link = pcsc::CardLinkState::kServiceUnavailable;
  EXPECT_FALSE(ReaderDeviceState(reader).ok);
  EXPECT_EQ(ReaderDeviceState(reader).detail, "card service (pcscd) not running");
  reader.link = pcsc::CardLinkState::kNoReader;
  EXPECT_FALSE(ReaderDeviceState(reader).ok);
  EXPECT_EQ(ReaderDeviceState(reader).detail, "no reader connected");
}

TEST(ReaderDeviceState, MentionsTheLastFailedRead) {
  ReaderSnapshot reader;
  reader.watching = true;
  reader.link = pcsc::CardLinkState::kReaderWithoutCard;
  reader.reader = "R";
  reader.last_failure = "card_removed";
  EXPECT_EQ(ReaderDeviceState(reader).detail, "R: no card, last read: card_removed");
}

TEST(PrinterDeviceState, SaysReadyOrTheProblem) {
  PrinterSnapshot printer;
  EXPECT_FALSE(PrinterDeviceState(printer, "Guichet_PDF").ok);
  EXPECT_EQ(PrinterDeviceState(printer, "Guichet_PDF").detail, "Guichet_PDF: not checked yet");
  printer.checked = true;
  printer.ok = true;
  EXPECT_EQ(PrinterDeviceState(printer, "Guichet_PDF").detail, "Guichet_PDF: ready");
  printer.ok = false;
  printer.problem = "media_empty";
  printer.detail = "media-empty-error";
  session::DeviceState state = PrinterDeviceState(printer, "Guichet_PDF");
  EXPECT_EQ(state.name, "printer");
  EXPECT_FALSE(state.ok);
  EXPECT_EQ(state.detail, "Guichet_PDF: media_empty (media-empty-error)");
}

TEST(NetworkDeviceState, SaysNotEnrolledWithoutACentre) {
  session::DeviceState state = NetworkDeviceState(std::nullopt, kNow);
  EXPECT_EQ(state.name, "network");
  EXPECT_FALSE(state.ok);
  EXPECT_NE(state.detail.find("not enrolled"), std::string::npos);
}

TEST(NetworkDeviceState, ReportsErrorsPauseAndTheLastDelivery) {
  offline::SyncState sync;
  sync.running = true;
  sync.last_success_at = kNow - minutes(3);
  EXPECT_TRUE(NetworkDeviceState(sync, kNow).ok);
  EXPECT_EQ(NetworkDeviceState(sync, kNow).detail, "last delivery 3 min ago");

  sync.last_error = "unavailable: connection refused";
  EXPECT_FALSE(NetworkDeviceState(sync, kNow).ok);
  EXPECT_EQ(NetworkDeviceState(sync, kNow).detail,
            "centre not reached: unavailable: connection refused");

  sync.paused = true;
  sync.paused_reason = "HTTP 403";
  EXPECT_NE(NetworkDeviceState(sync, kNow).detail.find("paused: HTTP 403"), std::string::npos);

  sync.running = false;
  EXPECT_EQ(NetworkDeviceState(sync, kNow).detail, "sync stopped");
}

TEST(QueueDeviceState, CountsWhatWaitsAndWhatStaffMustLookAt) {
  offline::QueueSummary summary;
  summary.pending = 2;
  summary.waiting = 1;
  summary.oldest_unsent_confirmed_at = kNow - seconds(90);
  session::DeviceState state = QueueDeviceState(summary, "", kNow);
  EXPECT_EQ(state.name, "queue");
  EXPECT_TRUE(state.ok);
  EXPECT_EQ(state.detail, "3 waiting, oldest 1 min");

  summary.quarantined = 1;
  state = QueueDeviceState(summary, "", kNow);
  EXPECT_FALSE(state.ok);
  EXPECT_EQ(state.detail, "3 waiting, oldest 1 min, 1 set aside for staff");

  EXPECT_FALSE(QueueDeviceState(summary, "DataLoss: corrupt", kNow).ok);
  EXPECT_EQ(QueueDeviceState(std::nullopt, "", kNow).detail, "not checked yet");
}

TEST(AgeText, RoundsDownToTheLargestUnit) {
  EXPECT_EQ(AgeText(seconds(-5)), "0 s");
  EXPECT_EQ(AgeText(seconds(59)), "59 s");
  EXPECT_EQ(AgeText(seconds(60)), "1 min");
  EXPECT_EQ(AgeText(seconds(3600 * 5)), "5 h");
  EXPECT_EQ(AgeText(seconds(86400 * 3)), "3 days");
}

}  // namespace
}  // namespace kiosk::devices
