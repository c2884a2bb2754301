#include "central/catalog.h"

#include <gtest/gtest.h>

#include "central/data_dir.h"
#include "kiosk/procedure/catalog.h"
#include "tests/support/temp_dir.h"

namespace kiosk::central {
namespace {

using kiosk::testing::ReadFile;
using kiosk::testing::TempDir;

std::string Voirie() {
  return ReadFile(std::string(KIOSK_SOURCE_DIR) + "/procedures/signalement-voirie.yaml");
}

class PublishCatalogTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(data_.Initialise({"localhost"}).ok()); }
  StatusOr<int64_t> Publish() {
    return PublishCatalog(data_.root(), temp_.Join("src"), std::chrono::system_clock::now());
  }
  TempDir temp_;
  DataDir data_{temp_.Join("data")};
};

TEST_F(PublishCatalogTest, SignsACatalogTheKioskVerifies) {
  temp_.WriteFile("src/voirie.yaml", Voirie());
  ASSERT_EQ(*Publish(), 1);
  auto catalog =
      procedure::VerifyCatalog(ReadFile(data_.Catalog()), ReadFile(data_.CatalogPublicKey()));
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  EXPECT_EQ(catalog->catalog_version, 1);
  ASSERT_EQ(catalog->procedures.size(), 1u);
  EXPECT_EQ(catalog->procedures[0].yaml, Voirie());
  EXPECT_EQ(ReadFile(data_.Procedures() + "/signalement-voirie/1.yaml"), Voirie());
}

TEST_F(PublishCatalogTest, EachPublicationRaisesTheCatalogVersion) {
  temp_.WriteFile("src/voirie.yaml", Voirie());
  EXPECT_EQ(*Publish(), 1);
  EXPECT_EQ(*Publish(), 2);
}

TEST_F(PublishCatalogTest, PublishedVersionCannotChange) {
  temp_.WriteFile("src/voirie.yaml", Voirie());
  ASSERT_TRUE(Publish().ok());
  temp_.WriteFile("src/voirie.yaml", Voirie() + "# edited\n");
  EXPECT_EQ(Publish().status().code(), StatusCode::kFailedPrecondition);
}

TEST_F(PublishCatalogTest, RefusesAFileThatDoesNotLoad) {
  temp_.WriteFile("src/voirie.yaml", Voirie());
  temp_.WriteFile("src/broken.yaml", "id: broken\nversion: [\n");
  auto published = Publish();
  EXPECT_EQ(published.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(published.status().message().find("broken.yaml"), std::string::npos);
}

TEST(ServedCatalog, UnavailableUntilPublishedThenEtagFollowsTheBytes) {
  TempDir temp;
  ServedCatalog served(temp.Join("catalog.json"));
  EXPECT_EQ(served.Current().status().code(), StatusCode::kUnavailable);
  temp.WriteFile("catalog.json", "{\"a\":1}");
  auto first = served.Current();
  ASSERT_TRUE(first.ok());
  temp.WriteFile("catalog.json", "{\"a\":22}");
  auto second = served.Current();
  ASSERT_TRUE(second.ok());
  EXPECT_NE(first->etag, second->etag);
  EXPECT_EQ(*second->bytes, "{\"a\":22}");
}

TEST(DataDirInit, PrivateKeysAreOwnerOnly) {
  TempDir temp;
  DataDir data(temp.Join("data"));
  ASSERT_TRUE(data.Initialise({"localhost"}).ok());
  for (const std::string& path : {data.CaKey(), data.ServerKey(), data.CatalogSigningKey()}) {
    auto perms = std::filesystem::status(path).permissions();
    EXPECT_EQ(perms & std::filesystem::perms::all,
              std::filesystem::perms::owner_read | std::filesystem::perms::owner_write)
        << path;
  }
  EXPECT_EQ(data.Initialise({"localhost"}).code(), StatusCode::kAlreadyExists);
}

}  // namespace
}  // namespace kiosk::central
