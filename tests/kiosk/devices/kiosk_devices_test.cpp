// KioskDevices built from a configuration, on a kiosk that is not enrolled with a centre: it
// must still take submissions. With a real guichet-central: kiosk_devices_central_test.cpp.
#include "kiosk/devices/kiosk_devices.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/kiosk/devices/device_fixtures.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace kiosk::devices {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

class KioskDevicesTest : public ::testing::Test {
 protected:
  KioskDevicesTest() {
    config_.identity.id = "test-kiosk-01";
    config_.identity.commune = "Saint-Étienne-du-Rouvray";
    config_.storage.data_dir = dir_.Join("data");
    config_.procedures.default_dir = std::string(KIOSK_SOURCE_DIR) + "/procedures";
    // Nothing listens there: the centre and CUPS are down, quickly.
    closed_port_ = kiosk::testing::FreeTcpPort();
    config_.central.url = "https://127.0.0.1:" + std::to_string(closed_port_);
  }

  KioskDevicesOptions Options() const {
    KioskDevicesOptions options;
    options.cups_server = "127.0.0.1:" + std::to_string(closed_port_);
    options.status_interval = 100ms;
    return options;
  }

  const session::DeviceState& Line(const std::vector<session::DeviceState>& states,
                                   const std::string& name) {
    for (const auto& state : states) {
      if (state.name == name) return state;
    }
    static const session::DeviceState kNone{"none", false, "missing"};
    ADD_FAILURE() << "no line " << name;
    return kNone;
  }

  kiosk::testing::TempDir dir_;
  KioskConfig config_;
  int closed_port_ = 0;
};

TEST_F(KioskDevicesTest, WithoutEnrolmentTheKioskStillStoresSubmissions) {
  auto devices = KioskDevices::Create(config_, Options());
  ASSERT_TRUE(devices.ok()) << devices.status().ToString();
  EXPECT_FALSE((*devices)->enrolled());
  EXPECT_NE((*devices)->offline_reason().find("not enrolled"), std::string::npos);

  session::FlowPorts ports = (*devices)->Ports();
  ASSERT_NE(ports.procedures, nullptr);
  ASSERT_NE(ports.reader, nullptr);
  ASSERT_NE(ports.sink, nullptr);
  ASSERT_NE(ports.printer, nullptr);
  ASSERT_EQ(ports.devices, devices->get());
  ASSERT_NE(ports.self_test, nullptr);

  session::ConfirmedSubmission submission = kiosk::testing::SpecimenConfirmed(1);
  auto reference = ports.sink->Submit(submission);
  ASSERT_TRUE(reference.ok()) << reference.status().ToString();
  EXPECT_EQ(*reference, ports.sink->LocalReference(submission.id));
  EXPECT_EQ(ports.sink->AwaitDelivery(submission.id, 2s), std::nullopt);
  EXPECT_EQ((*devices)->queue().Find(submission.id)->state, offline::SubmissionState::kPending);

  // The key and the queue live in the data folder, which only the kiosk user may read.
  EXPECT_TRUE(fs::exists(config_.storage.data_dir + "/data.key"));
  EXPECT_TRUE(fs::exists(config_.storage.data_dir + "/queue.sqlite"));
  EXPECT_EQ(fs::status(config_.storage.data_dir).permissions() & fs::perms::others_all,
            fs::perms::none);
}

TEST_F(KioskDevicesTest, OffersTheDefaultProceduresWithoutACatalogKey) {
  auto devices = KioskDevices::Create(config_, Options());
  ASSERT_TRUE(devices.ok()) << devices.status().ToString();
  auto procedures = (*devices)->Ports().procedures->Procedures();
  EXPECT_EQ(procedures.size(), 5u);
  EXPECT_EQ((*devices)->procedures().catalog_version(), 0);
}

TEST_F(KioskDevicesTest, TheStaffPanelSaysWhatIsDownAndWhatWaits) {
  auto devices = KioskDevices::Create(config_, Options());
  ASSERT_TRUE(devices.ok()) << devices.status().ToString();
  std::vector<session::DeviceState> before = (*devices)->Snapshot();
  ASSERT_EQ(before.size(), 4u);
  EXPECT_EQ(before[0].name, "reader");
  EXPECT_EQ(before[1].name, "printer");
  EXPECT_EQ(before[2].name, "network");
  EXPECT_EQ(before[3].name, "queue");

  ASSERT_TRUE((*devices)->Ports().sink->Submit(kiosk::testing::SpecimenConfirmed(1)).ok());
  (*devices)->Start();
  EXPECT_TRUE(kiosk::testing::WaitUntil([&] {
    auto states = (*devices)->Snapshot();
    return Line(states, "queue").detail.rfind("1 waiting", 0) == 0 &&
           Line(states, "printer").detail.find("cups_unavailable") != std::string::npos;
  })) << Line((*devices)->Snapshot(), "queue").detail
      << " / " << Line((*devices)->Snapshot(), "printer").detail;

  auto states = (*devices)->Snapshot();
  EXPECT_TRUE(Line(states, "queue").ok);
  EXPECT_FALSE(Line(states, "printer").ok);
  EXPECT_FALSE(Line(states, "network").ok);
  EXPECT_NE(Line(states, "network").detail.find("not enrolled"), std::string::npos);
  (*devices)->SyncNow();  // nothing to wake without a centre; must not block
  (*devices)->Stop();
  (*devices)->Stop();
}

TEST_F(KioskDevicesTest, CertificateFilesThatDoNotLoadMeanOffline) {
  config_.central.ca_file = dir_.Join("missing-ca.pem");
  config_.central.cert_file = dir_.Join("missing-kiosk.pem");
  config_.central.key_file = dir_.Join("missing-kiosk.key");
  auto devices = KioskDevices::Create(config_, Options());
  ASSERT_TRUE(devices.ok()) << devices.status().ToString();
  EXPECT_FALSE((*devices)->enrolled());
  EXPECT_EQ((*devices)->sync_worker(), nullptr);
  EXPECT_NE((*devices)->offline_reason().find("not enrolled"), std::string::npos);
}

TEST_F(KioskDevicesTest, AnUnknownPaperIsAConfigurationError) {
  config_.printer.paper = "letter";
  EXPECT_EQ(KioskDevices::Create(config_, Options()).status().code(), StatusCode::kInvalidInput);
}

TEST_F(KioskDevicesTest, TheSelfTestReadsTheKiosksOwnQueue) {
  auto devices = KioskDevices::Create(config_, Options());
  ASSERT_TRUE(devices.ok()) << devices.status().ToString();
  std::vector<session::CheckLine> lines = (*devices)->Ports().self_test->Run();
  std::vector<std::string> names;
  for (const auto& line : lines) names.push_back(line.name);
  for (const char* expected : {"pcscd", "printer", "centre", "disk", "queue"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  }
  for (const auto& line : lines) {
    if (line.name == "queue" || line.name == "disk") {
      EXPECT_TRUE(line.ok) << line.detail;
    }
    if (line.name == "printer" || line.name == "centre") {
      EXPECT_FALSE(line.ok) << line.name;
      EXPECT_FALSE(line.hint.empty()) << line.name;
    }
  }
}

}  // namespace
}  // namespace kiosk::devices
