// The self-test: each part failing in turn makes the right check fail with its hint.
// Real parts where a test can have them (guichet-central, an unreachable CUPS, a closed port);
// injected probes for what only hardware can do (a reader unplugged, a printer disabled).
#include "provisioning/self_test.h"

#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "base/config.h"
#include "provisioning/centre_check.h"
#include "provisioning/certificate_check.h"
#include "provisioning/disk_check.h"
#include "provisioning/enrolment.h"
#include "provisioning/printer_check.h"
#include "provisioning/queue_check.h"
#include "provisioning/reader_check.h"
#include "tests/drivers/printer/private_cupsd.h"
#include "tests/provisioning/central_fixture.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace kiosk::provisioning {
namespace {

using kiosk::testing::BinaryPath;
using kiosk::testing::FreeTcpPort;
using kiosk::testing::PrivateCentral;
using kiosk::testing::PrivateCupsd;
using kiosk::testing::RunCommand;
using kiosk::testing::TempDir;

const CheckResult* Find(const std::vector<CheckResult>& results, const std::string& name) {
  for (const auto& r : results) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

// --- framework -----------------------------------------------------------------------------

class FixedCheck : public Check {
 public:
  explicit FixedCheck(CheckResult result) : result_(std::move(result)) {}
  std::vector<CheckResult> Run() override { return {result_}; }

 private:
  CheckResult result_;
};

TEST(SelfTest, RunsEveryCheckInOrderAndFailsWhenOneFails) {
  SelfTest test;
  test.Add(std::make_unique<FixedCheck>(Pass("a", "fine")));
  test.Add(std::make_unique<FixedCheck>(Warn("b", "soon", "renew")));
  EXPECT_TRUE(test.Run().passed()) << "a warning is not a failure";
  test.Add(std::make_unique<FixedCheck>(Fail("c", "broken", "fix it")));
  auto report = test.Run();
  ASSERT_EQ(report.results.size(), 3u);
  EXPECT_EQ(report.results[2].name, "c");
  EXPECT_FALSE(report.passed());
}

// --- reader --------------------------------------------------------------------------------

class FakeReaderProbe : public ReaderProbe {
 public:
  explicit FakeReaderProbe(StatusOr<std::vector<std::string>> readers)
      : readers_(std::move(readers)) {}
  StatusOr<std::vector<std::string>> ListReaders() override { return readers_; }

 private:
  StatusOr<std::vector<std::string>> readers_;
};

TEST(ReaderCheck, NoPcscdFailsThePcscdCheckWithAHint) {
  ReaderCheck check(std::make_unique<FakeReaderProbe>(UnavailableError("no service")), "");
  auto results = check.Run();
  ASSERT_NE(Find(results, "pcscd"), nullptr);
  EXPECT_EQ(Find(results, "pcscd")->outcome, CheckOutcome::kFail);
  EXPECT_NE(Find(results, "pcscd")->hint.find("pcscd"), std::string::npos);
  EXPECT_EQ(Find(results, "reader")->outcome, CheckOutcome::kSkipped);
}

TEST(ReaderCheck, NoReaderFailsTheReaderCheckWithAHint) {
  ReaderCheck check(std::make_unique<FakeReaderProbe>(std::vector<std::string>{}), "");
  auto results = check.Run();
  EXPECT_EQ(Find(results, "pcscd")->outcome, CheckOutcome::kPass);
  EXPECT_EQ(Find(results, "reader")->outcome, CheckOutcome::kFail);
  EXPECT_NE(Find(results, "reader")->hint.find("plug"), std::string::npos);
}

TEST(ReaderCheck, TheConfiguredReaderMustBeThere) {
  ReaderCheck other(std::make_unique<FakeReaderProbe>(std::vector<std::string>{"Virtual PCD 00"}),
                    "ACR1252");
  EXPECT_EQ(Find(other.Run(), "reader")->outcome, CheckOutcome::kFail);
  ReaderCheck found(
      std::make_unique<FakeReaderProbe>(std::vector<std::string>{"ACS ACR1252 00 00"}), "ACR1252");
  EXPECT_EQ(Find(found.Run(), "reader")->outcome, CheckOutcome::kPass);
}

TEST(ReaderCheck, ACardReadWithoutTheDriverFailsTheCardCheck) {
  ReaderCheck check(std::make_unique<FakeReaderProbe>(std::vector<std::string>{"Virtual PCD 00"}),
                    "", nullptr, std::string("123456"));
  auto results = check.Run();
  ASSERT_NE(Find(results, "card"), nullptr);
  EXPECT_EQ(Find(results, "card")->outcome, CheckOutcome::kFail);
}

// --- printer -------------------------------------------------------------------------------

class FakePrinterProbe : public PrinterProbe {
 public:
  explicit FakePrinterProbe(StatusOr<PrinterState> state) : state_(std::move(state)) {}
  StatusOr<PrinterState> State(const std::string&) override { return state_; }
  Status PrintTestPage(const std::string&) override {
    ++printed;
    return OkStatus();
  }
  int printed = 0;

 private:
  StatusOr<PrinterState> state_;
};

TEST(PrinterCheck, ADisabledPrinterFailsWithTheCommandThatEnablesIt) {
  PrinterState stopped;
  stopped.enabled = false;
  stopped.accepting_jobs = true;
  stopped.reasons = {"media-empty-error"};
  PrinterCheck check(std::make_unique<FakePrinterProbe>(stopped), "Recus", /*test_print=*/true);
  auto results = check.Run();
  EXPECT_EQ(Find(results, "printer")->outcome, CheckOutcome::kFail);
  EXPECT_NE(Find(results, "printer")->detail.find("media-empty-error"), std::string::npos);
  EXPECT_NE(Find(results, "printer")->hint.find("cupsenable Recus"), std::string::npos);
  EXPECT_EQ(Find(results, "test_print")->outcome, CheckOutcome::kSkipped);
}

TEST(PrinterCheck, AReadyPrinterPrintsTheTestPageWhenAsked) {
  PrinterState ready;
  ready.enabled = true;
  ready.accepting_jobs = true;
  auto probe = std::make_unique<FakePrinterProbe>(ready);
  FakePrinterProbe* seen = probe.get();
  PrinterCheck check(std::move(probe), "Recus", /*test_print=*/true);
  auto results = check.Run();
  EXPECT_EQ(Find(results, "printer")->outcome, CheckOutcome::kPass);
  EXPECT_EQ(Find(results, "test_print")->outcome, CheckOutcome::kPass);
  EXPECT_EQ(seen->printed, 1);
}

TEST(PrinterCheck, AnUnreachableCupsFailsWithAHintToStartIt) {
  // The real CUPS client against a scheduler address where nothing listens.
  PrinterCheck check(MakeCupsPrinterProbe("127.0.0.1:" + std::to_string(FreeTcpPort()), "roll80",
                                          std::chrono::seconds(5)),
                     "Recus", false);
  auto results = check.Run();
  EXPECT_EQ(Find(results, "printer")->outcome, CheckOutcome::kFail);
  EXPECT_NE(Find(results, "printer")->hint.find("cups"), std::string::npos);
}

// Against a private cupsd with a cups-pdf printer (tests/drivers/printer/private_cupsd.h).
class RealPrinterCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string missing = PrivateCupsd::MissingRequirement();
    if (!missing.empty()) GTEST_SKIP() << missing;
    ASSERT_TRUE(cupsd_.Start()) << cupsd_.error();
    ASSERT_TRUE(cupsd_.AddPdfPrinter("Recus")) << cupsd_.error();
  }
  std::unique_ptr<PrinterProbe> Probe() {
    return MakeCupsPrinterProbe(cupsd_.server(), "roll80", std::chrono::seconds(30));
  }
  PrivateCupsd cupsd_;
};

