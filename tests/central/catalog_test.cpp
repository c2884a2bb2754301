#include "central/catalog.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "central/data_dir.h"
#include "central/pki.h"
#include "tests/support/temp_dir.h"

namespace kiosk::central {
namespace {

using nlohmann::json;

TEST(Catalog, SignedCatalogVerifiesAndHoldsTheProcedures) {
  auto key = GenerateEd25519Key();
  auto envelope =
      BuildSignedCatalog({{"b", 1, "id: b\nversion: 1\n"}, {"a", 2, "id: a\n"}}, 7,
                         std::chrono::system_clock::from_time_t(1'800'000'000), key->get());
  ASSERT_TRUE(envelope.ok());
  auto payload = VerifySignedCatalog(*envelope, key->get());
  ASSERT_TRUE(payload.ok()) << payload.status().ToString();
  json parsed = json::parse(*payload);
  EXPECT_EQ(parsed["catalog_version"], 7);
  EXPECT_EQ(parsed["procedures"][0]["id"], "a");  // sorted
  EXPECT_EQ(json::parse(*envelope)["key_id"].get<std::string>().size(), 16u);
  EXPECT_EQ(CatalogVersionOf(*envelope), 7);
}

TEST(Catalog, TamperedPayloadFailsVerification) {
  auto key = GenerateEd25519Key();
  auto envelope =
      BuildSignedCatalog({{"a", 1, "id: a\n"}}, 1, std::chrono::system_clock::now(), key->get());
  json parsed = json::parse(*envelope);
  std::string payload = parsed["payload"];
  payload.replace(payload.find("\"a\""), 3, "\"b\"");
  parsed["payload"] = payload;
  EXPECT_EQ(VerifySignedCatalog(parsed.dump(), key->get()).status().code(), StatusCode::kDataLoss);
}

TEST(Catalog, GarbageIsNotAnEnvelope) {
  auto key = GenerateEd25519Key();
  EXPECT_EQ(VerifySignedCatalog("[1,2", key->get()).status().code(), StatusCode::kInvalidInput);
}

TEST(Catalog, ProcedureFileNeedsIdAndVersion) {
  EXPECT_TRUE(ReadProcedureFile("id: acte\nversion: 2\n").ok());
  EXPECT_EQ(ReadProcedureFile("title: x\n").status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(ReadProcedureFile("id: ../etc\nversion: 1\n").status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(ReadProcedureFile("id: [unclosed\n").status().code(), StatusCode::kInvalidInput);
}

TEST(Catalog, PublishingRaisesTheVersionAndFreezesPublishedProcedures) {
  kiosk::testing::TempDir temp;
  DataDir data(temp.Join("data"));
  ASSERT_TRUE(data.Initialise({"localhost"}).ok());
  temp.WriteFile("src/a.yaml", "id: a\nversion: 1\n");
  auto now = std::chrono::system_clock::now();
  EXPECT_EQ(*PublishCatalog(data.root(), temp.Join("src"), now), 1);
  EXPECT_EQ(*PublishCatalog(data.root(), temp.Join("src"), now), 2);
  temp.WriteFile("src/a.yaml", "id: a\nversion: 1\ntitle: changed\n");
  EXPECT_EQ(PublishCatalog(data.root(), temp.Join("src"), now).status().code(),
            StatusCode::kFailedPrecondition);
}

TEST(DataDirInit, PrivateKeysAreOwnerOnly) {
  kiosk::testing::TempDir temp;
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
