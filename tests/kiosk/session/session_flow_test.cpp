#include "kiosk/session/session_flow.h"

#include <future>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "kiosk/session/demo_procedures.h"
#include "kiosk/session/fakes.h"

namespace kiosk::session {
namespace {

using std::chrono::seconds;

CardIdentity SpecimenIdentity() {
  CardIdentity identity;
  identity.surname = "MARTIN";
  identity.given_names = "ELODIE";
  identity.birth_date = "1990-05-12";
  identity.document_number = "X4RTBPFW4";
  identity.source = IdentitySource::kChipVerified;
  return identity;
}

class SessionFlowTest : public ::testing::Test {
 protected:
  SessionFlowTest() {
    config_.commune = "Testville";
    config_.kiosk_id = "test-01";
    flow_ = std::make_unique<SessionFlow>(
        config_, FlowPorts{&procedures_, &reader_, &sink_, &printer_, &devices_}, clock_, events_,
        jobs_);
  }

  void Do(IntentKind kind, std::string value = "") {
    flow_->Handle({kind, std::move(value)});
    Settle();
  }
  // Lets worker jobs finish and their events reach the flow.
  void Settle() {
    jobs_.WaitIdle();
    flow_->Tick();
  }
  void InsertCard() {
    reader_.Insert(SpecimenIdentity(), "123456");
    events_.Post({.kind = FlowEvent::Kind::kCardInserted});
    Settle();
  }
  void RemoveCard() {
    reader_.Remove();
    events_.Post({.kind = FlowEvent::Kind::kCardRemoved});
    Settle();
  }
  void Advance(seconds s) {
    clock_.Advance(s);
    flow_->Tick();
  }
  void ReachFirstStepWithCard() {
    InsertCard();
    Do(IntentKind::kType, "123456");
    Do(IntentKind::kNext);
    ASSERT_EQ(flow_->screen(), Screen::kCatalog);
    Do(IntentKind::kChooseProcedure, "acte-naissance");
    ASSERT_EQ(flow_->screen(), Screen::kStep);
  }

