// The citizen flow with the real procedure engine and a fake clock, devices in process
// (kiosk/session/fakes.h), no SDL.
#include "kiosk/session/session_flow.h"

#include <condition_variable>
#include <mutex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "kiosk/procedure/loader.h"
#include "kiosk/session/fakes.h"
#include "kiosk/session/staff_pin.h"

namespace kiosk::session {
namespace {

using procedure::QuestionType;
using std::chrono::seconds;

// A short procedure with each kind of question the flow handles differently: prefilled
// texts, a date, a choice, an integer with bounds, a yes/no that makes an address relevant,
// and a consent box.
constexpr char kTestProcedure[] = R"(id: demande-test
version: 2
languages: [fr, en]
title: {fr: Demande de test, en: Test request}
description: {fr: Pour les tests de la borne., en: For the kiosk's tests.}
closing: {fr: Votre demande sera traitée sous 5 jours., en: Your request is handled within 5 days.}
steps:
  - id: identite
    title: {fr: Votre identité, en: Your identity}
    questions:
      - id: nom
        type: short_text
        required: true
        prefill: surname
        printable: yes
        label: {fr: Nom, en: Surname}
      - id: prenoms
        type: short_text
        required: true
        prefill: given_names
        printable: initial
        label: {fr: Prénoms, en: Given names}
      - id: naissance
        type: date
        required: true
        prefill: birth_date
        label: {fr: Date de naissance, en: Date of birth}
        constraints:
          - max_date: today
            message: {fr: La date ne peut pas être dans le futur., en: The date cannot be in the future.}
  - id: demande
    title: {fr: Votre demande, en: Your request}
    questions:
      - id: type
        type: single_choice
        required: true
        printable: yes
        label: {fr: Type de document, en: Kind of document}
        choices:
          - value: copie
            label: {fr: Copie intégrale, en: Full copy}
          - value: extrait
            label: {fr: Extrait, en: Extract}
      - id: exemplaires
        type: integer
        required: true
        default: 1
        label: {fr: Nombre d'exemplaires, en: Number of copies}
        constraints:
          - min: 1
            max: 3
            message: {fr: De 1 à 3 exemplaires., en: From 1 to 3 copies.}
      - id: envoi
        type: yes_no
        required: true
        label: {fr: "Envoi par courrier ?", en: "Sent by post?"}
      - id: adresse
        type: address
        required: true
        relevant: envoi
        label: {fr: Adresse d'envoi, en: Postal address}
      - id: accord
        type: consent
        required: true
        label: {fr: J'accepte le traitement de ma demande., en: I agree to the processing.}
)";

class TestProcedures : public ProcedureSource {
 public:
  TestProcedures() {
    auto load = procedure::ParseProcedure(kTestProcedure, "demande-test.yaml");
    EXPECT_TRUE(load.ok()) << (load.ok() ? "" : load.errors.front().ToString());
    if (load.ok()) procedures_.push_back(load.procedure);
  }
  std::vector<std::shared_ptr<const procedure::Procedure>> Procedures() const override {
    return procedures_;
  }

 private:
  std::vector<std::shared_ptr<const procedure::Procedure>> procedures_;
};

}  // namespace

// Readable screen names in failure messages.
void PrintTo(Screen screen, std::ostream* os) { *os << ScreenName(screen); }

namespace {

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
    config_.site = "Accueil";
    config_.kiosk_id = "test-01";
    config_.staff_pin_hash = *HashStaffPin("2468");
    flow_ = std::make_unique<SessionFlow>(
        config_, FlowPorts{&procedures_, &reader_, &sink_, &printer_, &devices_, &self_test_},
        clock_, events_, jobs_);
  }

  void Do(IntentKind kind, std::string value = "") {
    flow_->Handle({kind, std::move(value)});
    Settle();
  }
  // Lets worker jobs finish and their events reach the flow.
  void Settle() {
    flow_->WaitForJobs();
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
  void Erase(int count) {
    for (int i = 0; i < count; ++i) Do(IntentKind::kBackspace);
  }
  std::string FieldId() const { return flow_->View().field.id; }
  void ReachFirstQuestionWithCard() {
    InsertCard();
    Do(IntentKind::kType, "123456");
    Do(IntentKind::kNext);
    ASSERT_EQ(flow_->screen(), Screen::kCatalog);
    Do(IntentKind::kChooseProcedure, "demande-test");
    ASSERT_EQ(flow_->screen(), Screen::kStep);
  }
  void ReachFirstQuestionWithoutCard() {
    Do(IntentKind::kStart);
    Do(IntentKind::kWithoutCard);
    ASSERT_EQ(flow_->screen(), Screen::kCatalog);
    Do(IntentKind::kChooseProcedure, "demande-test");
    ASSERT_EQ(flow_->screen(), Screen::kStep);
  }
  // From the first question, with the card's prefill: every answer to the review.
  void AnswerEverythingWithCard() {
    Do(IntentKind::kNext);  // nom: MARTIN
    Erase(6);
    Do(IntentKind::kType, "Élodie");
    Do(IntentKind::kNext);  // prenoms
    Do(IntentKind::kNext);  // naissance: 12/05/1990
    Do(IntentKind::kChoose, "copie");
    Do(IntentKind::kNext);
    Do(IntentKind::kNext);  // exemplaires: 1 by default
    Do(IntentKind::kChoose, "false");
    Do(IntentKind::kNext);  // envoi: no, so no address
    Do(IntentKind::kChoose, "true");
    Do(IntentKind::kNext);  // accord
  }

  FakeClock clock_;
  EventQueue events_;  // outlives the workers, which may still post
  JobRunner jobs_;
  TestProcedures procedures_;
  FakeCardReader reader_;
  MemorySubmissionSink sink_;
  RecordingPrinter printer_;
  FixedDeviceStatus devices_;
  FixedSelfTest self_test_;
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
  Do(IntentKind::kType, "12a34567890");
  EXPECT_EQ(flow_->View().entry, "123456");
}

TEST_F(SessionFlowTest, AWrongCanStaysOnTheKeypadWithAnError) {
  InsertCard();
  Do(IntentKind::kType, "654321");
  Do(IntentKind::kNext);
  EXPECT_EQ(flow_->screen(), Screen::kCanEntry);
  EXPECT_EQ(flow_->View().field_error, "can.wrong");
  EXPECT_EQ(flow_->View().entry, "");
  EXPECT_EQ(reader_.reads(), 1);  // one attempt: the chip's retry counter is not burnt
}

TEST_F(SessionFlowTest, TheCardPrefillsTheQuestionsAndSaysSo) {
  ReachFirstQuestionWithCard();
  ScreenView view = flow_->View();
  EXPECT_EQ(view.field.id, "nom");
  EXPECT_EQ(view.field.entry, "MARTIN");
  EXPECT_TRUE(view.field.prefilled);
  EXPECT_EQ(view.step_title, "Votre identité");
  EXPECT_EQ(view.question_number, 1);
  EXPECT_EQ(view.question_count, 3);

  Do(IntentKind::kType, "-DURAND");
  EXPECT_FALSE(flow_->View().field.prefilled);  // changed by the citizen
  Do(IntentKind::kNext);
  Do(IntentKind::kNext);
  view = flow_->View();
  EXPECT_EQ(view.field.id, "naissance");
  EXPECT_EQ(view.field.entry, "12/05/1990");
}

TEST_F(SessionFlowTest, WithoutACardNothingIsPrefilled) {
  ReachFirstQuestionWithoutCard();
  EXPECT_EQ(flow_->View().field.entry, "");
  EXPECT_FALSE(flow_->View().field.prefilled);
}

TEST_F(SessionFlowTest, AnEmptyRequiredAnswerShowsTheEnginesMessageAndStays) {
  ReachFirstQuestionWithoutCard();
  Do(IntentKind::kNext);
  EXPECT_EQ(flow_->screen(), Screen::kStep);
  EXPECT_EQ(FieldId(), "nom");
  EXPECT_EQ(flow_->View().field.error, "Cette réponse est obligatoire.");
  Do(IntentKind::kType, "Durand");
  Do(IntentKind::kNext);
  EXPECT_EQ(FieldId(), "prenoms");
  EXPECT_EQ(flow_->View().field.error, "");
}

TEST_F(SessionFlowTest, ValidationMessagesFollowTheCitizensLanguage) {
  Do(IntentKind::kLanguage, "en");
  ReachFirstQuestionWithoutCard();
  Do(IntentKind::kNext);
  EXPECT_EQ(flow_->View().field.error, "This answer is required.");
  EXPECT_EQ(flow_->View().field.label, "Surname");
  Do(IntentKind::kLanguage, "fr");
  EXPECT_EQ(flow_->View().field.label, "Nom");
}

TEST_F(SessionFlowTest, AFutureBirthDateIsRefusedWithTheProceduresMessage) {
  ReachFirstQuestionWithoutCard();
  Do(IntentKind::kType, "Durand");
  Do(IntentKind::kNext);
  Do(IntentKind::kType, "Paul");
  Do(IntentKind::kNext);
  Do(IntentKind::kType, "01/01/2099");  // digits only reach the field
  EXPECT_EQ(flow_->View().field.entry, "01/01/2099");
  Do(IntentKind::kNext);
  EXPECT_EQ(FieldId(), "naissance");
  EXPECT_EQ(flow_->View().field.error, "La date ne peut pas être dans le futur.");
}

TEST_F(SessionFlowTest, BackKeepsWhatWasTyped) {
  ReachFirstQuestionWithoutCard();
  Do(IntentKind::kType, "Durand");
  Do(IntentKind::kNext);
  Do(IntentKind::kType, "Pa");
  Do(IntentKind::kBack);
  EXPECT_EQ(FieldId(), "nom");
  EXPECT_EQ(flow_->View().field.entry, "Durand");
  Do(IntentKind::kNext);
  EXPECT_EQ(flow_->View().field.entry, "Pa");
}

TEST_F(SessionFlowTest, BackFromTheFirstQuestionReturnsToTheCatalogAndDropsTheAnswers) {
  ReachFirstQuestionWithoutCard();
  Do(IntentKind::kType, "Durand");
  Do(IntentKind::kBack);
  EXPECT_EQ(flow_->screen(), Screen::kCatalog);
  EXPECT_EQ(flow_->session().procedure(), nullptr);
}

TEST_F(SessionFlowTest, YesMakesTheAddressRelevantAndItsPartsAreEdited) {
  ReachFirstQuestionWithCard();
  for (int i = 0; i < 3; ++i) Do(IntentKind::kNext);
  Do(IntentKind::kChoose, "extrait");
  Do(IntentKind::kNext);
  Do(IntentKind::kNext);
  Do(IntentKind::kChoose, "true");
  Do(IntentKind::kNext);
  ASSERT_EQ(FieldId(), "adresse");
  ScreenView view = flow_->View();
  ASSERT_EQ(view.field.parts.size(), 4u);
  EXPECT_EQ(view.field.focused_part, 0);

  Do(IntentKind::kType, "12 rue de la Paix");
  Do(IntentKind::kNext);  // to the postcode (the complement is optional)
  EXPECT_EQ(flow_->View().field.focused_part, 2);
  Do(IntentKind::kType, "76a8001");  // digits only, five at most
  EXPECT_EQ(flow_->View().field.parts[2].value, "76800");
  Do(IntentKind::kNext);
  Do(IntentKind::kType, "Saint-Étienne-du-Rouvray");
  Do(IntentKind::kNext);
  EXPECT_EQ(FieldId(), "accord");
}

TEST_F(SessionFlowTest, AnIntegerOutOfBoundsIsRefused) {
  ReachFirstQuestionWithCard();
  for (int i = 0; i < 3; ++i) Do(IntentKind::kNext);
  Do(IntentKind::kChoose, "copie");
  Do(IntentKind::kNext);
  ASSERT_EQ(FieldId(), "exemplaires");
  EXPECT_EQ(flow_->View().field.entry, "1");  // the default
  Erase(1);
  Do(IntentKind::kType, "7");
  Do(IntentKind::kNext);
  EXPECT_EQ(FieldId(), "exemplaires");
  EXPECT_EQ(flow_->View().field.error, "De 1 à 3 exemplaires.");
}

TEST_F(SessionFlowTest, AnUntickedConsentStopsTheCitizen) {
  ReachFirstQuestionWithCard();
  for (int i = 0; i < 3; ++i) Do(IntentKind::kNext);
  Do(IntentKind::kChoose, "copie");
  Do(IntentKind::kNext);
  Do(IntentKind::kNext);
  Do(IntentKind::kChoose, "false");
  Do(IntentKind::kNext);
  ASSERT_EQ(FieldId(), "accord");
  Do(IntentKind::kNext);
  EXPECT_EQ(FieldId(), "accord");
  EXPECT_EQ(flow_->View().field.error, "Vous devez cocher cette case pour continuer.");
  Do(IntentKind::kChoose, "true");
  EXPECT_EQ(flow_->View().field.entry, "true");
  Do(IntentKind::kNext);
  EXPECT_EQ(flow_->screen(), Screen::kReview);
}

TEST_F(SessionFlowTest, AFullFlowStoresTheEnginesBytesAndPrintsOnlyPrintableData) {
  ReachFirstQuestionWithCard();
  AnswerEverythingWithCard();
  ASSERT_EQ(flow_->screen(), Screen::kReview);
  auto review = flow_->View().review;
  ASSERT_FALSE(review.empty());
  EXPECT_EQ(review[1].value, "Élodie");

  Do(IntentKind::kConfirm);
  ASSERT_EQ(flow_->screen(), Screen::kDone);
  ScreenView done = flow_->View();
  EXPECT_EQ(done.reference.size(), 11u);  // "XXXX-XXXX-X"
  EXPECT_EQ(done.central_reference, "GU-2026-000001");
  EXPECT_TRUE(done.receipt_printed);
  EXPECT_EQ(done.qr_text, "GUICHET:" + done.reference);

  auto submissions = sink_.submissions();
  ASSERT_EQ(submissions.size(), 1u);
  nlohmann::json json = nlohmann::json::parse(submissions[0].bytes);
  EXPECT_EQ(json["answers"]["prenoms"], "Élodie");
  EXPECT_EQ(json["answers"]["naissance"], "1990-05-12");
  EXPECT_EQ(json["answers"]["exemplaires"], 1);
  EXPECT_FALSE(json["answers"].contains("adresse"));
  EXPECT_EQ(json["identity_source"], "chip_verified");
  EXPECT_EQ(json["kiosk_id"], "test-01");
  EXPECT_EQ(json["procedure"]["id"], "demande-test");
  EXPECT_EQ(json["procedure"]["version"], 2);
  EXPECT_EQ(submissions[0].bytes, json.dump());  // canonical: sorted keys, no spaces

  auto printed = printer_.printed();
  ASSERT_EQ(printed.size(), 1u);
  EXPECT_TRUE(printed[0].sent);
  EXPECT_EQ(printed[0].central_reference, "GU-2026-000001");
  EXPECT_EQ(printed[0].procedure_title, "Demande de test");
  EXPECT_EQ(printed[0].next_steps, "Votre demande sera traitée sous 5 jours.");
  std::string lines;
  for (const auto& line : printed[0].lines) lines += line.label + "=" + line.value + ";";
  EXPECT_EQ(lines, "Nom=MARTIN;Prénoms=É.;Type de document=Copie intégrale;");
}

TEST_F(SessionFlowTest, OfflineTheReceiptSaysWaitingAndTheSubmissionIsStillStored) {
  sink_.SetOnline(false);
  ReachFirstQuestionWithCard();
  AnswerEverythingWithCard();
  Do(IntentKind::kConfirm);
  ASSERT_EQ(flow_->screen(), Screen::kDone);
  EXPECT_EQ(flow_->View().central_reference, "");
  ASSERT_EQ(printer_.printed().size(), 1u);
  EXPECT_FALSE(printer_.printed()[0].sent);
  EXPECT_EQ(sink_.submissions().size(), 1u);
}

TEST_F(SessionFlowTest, EditingFromTheReviewComesBackToTheReview) {
  ReachFirstQuestionWithCard();
  AnswerEverythingWithCard();
  ASSERT_EQ(flow_->screen(), Screen::kReview);
  Do(IntentKind::kEditAnswer, "nom");
  EXPECT_EQ(FieldId(), "nom");
  Erase(6);
  Do(IntentKind::kType, "Martin");
  Do(IntentKind::kNext);
  Do(IntentKind::kNext);
  Do(IntentKind::kNext);
  EXPECT_EQ(flow_->screen(), Screen::kReview);
  EXPECT_EQ(flow_->View().review[0].value, "Martin");
}

TEST_F(SessionFlowTest, APrinterProblemKeepsTheReferenceAndOffersToPrintAgain) {
  printer_.SetProblem("media_empty");
  ReachFirstQuestionWithCard();
  AnswerEverythingWithCard();
  Do(IntentKind::kConfirm);
  ASSERT_EQ(flow_->screen(), Screen::kDone);
  ScreenView done = flow_->View();
  EXPECT_FALSE(done.receipt_printed);
  EXPECT_EQ(done.print_problem, "media_empty");
  EXPECT_FALSE(done.reference.empty());
  EXPECT_EQ(sink_.submissions().size(), 1u);  // the submission does not depend on paper

  printer_.SetProblem("");
  Do(IntentKind::kPrintAgain);
  EXPECT_TRUE(flow_->View().receipt_printed);
  EXPECT_EQ(printer_.printed().size(), 1u);
}

TEST_F(SessionFlowTest, AQueueThatCannotStoreShowsAnErrorAndPrintsNothing) {
  sink_.SetFailure(ResourceExhaustedError("disk full"));
  ReachFirstQuestionWithCard();
  AnswerEverythingWithCard();
  Do(IntentKind::kConfirm);
  EXPECT_EQ(flow_->screen(), Screen::kError);
  EXPECT_EQ(flow_->View().error_title_key, "error.submit_title");
  EXPECT_TRUE(printer_.printed().empty());
}

TEST_F(SessionFlowTest, IdleShowsAWarningThenEndsTheSession) {
  ReachFirstQuestionWithCard();
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
  ReachFirstQuestionWithCard();
  Do(IntentKind::kNext);
  Advance(seconds(95));
  ASSERT_TRUE(flow_->View().idle_warning);
  Do(IntentKind::kMoreTime);
  EXPECT_FALSE(flow_->View().idle_warning);
  Advance(seconds(60));
  EXPECT_EQ(flow_->screen(), Screen::kStep);
  EXPECT_EQ(FieldId(), "prenoms");
  Do(IntentKind::kBack);
  EXPECT_EQ(flow_->View().field.entry, "MARTIN");
}

TEST_F(SessionFlowTest, RemovingTheCardEndsTheSessionAfterTheGrace) {
  ReachFirstQuestionWithCard();
  RemoveCard();
  Advance(seconds(4));
  EXPECT_EQ(flow_->screen(), Screen::kStep);
  Advance(seconds(1));
  EXPECT_EQ(flow_->screen(), Screen::kWelcome);
  EXPECT_TRUE(flow_->session().Empty());
}

TEST_F(SessionFlowTest, PuttingTheCardBackWithinTheGraceKeepsTheSession) {
  ReachFirstQuestionWithCard();
  RemoveCard();
  Advance(seconds(3));
  InsertCard();
  Advance(seconds(10));
  EXPECT_EQ(flow_->screen(), Screen::kStep);
  EXPECT_EQ(flow_->View().field.entry, "MARTIN");
}

// A printer that holds each print until the test lets it go.
class HeldPrinter : public ReceiptPrinter {
 public:
  PrintResult Print(const Receipt& receipt) override {
    std::unique_lock lock(mutex_);
    entered_ = true;
    changed_.notify_all();
    changed_.wait(lock, [this] { return released_; });
    titles_.push_back(receipt.procedure_title);
    return {true, "", ""};
  }
  void WaitEntered() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return entered_; });
  }
  void Release() {
    std::lock_guard lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }
  std::vector<std::string> titles() {
    std::lock_guard lock(mutex_);
    return titles_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool entered_ = false;
  bool released_ = false;
  std::vector<std::string> titles_;
};

TEST_F(SessionFlowTest, APrintStillRunningWhenTheCitizenLeavesCompletesAndLeavesNothing) {
  HeldPrinter held;
  flow_ = std::make_unique<SessionFlow>(
      config_, FlowPorts{&procedures_, &reader_, &sink_, &held, &devices_, &self_test_}, clock_,
      events_, jobs_);
  ReachFirstQuestionWithCard();
  AnswerEverythingWithCard();
  flow_->Handle({IntentKind::kConfirm, ""});
  held.WaitEntered();
  flow_->Tick();
  EXPECT_EQ(flow_->screen(), Screen::kWorking);
  EXPECT_EQ(flow_->View().work, WorkKind::kPrinting);

  // A slow printer: after a few seconds the done screen shows the reference anyway.
  Advance(seconds(8));
  ASSERT_EQ(flow_->screen(), Screen::kDone);
  EXPECT_TRUE(flow_->View().printing);
  // Not Do(): it waits for the jobs, and the print job is held.
  flow_->Handle({IntentKind::kFinish, ""});
  flow_->Tick();
  EXPECT_EQ(flow_->screen(), Screen::kWelcome);
  EXPECT_TRUE(flow_->session().Empty());

  held.Release();
  Settle();
  EXPECT_EQ(held.titles(), std::vector<std::string>{"Demande de test"});
  EXPECT_EQ(flow_->screen(), Screen::kWelcome);
  EXPECT_TRUE(flow_->session().Empty());
  EXPECT_EQ(sink_.submissions().size(), 1u);
  flow_.reset();  // before `held` goes
}

TEST_F(SessionFlowTest, AbandonWipesEverything) {
  ReachFirstQuestionWithCard();
  Do(IntentKind::kType, "x");
  Do(IntentKind::kAbandon);
  EXPECT_EQ(flow_->screen(), Screen::kWelcome);
  EXPECT_TRUE(flow_->session().Empty());
  EXPECT_EQ(flow_->session().procedure(), nullptr);
}

TEST_F(SessionFlowTest, PreferencesChangedOnWelcomeAreResetWhenTheCitizenLeaves) {
  Do(IntentKind::kTextSize, "200");
  Do(IntentKind::kContrast);
  Advance(seconds(200));
  EXPECT_EQ(flow_->View().preferences.text_percent, 100);
  EXPECT_FALSE(flow_->View().preferences.high_contrast);
}

TEST_F(SessionFlowTest, NothingIsPendingOnAnUntouchedWelcomeScreen) {
  EXPECT_FALSE(flow_->TimeToNextChange().has_value());
}

TEST_F(SessionFlowTest, UnreadableCardOffersToContinueWithoutIt) {
  InsertCard();
  reader_.SetUnreadable(true);
  Do(IntentKind::kType, "123456");
  Do(IntentKind::kNext);
  EXPECT_EQ(flow_->screen(), Screen::kError);
  EXPECT_TRUE(flow_->View().error_allows_without_card);
  Do(IntentKind::kWithoutCard);
  EXPECT_EQ(flow_->screen(), Screen::kCatalog);
}

TEST_F(SessionFlowTest, BackFromTheCatalogAfterReadingTheCardStartsAgain) {
  InsertCard();
  Do(IntentKind::kType, "123456");
  Do(IntentKind::kNext);
  ASSERT_TRUE(flow_->session().has_identity());
  Do(IntentKind::kBack);
  EXPECT_EQ(flow_->screen(), Screen::kWelcome);
  EXPECT_FALSE(flow_->session().has_identity());
  Do(IntentKind::kStart);  // the card is still on the reader
  EXPECT_EQ(flow_->screen(), Screen::kCanEntry);
}

class StaffFlowTest : public SessionFlowTest {
 protected:
  void HoldCorner(seconds s) {
    flow_->Handle({IntentKind::kStaffCornerHeld, ""});
    clock_.Advance(s);
    flow_->Handle({IntentKind::kStaffCornerHeld, ""});
    flow_->Handle({IntentKind::kStaffCornerReleased, ""});
    Settle();
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

TEST_F(StaffFlowTest, TheRightPinOpensStaffModeWithTheDevicesState) {
  HoldCorner(seconds(3));
  ASSERT_EQ(flow_->screen(), Screen::kStaffPin);
  EnterPin("2468");
  EXPECT_EQ(flow_->screen(), Screen::kStaff);
  EXPECT_EQ(flow_->View().devices.size(), 4u);
  Do(IntentKind::kStaffSyncNow);
  EXPECT_EQ(devices_.sync_requests(), 1);
}

TEST_F(StaffFlowTest, FiveWrongPinsLockForFiveMinutes) {
  HoldCorner(seconds(3));
  for (int i = 0; i < 5; ++i) EnterPin("1111");
  EXPECT_TRUE(flow_->View().pin_locked);
  EnterPin("2468");
  EXPECT_EQ(flow_->screen(), Screen::kStaffPin);  // even the right PIN waits
  EXPECT_EQ(flow_->View().field_error, "staff.locked");
  // Nobody touches the PIN screen meanwhile: it times out like any other.
  Advance(seconds(301));
  ASSERT_EQ(flow_->screen(), Screen::kWelcome);
  HoldCorner(seconds(3));
  EXPECT_FALSE(flow_->View().pin_locked);
  EnterPin("2468");
  EXPECT_EQ(flow_->screen(), Screen::kStaff);
}

TEST_F(StaffFlowTest, AssistedModeRecordsTheAgentInTheSubmission) {
  HoldCorner(seconds(3));
  EnterPin("2468");
  Do(IntentKind::kStaffAssisted);
  Do(IntentKind::kType, "agent-12");
  Do(IntentKind::kNext);
  ASSERT_EQ(flow_->screen(), Screen::kIdentify);
  EXPECT_EQ(flow_->View().assisted_by, "agent-12");
  InsertCard();
  Do(IntentKind::kType, "123456");
  Do(IntentKind::kNext);
  Do(IntentKind::kChooseProcedure, "demande-test");
  AnswerEverythingWithCard();
  Do(IntentKind::kConfirm);
  ASSERT_EQ(sink_.submissions().size(), 1u);
  auto json = nlohmann::json::parse(sink_.submissions()[0].bytes);
  EXPECT_EQ(json["assisted_by"], "agent-12");
  Do(IntentKind::kFinish);
  EXPECT_EQ(flow_->View().assisted_by, "");
}

TEST_F(StaffFlowTest, AnAgentIdTheCentreWouldRefuseIsAskedAgain) {
  HoldCorner(seconds(3));
  EnterPin("2468");
  Do(IntentKind::kStaffAssisted);
  Do(IntentKind::kType, "Agent Dupont");  // a space: the centre accepts plain ids only
  Do(IntentKind::kNext);
  EXPECT_EQ(flow_->screen(), Screen::kStaffAssist);
  EXPECT_EQ(flow_->View().field_error, "staff.agent_invalid");
  for (int i = 0; i < 7; ++i) Do(IntentKind::kBackspace);
  Do(IntentKind::kType, "-dupont");
  Do(IntentKind::kNext);
  EXPECT_EQ(flow_->screen(), Screen::kIdentify);
  EXPECT_EQ(flow_->View().assisted_by, "Agent-dupont");
}

TEST_F(StaffFlowTest, OutOfServiceStaysUntilStaffPutsItBack) {
  HoldCorner(seconds(3));
  EnterPin("2468");
  Do(IntentKind::kStaffOutOfService);
  Do(IntentKind::kStaffLeave);
  EXPECT_EQ(flow_->screen(), Screen::kOutOfService);
  InsertCard();
  EXPECT_EQ(flow_->screen(), Screen::kOutOfService);
  HoldCorner(seconds(3));
  EnterPin("2468");
  Do(IntentKind::kStaffInService);
  Do(IntentKind::kStaffLeave);
  EXPECT_EQ(flow_->screen(), Screen::kWelcome);
}

TEST_F(StaffFlowTest, TheLastReceiptCanBeReprintedForAShortWhileOnly) {
  ReachFirstQuestionWithCard();
  AnswerEverythingWithCard();
  Do(IntentKind::kConfirm);
  Do(IntentKind::kFinish);
  HoldCorner(seconds(3));
  EnterPin("2468");
  EXPECT_TRUE(flow_->View().reprint_available);
  Do(IntentKind::kStaffReprint);
  EXPECT_EQ(printer_.printed().size(), 2u);
  EXPECT_EQ(printer_.printed()[1].central_reference, "GU-2026-000001");
  EXPECT_EQ(flow_->View().message_key, "staff.reprint_done");
  // The agent stays at the terminal (touching it now and then) past the reprint window.
  for (int i = 0; i < 7; ++i) {
    Advance(seconds(43));
    Do(IntentKind::kActivity);
  }
  ASSERT_EQ(flow_->screen(), Screen::kStaff);
  EXPECT_FALSE(flow_->View().reprint_available);
  Do(IntentKind::kStaffReprint);
  EXPECT_EQ(flow_->View().message_key, "staff.reprint_none");
  EXPECT_EQ(printer_.printed().size(), 2u);
}

TEST_F(StaffFlowTest, TheTechnicianSelfTestShowsEveryCheck) {
  HoldCorner(seconds(3));
  EnterPin("2468");
  Do(IntentKind::kStaffSelfTest);
  ASSERT_EQ(flow_->screen(), Screen::kStaffSelfTest);
  ScreenView view = flow_->View();
  EXPECT_FALSE(view.self_test_running);
  ASSERT_EQ(view.checks.size(), 4u);
  EXPECT_EQ(view.checks[0].name, "pcscd");
  Do(IntentKind::kBack);
  EXPECT_EQ(flow_->screen(), Screen::kStaff);
}

}  // namespace
}  // namespace kiosk::session