TEST_F(RealPrinterCheckTest, AReadyPrinterPassesAndPrintsTheTestReceipt) {
  auto results = PrinterCheck(Probe(), "Recus", /*test_print=*/true).Run();
  EXPECT_EQ(Find(results, "printer")->outcome, CheckOutcome::kPass)
      << Find(results, "printer")->detail;
  EXPECT_EQ(Find(results, "test_print")->outcome, CheckOutcome::kPass)
      << Find(results, "test_print")->detail << cupsd_.Logs();
  EXPECT_FALSE(cupsd_.WaitForNewPdf().empty()) << "the test receipt came out as a PDF";
}

TEST_F(RealPrinterCheckTest, ADisabledPrinterFailsWithTheCommandThatEnablesIt) {
  ASSERT_EQ(cupsd_.Admin({"cupsdisable", "Recus"}).exit_code, 0);
  auto results = PrinterCheck(Probe(), "Recus", /*test_print=*/true).Run();
  EXPECT_EQ(Find(results, "printer")->outcome, CheckOutcome::kFail);
  EXPECT_NE(Find(results, "printer")->hint.find("cupsenable Recus"), std::string::npos);
  EXPECT_EQ(Find(results, "test_print")->outcome, CheckOutcome::kSkipped);
}

TEST_F(RealPrinterCheckTest, AnUnknownDestinationFailsWithAHintToConfigureIt) {
  auto results = PrinterCheck(Probe(), "Nope", false).Run();
  EXPECT_EQ(Find(results, "printer")->outcome, CheckOutcome::kFail);
  EXPECT_NE(Find(results, "printer")->hint.find("--printer"), std::string::npos);
}