  FakeClock clock_;
  EventQueue events_;  // outlives the worker, which may still post
  JobRunner jobs_;
  DemoProcedures procedures_;
  FakeCardReader reader_;
  MemorySubmissionSink sink_;
  RecordingPrinter printer_;
  FixedDeviceStatus devices_;
  FlowConfig config_;
  std::unique_ptr<SessionFlow> flow_;
};

TEST_F(SessionFlowTest, StartsOnTheWelcomeScreen) {
  EXPECT_EQ(flow_->screen(), Screen::kWelcome);
  EXPECT_TRUE(flow_->session().Empty());
}

TEST_F(SessionFlowTest, PlacingTheCardOnTheWelcomeScreenAsksForTheCan) {
  InsertCard();
  EXPECT_EQ(flow_->screen(), Screen::kCanEntry);
}

TEST_F(SessionFlowTest, CanEntryTakesOnlySixDigits) {
  InsertCard();
  Do(IntentKind::kType, "12a3456789");
  EXPECT_EQ(flow_->View().entry, "123456");
}

TEST_F(SessionFlowTest, AWrongCanStaysOnTheKeypadWithAnError) {
  InsertCard();
  Do(IntentKind::kType, "654321");
  Do(IntentKind::kNext);
  EXPECT_EQ(flow_->screen(), Screen::kCanEntry);
  EXPECT_EQ(flow_->View().field_error, "can.wrong");
  EXPECT_EQ(flow_->View().entry, "");
}

TEST_F(SessionFlowTest, TheCardPrefillsTheQuestions) {
  ReachFirstStepWithCard();
  ScreenView view = flow_->View();
  EXPECT_EQ(view.question.id, "nom");
  EXPECT_EQ(view.entry, "MARTIN");
  EXPECT_TRUE(view.prefilled);
}

TEST_F(SessionFlowTest, AnEmptyRequiredAnswerShowsAnErrorAndStays) {
  Do(IntentKind::kStart);
  Do(IntentKind::kWithoutCard);
  Do(IntentKind::kChooseProcedure, "acte-naissance");
  Do(IntentKind::kNext);
  EXPECT_EQ(flow_->screen(), Screen::kStep);
  EXPECT_EQ(flow_->View().field_error, "Ce champ est obligatoire.");
}

TEST_F(SessionFlowTest, BackKeepsWhatWasTyped) {
  ReachFirstStepWithCard();
  Do(IntentKind::kNext);
  Do(IntentKind::kBackspace);
  Do(IntentKind::kBackspace);
  Do(IntentKind::kType, "ie");
  Do(IntentKind::kBack);
  EXPECT_EQ(flow_->View().question.id, "nom");
  Do(IntentKind::kNext);
  EXPECT_EQ(flow_->View().entry, "ELODie");
}

TEST_F(SessionFlowTest, ProceduresNeedingTheCardAreRefusedWithoutIt) {
  Do(IntentKind::kStart);
  Do(IntentKind::kWithoutCard);
  Do(IntentKind::kChooseProcedure, "inscription-electorale");
  EXPECT_EQ(flow_->screen(), Screen::kCatalog);
  EXPECT_EQ(flow_->View().field_error, "catalog.needs_card");
}

TEST_F(SessionFlowTest, AFullFlowSendsACanonicalSubmissionAndPrintsTheReceipt) {
  ReachFirstStepWithCard();
  Do(IntentKind::kNext);  // nom
  Do(IntentKind::kBackspace);
  Do(IntentKind::kBackspace);
  Do(IntentKind::kBackspace);
  Do(IntentKind::kBackspace);
  Do(IntentKind::kBackspace);
  Do(IntentKind::kBackspace);
  Do(IntentKind::kType, "Élodie");
  Do(IntentKind::kNext);  // prénoms
  Do(IntentKind::kNext);  // date
  Do(IntentKind::kType, "Lyon");
  Do(IntentKind::kNext);
  Do(IntentKind::kChoose, "copie-integrale");
  Do(IntentKind::kNext);
  Do(IntentKind::kNext);  // 1 copy
  ASSERT_EQ(flow_->screen(), Screen::kReview);
  Do(IntentKind::kConfirm);
  ASSERT_EQ(flow_->screen(), Screen::kDone);
  EXPECT_EQ(flow_->View().reference, "GU-2026-000001");
  EXPECT_TRUE(flow_->View().receipt_printed);

  auto submissions = sink_.submissions();
  ASSERT_EQ(submissions.size(), 1u);
  auto json = nlohmann::json::parse(submissions[0]);
  EXPECT_EQ(json["answers"]["prenoms"], "Élodie");
  EXPECT_EQ(json["answers"]["date_naissance"], "1990-05-12");
  EXPECT_EQ(json["answers"]["exemplaires"], 1);
  EXPECT_EQ(json["identity_source"], "chip_verified");
  EXPECT_TRUE(json["assisted_by"].is_null());
  EXPECT_EQ(json.dump(), submissions[0]);  // sorted keys, no white space
  EXPECT_EQ(printer_.printed().size(), 1u);

  Do(IntentKind::kFinish);
  EXPECT_EQ(flow_->screen(), Screen::kWelcome);
  EXPECT_TRUE(flow_->session().Empty());
}

TEST_F(SessionFlowTest, IdleShowsAWarningThenEndsTheSession) {
  ReachFirstStepWithCard();
  Advance(seconds(89));
  EXPECT_FALSE(flow_->View().idle_warning);
  Advance(seconds(1));
  EXPECT_TRUE(flow_->View().idle_warning);
  EXPECT_EQ(flow_->View().idle_seconds_left, 20);
  Advance(seconds(19));
  EXPECT_EQ(flow_->screen(), Screen::kStep);
  Advance(seconds(1));
  EXPECT_EQ(flow_->screen(), Screen::kWelcome);
  EXPECT_TRUE(flow_->session().Empty());
}

TEST_F(SessionFlowTest, MoreTimeKeepsTheSessionAndItsAnswers) {
  ReachFirstStepWithCard();
  Advance(seconds(100));
  ASSERT_TRUE(flow_->View().idle_warning);
  Do(IntentKind::kMoreTime);
  EXPECT_FALSE(flow_->View().idle_warning);
  Advance(seconds(80));
  EXPECT_EQ(flow_->screen(), Screen::kStep);
  EXPECT_EQ(flow_->View().entry, "MARTIN");
}

TEST_F(SessionFlowTest, RemovingTheCardEndsTheSessionAfterTheGrace) {
  ReachFirstStepWithCard();
  RemoveCard();
  Advance(seconds(4));
  EXPECT_EQ(flow_->screen(), Screen::kStep);
  Advance(seconds(1));
  EXPECT_EQ(flow_->screen(), Screen::kWelcome);
  EXPECT_TRUE(flow_->session().Empty());
}

TEST_F(SessionFlowTest, PuttingTheCardBackWithinTheGraceKeepsTheSession) {
  ReachFirstStepWithCard();
  RemoveCard();
  Advance(seconds(3));
  InsertCard();
  Advance(seconds(10));
  EXPECT_EQ(flow_->screen(), Screen::kStep);
}

TEST_F(SessionFlowTest, ASendingJobCompletesAfterTheSessionEnded) {
  ReachFirstStepWithCard();
  // Hold the worker so the job is still queued when the session ends.
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  jobs_.Run([released] { released.wait(); });
  flow_->Handle({IntentKind::kNext, ""});
  flow_->Handle({IntentKind::kNext, ""});
  flow_->Handle({IntentKind::kNext, ""});
  flow_->Handle({IntentKind::kType, "Lyon"});
  flow_->Handle({IntentKind::kNext, ""});
  flow_->Handle({IntentKind::kChoose, "extrait-filiation"});
  flow_->Handle({IntentKind::kNext, ""});
  flow_->Handle({IntentKind::kNext, ""});
  flow_->Handle({IntentKind::kConfirm, ""});
  ASSERT_EQ(flow_->screen(), Screen::kWorking);
  events_.Post({.kind = FlowEvent::Kind::kCardRemoved});
  flow_->Tick();
  clock_.Advance(seconds(6));
  flow_->Tick();
  release.set_value();
  Settle();
  EXPECT_EQ(sink_.submissions().size(), 1u);
}

TEST_F(SessionFlowTest, AbandonWipesEverything) {
  ReachFirstStepWithCard();
  Do(IntentKind::kAbandon);
  EXPECT_EQ(flow_->screen(), Screen::kWelcome);
  EXPECT_TRUE(flow_->session().Empty());
  EXPECT_EQ(flow_->sessions_ended(), 1u);
}

TEST_F(SessionFlowTest, PreferencesChangedOnWelcomeAreResetWhenTheCitizenLeaves) {
  Do(IntentKind::kLanguage, "de");
  Do(IntentKind::kTextSize, "200");
  Advance(seconds(110));
  EXPECT_EQ(flow_->View().preferences.language, "fr");
  EXPECT_EQ(flow_->View().preferences.text_percent, 100);
}

TEST_F(SessionFlowTest, NothingIsPendingOnAnUntouchedWelcomeScreen) {
  EXPECT_FALSE(flow_->TimeToNextChange().has_value());
}

TEST_F(SessionFlowTest, UnreadableCardOffersToContinueWithoutIt) {
  reader_.SetUnreadable(true);
  InsertCard();
  Do(IntentKind::kType, "123456");
  Do(IntentKind::kNext);
  ASSERT_EQ(flow_->screen(), Screen::kError);
  EXPECT_TRUE(flow_->View().error_allows_without_card);
  Do(IntentKind::kWithoutCard);
  EXPECT_EQ(flow_->screen(), Screen::kCatalog);
}

class StaffFlowTest : public SessionFlowTest {
 protected:
  StaffFlowTest() {
    config_.staff_pin_hash = HashStaffPin("2468").value();
    flow_ = std::make_unique<SessionFlow>(
        config_, FlowPorts{&procedures_, &reader_, &sink_, &printer_, &devices_}, clock_, events_,
        jobs_);
  }
  void HoldCorner(seconds s) {
    Do(IntentKind::kStaffCornerHeld);
    clock_.Advance(s);
    Do(IntentKind::kStaffCornerHeld);
    Do(IntentKind::kStaffCornerReleased);
  }
  void EnterPin(const std::string& pin) {
    Do(IntentKind::kType, pin);
    Do(IntentKind::kNext);
  }
};

TEST_F(StaffFlowTest, AShortPressInTheCornerDoesNothing) {
  HoldCorner(seconds(1));
  EXPECT_EQ(flow_->screen(), Screen::kWelcome);
}

TEST_F(StaffFlowTest, TheRightPinOpensStaffMode) {
  HoldCorner(seconds(3));
  ASSERT_EQ(flow_->screen(), Screen::kStaffPin);
  EnterPin("2468");
  EXPECT_EQ(flow_->screen(), Screen::kStaff);
  EXPECT_EQ(flow_->View().devices.size(), 4u);
}

TEST_F(StaffFlowTest, FiveWrongPinsLockForFiveMinutes) {
  HoldCorner(seconds(3));
  for (int i = 0; i < 5; ++i) EnterPin("0000");
  EXPECT_EQ(flow_->View().field_error, "staff.locked");
  EnterPin("2468");
  EXPECT_EQ(flow_->screen(), Screen::kStaffPin);
  EXPECT_TRUE(flow_->View().pin_locked);
  clock_.Advance(seconds(301));
  EnterPin("2468");
  EXPECT_EQ(flow_->screen(), Screen::kStaff);
}

TEST_F(StaffFlowTest, AssistedModeRecordsTheAgentInTheSubmission) {
  HoldCorner(seconds(3));
  EnterPin("2468");
  Do(IntentKind::kStaffAssisted);
  Do(IntentKind::kType, "agent-07");
  Do(IntentKind::kNext);
  ASSERT_EQ(flow_->screen(), Screen::kIdentify);
  Do(IntentKind::kWithoutCard);
  Do(IntentKind::kChooseProcedure, "signalement-voirie");
  Do(IntentKind::kChoose, "eclairage");
  Do(IntentKind::kNext);
  Do(IntentKind::kType, "Rue de la Paix");
  Do(IntentKind::kNext);
  Do(IntentKind::kConfirm);
  ASSERT_EQ(sink_.submissions().size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(sink_.submissions()[0])["assisted_by"], "agent-07");
}

TEST_F(StaffFlowTest, OutOfServiceStaysUntilStaffPutsItBack) {
  HoldCorner(seconds(3));
  EnterPin("2468");
  Do(IntentKind::kStaffOutOfService);
  Do(IntentKind::kStaffLeave);
  EXPECT_EQ(flow_->screen(), Screen::kOutOfService);
  Do(IntentKind::kStart);
  EXPECT_EQ(flow_->screen(), Screen::kOutOfService);
  HoldCorner(seconds(3));
  EnterPin("2468");
  Do(IntentKind::kStaffInService);
  Do(IntentKind::kStaffLeave);
  EXPECT_EQ(flow_->screen(), Screen::kWelcome);
}

TEST_F(StaffFlowTest, TheLastReceiptCanBeReprintedForAShortWhileOnly) {
  Do(IntentKind::kStart);
  Do(IntentKind::kWithoutCard);
  Do(IntentKind::kChooseProcedure, "signalement-voirie");
  Do(IntentKind::kChoose, "dechets");
  Do(IntentKind::kNext);
  Do(IntentKind::kType, "Place du marché");
  Do(IntentKind::kNext);
  Do(IntentKind::kConfirm);
  Do(IntentKind::kFinish);
  HoldCorner(seconds(3));
  EnterPin("2468");
  EXPECT_TRUE(flow_->View().reprint_available);
  Do(IntentKind::kStaffReprint);
  EXPECT_EQ(printer_.printed().size(), 2u);
  EXPECT_EQ(printer_.printed()[1].reference, "GU-2026-000001");
  clock_.Advance(std::chrono::minutes(6));
  Do(IntentKind::kStaffReprint);
  EXPECT_EQ(flow_->View().message_key, "staff.reprint_none");
}

}  // namespace
}  // namespace kiosk::session
