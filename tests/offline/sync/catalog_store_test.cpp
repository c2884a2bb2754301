#include "offline/sync/catalog_store.h"

#include "tests/offline/sync/sync_fixture.h"

namespace kiosk::offline {
namespace {

class CatalogStoreTest : public SyncFixture {
 protected:
  // Stands in for the Ed25519 envelope check: accepts envelopes that say they are signed.
  static Status FakeVerify(std::string_view envelope) {
    if (envelope.find("\"signature\":\"good\"") == std::string_view::npos) {
      return DataLossError("bad catalog signature");
    }
    return OkStatus();
  }
};

TEST_F(CatalogStoreTest, InstallsAVerifiedCatalogAndThenGets304) {
  StartCentre();
  Connect(centre_->port());
  centre_->SetCatalog(R"({"payload":"v1","signature":"good"})", "\"v1\"");
  CatalogStore store(dir_.path().string(), FakeVerify);
  auto first = store.Update(*client_);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(*first);
  EXPECT_EQ(store.Current()->value_or(""), R"({"payload":"v1","signature":"good"})");
  EXPECT_EQ(store.Etag(), "\"v1\"");
  auto second = store.Update(*client_);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(*second);
}

TEST_F(CatalogStoreTest, KeepsTheLastGoodCatalogWhenANewOneFailsVerification) {
  StartCentre();
  Connect(centre_->port());
  CatalogStore store(dir_.path().string(), FakeVerify);
  centre_->SetCatalog(R"({"payload":"v1","signature":"good"})", "\"v1\"");
  ASSERT_TRUE(store.Update(*client_).ok());
  centre_->SetCatalog(R"({"payload":"v2","signature":"forged"})", "\"v2\"");
  EXPECT_EQ(store.Update(*client_).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(store.Current()->value_or(""), R"({"payload":"v1","signature":"good"})");
  EXPECT_EQ(store.Etag(), "\"v1\"");
}

TEST_F(CatalogStoreTest, WithoutAVerifierNothingIsInstalled) {
  CatalogStore store(dir_.path().string(), nullptr);
  EXPECT_EQ(store.Install("{}", "x").code(), StatusCode::kFailedPrecondition);
  EXPECT_FALSE(store.Current()->has_value());
}

}  // namespace
}  // namespace kiosk::offline