// --- disk and queue ------------------------------------------------------------------------

TEST(DiskCheck, FailsBelowTheThreshold) {
  auto almost_full = [](const char*, struct statvfs* out) {
    *out = {};
    out->f_frsize = 4096;
    out->f_bavail = 100;  // 400 KiB
    return 0;
  };
  DiskCheck check("/var/lib/guichet-kiosk", 200ull << 20, almost_full);
  auto results = check.Run();
  EXPECT_EQ(results.at(0).outcome, CheckOutcome::kFail);
  EXPECT_FALSE(results.at(0).hint.empty());
}

TEST(DiskCheck, PassesOnARealFolderWithRoom) {
  TempDir dir;
  DiskCheck check(dir.path().string(), 1 << 20);
  EXPECT_EQ(check.Run().at(0).outcome, CheckOutcome::kPass);
}

TEST(DiskCheck, AMissingFolderFails) {
  DiskCheck check("/nonexistent/guichet", 1);
  EXPECT_EQ(check.Run().at(0).outcome, CheckOutcome::kFail);
}

class FakeQueue : public QueueInspector {
 public:
  explicit FakeQueue(StatusOr<QueueHealth> health) : health_(std::move(health)) {}
  StatusOr<QueueHealth> Health() override { return health_; }
  Status Export(const std::string&) override { return OkStatus(); }

 private:
  StatusOr<QueueHealth> health_;
};

TEST(QueueCheck, QuarantinedOrOldSubmissionsFailTheQueueCheck) {
  FakeClock clock;
  QueueHealth quarantined;
  quarantined.quarantined = 2;
  EXPECT_EQ(QueueCheck(std::make_unique<FakeQueue>(quarantined), clock).Run().at(0).outcome,
            CheckOutcome::kFail);
  QueueHealth stuck;
  stuck.unsent = 3;
  stuck.oldest_unsent_confirmed_at = clock.Now() - std::chrono::hours(30);
  auto results = QueueCheck(std::make_unique<FakeQueue>(stuck), clock).Run();
  EXPECT_EQ(results.at(0).outcome, CheckOutcome::kFail);
  EXPECT_NE(results.at(0).detail.find("3 unsent"), std::string::npos);
  QueueHealth fine;
  fine.unsent = 1;
  fine.oldest_unsent_confirmed_at = clock.Now() - std::chrono::minutes(2);
  EXPECT_EQ(QueueCheck(std::make_unique<FakeQueue>(fine), clock).Run().at(0).outcome,
            CheckOutcome::kPass);
}

// --- centre, mutual TLS and clock, against a real guichet-central --------------------------

class CentreCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(central_.ok()) << central_.error();
    std::filesystem::create_directory(dir_.Join("data"));
    config_path_ = dir_.WriteFile("kiosk.toml",
                                  "[identity]\nid = \"arles-01\"\n"
                                  "commune = \"Arles\"\n[storage]\ndata_dir = \"" +
                                      dir_.Join("data") + "\"\n");
    EnrolRequest request;
    request.config_path = config_path_;
    request.central_url = central_.url();
    request.token = central_.CreateToken("arles-01");
    request.ca_fingerprint = central_.ca_fingerprint();
    auto enrolled = Enrol(request);
    ASSERT_TRUE(enrolled.ok()) << enrolled.status().ToString();
    config_ = *LoadConfig(config_path_);
  }

  PrivateCentral central_;
  TempDir dir_;
  std::string config_path_;
  KioskConfig config_;
};

