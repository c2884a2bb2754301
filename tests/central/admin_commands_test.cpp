// guichet-central admin, run as an administrator would, against a data folder that a server
// filled through the API.
#include <gtest/gtest.h>

#include "tests/central/central_instance.h"

namespace kiosk::central {
namespace {

using nlohmann::json;
using testing::CentralInstance;
using testing::NewUuid;
using testing::SubmissionBody;

class AdminCommandsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    central_ = new CentralInstance(
        {CentralInstance::DefaultProcedure(), "id: recensement\nversion: 1\ntitle: Recensement\n"});
    ASSERT_TRUE(central_->Start()) << central_->log();
    auto kiosk = central_->Enrol("mairie-admin");
    ASSERT_TRUE(kiosk.has_value());
    // The client goes before the server stops: an idle kept-alive connection delays a
    // graceful stop by the keep-alive timeout.
    auto client = central_->Client(&*kiosk);
    for (const char* procedure : {"acte-naissance", "recensement", "recensement"}) {
      std::string id = NewUuid();
      int version = std::string(procedure) == "recensement" ? 1 : 3;
      auto result = client->Post(
          "/v1/submissions", {{"Idempotency-Key", id}},
          SubmissionBody(id, "mairie-admin", {{"nom", "ERIKSSON"}}, procedure, version),
          "application/json");
      ASSERT_TRUE(result && result->status == 201);
    }
    client.reset();
    central_->Stop(SIGTERM);
  }
  static void TearDownTestSuite() {
    delete central_;
    central_ = nullptr;
  }
  static CentralInstance* central_;
};

CentralInstance* AdminCommandsTest::central_ = nullptr;

TEST_F(AdminCommandsTest, ListsSubmissionsOfOneProcedure) {
  auto result = central_->Admin({"--json", "submissions", "list", "--procedure", "recensement"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(json::parse(result.out)["submissions"].size(), 2u);
}

TEST_F(AdminCommandsTest, ListsSubmissionsInADateRange) {
  auto today = central_->Admin({"--json", "submissions", "list", "--from", "2000-01-01"});
  EXPECT_EQ(json::parse(today.out)["submissions"].size(), 3u);
  auto none = central_->Admin({"--json", "submissions", "list", "--to", "2000-01-01"});
  EXPECT_EQ(json::parse(none.out)["submissions"].size(), 0u);
  auto bad = central_->Admin({"submissions", "list", "--from", "yesterday"});
  EXPECT_EQ(bad.exit_code, 2);
}

TEST_F(AdminCommandsTest, ExportHidesPersonalDataUnlessRevealed) {
  auto hidden = central_->Admin({"submissions", "export"});
  ASSERT_EQ(hidden.exit_code, 0) << hidden.err;
  EXPECT_EQ(hidden.out.find("ERIKSSON"), std::string::npos);
  EXPECT_EQ(std::count(hidden.out.begin(), hidden.out.end(), '\n'), 3);

  auto revealed = central_->Admin({"submissions", "export", "--reveal"});
  ASSERT_EQ(revealed.exit_code, 0);
  std::string first_line = revealed.out.substr(0, revealed.out.find('\n'));
  json line = json::parse(first_line);
  EXPECT_EQ(line["submission"]["answers"]["nom"], "ERIKSSON");
}

TEST_F(AdminCommandsTest, RevokingAnUnknownKioskIsAnInputError) {
  EXPECT_EQ(central_->Admin({"kiosks", "revoke", "nobody"}).exit_code, 2);
}

TEST_F(AdminCommandsTest, TokenNeedsAPlainKioskId) {
  EXPECT_EQ(central_->Admin({"token", "create", "--kiosk-id", "a b/c"}).exit_code, 2);
}

}  // namespace
}  // namespace kiosk::central