TEST_F(CentreCheckTest, AnEnrolledKioskPassesCentreMutualTlsAndClock) {
  auto results = CentreCheck(config_, SystemClock()).Run();
  for (const char* name : {"centre", "mutual_tls", "clock"}) {
    ASSERT_NE(Find(results, name), nullptr) << name;
    EXPECT_EQ(Find(results, name)->outcome, CheckOutcome::kPass)
        << name << ": " << Find(results, name)->detail;
  }
  EXPECT_EQ(CertificateCheck(config_, SystemClock()).Run().at(0).outcome, CheckOutcome::kPass);
}

TEST_F(CentreCheckTest, AClockOffByAnHourFailsTheClockCheckOnly) {
  FakeClock late(std::chrono::system_clock::now() + std::chrono::hours(1));
  auto results = CentreCheck(config_, late).Run();
  EXPECT_EQ(Find(results, "centre")->outcome, CheckOutcome::kPass);
  EXPECT_EQ(Find(results, "mutual_tls")->outcome, CheckOutcome::kPass);
  EXPECT_EQ(Find(results, "clock")->outcome, CheckOutcome::kFail);
  EXPECT_NE(Find(results, "clock")->detail.find("+3600"), std::string::npos)
      << Find(results, "clock")->detail;
  EXPECT_NE(Find(results, "clock")->hint.find("NTP"), std::string::npos);
}

TEST_F(CentreCheckTest, ACentreDownFailsTheCentreCheckWithANetworkHint) {
  central_.Stop();
  auto results = CentreCheck(config_, SystemClock()).Run();
  EXPECT_EQ(Find(results, "centre")->outcome, CheckOutcome::kFail);
  EXPECT_NE(Find(results, "centre")->hint.find("network"), std::string::npos);
  EXPECT_EQ(Find(results, "mutual_tls")->outcome, CheckOutcome::kSkipped);
}

TEST_F(CentreCheckTest, ARevokedKioskFailsMutualTls) {
  ASSERT_TRUE(central_.Revoke("arles-01"));
  auto results = CentreCheck(config_, SystemClock()).Run();
  EXPECT_EQ(Find(results, "centre")->outcome, CheckOutcome::kPass);
  EXPECT_EQ(Find(results, "mutual_tls")->outcome, CheckOutcome::kFail);
  EXPECT_NE(Find(results, "mutual_tls")->hint.find("revoked"), std::string::npos);
}

TEST_F(CentreCheckTest, TheCertificateCheckWarnsBeforeExpiry) {
  FakeClock near_expiry(std::chrono::system_clock::now() + std::chrono::hours(24 * 3650));
  auto results = CertificateCheck(config_, near_expiry, std::chrono::hours(24 * 365 * 20)).Run();
  EXPECT_NE(results.at(0).outcome, CheckOutcome::kPass);
  EXPECT_FALSE(results.at(0).hint.empty());
}

TEST_F(CentreCheckTest, TheCommandPrintsJsonAndExitsOneWhenACheckFails) {
  // pcscd and cupsd are not started by this test: their checks fail, the centre's pass.
  auto run = RunCommand({BinaryPath("kioskctl"), "--json", "-c", config_path_, "selftest"},
                        {{"CUPS_SERVER", "127.0.0.1:" + std::to_string(FreeTcpPort())}});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["ok"], false);
  std::map<std::string, std::string> outcome;
  for (const auto& c : json["checks"]) outcome[c["name"]] = c["outcome"];
  EXPECT_EQ(outcome["centre"], "pass");
  EXPECT_EQ(outcome["mutual_tls"], "pass");
  EXPECT_EQ(outcome["clock"], "pass");
  EXPECT_EQ(outcome["certificate"], "pass");
  EXPECT_EQ(outcome["disk"], "pass");
  EXPECT_EQ(outcome["printer"], "fail");

  auto human = RunCommand({BinaryPath("kioskctl"), "-c", config_path_, "selftest"},
                          {{"CUPS_SERVER", "127.0.0.1:" + std::to_string(FreeTcpPort())}});
  EXPECT_EQ(human.exit_code, 1);
  EXPECT_NE(human.out.find("FAIL  printer"), std::string::npos) << human.out;
  EXPECT_NE(human.out.find("PASS  centre"), std::string::npos) << human.out;
  EXPECT_NE(human.out.find("hint: "), std::string::npos);
  EXPECT_NE(human.out.find("selftest: FAIL"), std::string::npos);
}

}  // namespace
}  // namespace kiosk::provisioning
