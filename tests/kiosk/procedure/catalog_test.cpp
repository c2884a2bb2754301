// The signed catalog: sign and verify, tampering, wrong key, the last good catalog on disk
// and the shipped default.
#include "kiosk/procedure/catalog.h"

#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include "kiosk/procedure/canonical_json.h"
#include "kiosk/procedure/submission.h"
#include "tests/support/temp_dir.h"

namespace kiosk::procedure {
namespace {

using nlohmann::json;

const std::string kProcedures = std::string(KIOSK_SOURCE_DIR) + "/procedures";

class CatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = GenerateCatalogKey();
    ASSERT_TRUE(key.ok()) << key.status().message();
    key_ = *key;
    auto built = BuildCatalogFromFolder(kProcedures, 7, *ParseUtc("2026-12-01T08:00:00Z"));
    ASSERT_TRUE(built.ok());
    ASSERT_TRUE(built->errors.empty());
    catalog_ = built->catalog;
  }
  std::string Sign(const Catalog& catalog) {
    auto envelope = SignCatalog(catalog, key_.private_pem);
    EXPECT_TRUE(envelope.ok()) << envelope.status().message();
    return envelope.value_or("");
  }
  CatalogKey key_;
  Catalog catalog_;
};

TEST_F(CatalogTest, SignedCatalogVerifiesAndLoadsEveryProcedure) {
  std::string envelope = Sign(catalog_);
  auto verified = VerifyCatalog(envelope, key_.public_pem);
  ASSERT_TRUE(verified.ok()) << verified.status().message();
  EXPECT_EQ(verified->catalog_version, 7);
  EXPECT_EQ(verified->issued_at, "2026-12-01T08:00:00Z");
  EXPECT_EQ(verified->procedures, catalog_.procedures);
  ProcedureSet set = LoadCatalogProcedures(*verified);
  EXPECT_TRUE(set.errors.empty());
  EXPECT_EQ(set.procedures.size(), 5u);
}

TEST_F(CatalogTest, EnvelopeFollowsTheContract) {
  json envelope = json::parse(Sign(catalog_));
  EXPECT_EQ(envelope["format"], 1);
  EXPECT_EQ(envelope["key_id"], *CatalogKeyId(key_.public_pem));
  EXPECT_EQ(envelope["key_id"].get<std::string>().size(), 16u);
  json payload = json::parse(envelope["payload"].get<std::string>());
  EXPECT_EQ(*CanonicalJson(payload), envelope["payload"].get<std::string>());
  EXPECT_EQ(payload["procedures"][0]["id"], "acte-naissance");
}

TEST_F(CatalogTest, RejectsATamperedPayload) {
  json envelope = json::parse(Sign(catalog_));
  std::string payload = envelope["payload"];
  payload.replace(payload.find("\"catalog_version\":7"), 19, "\"catalog_version\":8");
  envelope["payload"] = payload;
  auto verified = VerifyCatalog(envelope.dump(), key_.public_pem);
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(verified.status().message(), "catalog signature does not verify");
}

TEST_F(CatalogTest, RejectsATamperedSignature) {
  json envelope = json::parse(Sign(catalog_));
  std::string signature = envelope["signature"];
  signature[0] = signature[0] == 'A' ? 'B' : 'A';
  envelope["signature"] = signature;
  EXPECT_EQ(VerifyCatalog(envelope.dump(), key_.public_pem).status().code(), StatusCode::kDataLoss);
  envelope["signature"] = "not base64!";
  EXPECT_EQ(VerifyCatalog(envelope.dump(), key_.public_pem).status().message(),
            "catalog signature is malformed");
}

TEST_F(CatalogTest, RejectsAnotherKey) {
  auto other = GenerateCatalogKey();
  ASSERT_TRUE(other.ok());
  std::string envelope = Sign(catalog_);
  auto verified = VerifyCatalog(envelope, other->public_pem);
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.status().code(), StatusCode::kDataLoss);
  // Even with the key id rewritten to match, the signature does not verify.
  json forged = json::parse(envelope);
  forged["key_id"] = *CatalogKeyId(other->public_pem);
  EXPECT_EQ(VerifyCatalog(forged.dump(), other->public_pem).status().message(),
            "catalog signature does not verify");
}

TEST_F(CatalogTest, RejectsMalformedEnvelopesAndKeys) {
  EXPECT_EQ(VerifyCatalog("{", key_.public_pem).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(VerifyCatalog("{\"format\":1}", key_.public_pem).status().code(),
            StatusCode::kDataLoss);
  EXPECT_EQ(VerifyCatalog(Sign(catalog_), "not a key").status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(SignCatalog(catalog_, key_.public_pem).status().code(), StatusCode::kInvalidInput);
}

TEST_F(CatalogTest, RejectsAnEntryWhoseYamlDisagreesWithIt) {
  catalog_.procedures[0].version = 99;
  auto verified = VerifyCatalog(Sign(catalog_), key_.public_pem);
  ASSERT_TRUE(verified.ok());
  ProcedureSet set = LoadCatalogProcedures(*verified);
  EXPECT_EQ(set.procedures.size(), 4u);
  ASSERT_EQ(set.errors.size(), 1u);
  EXPECT_EQ(set.errors[0].ToString(),
            "catalog:acte-naissance: entry says acte-naissance version 99 but the file is "
            "acte-naissance version 1");
}

TEST_F(CatalogTest, StoreKeepsTheLastGoodCatalogAndRefusesRollback) {
  testing::TempDir dir;
  CatalogStore store(dir.path().string(), key_.public_pem, kProcedures);

  // First start: the shipped default.
  auto current = store.Current();
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current->catalog_version, 0);
  EXPECT_EQ(current->procedures.size(), 5u);

  std::string v7 = Sign(catalog_);
  ASSERT_TRUE(store.Install(v7).ok());
  ASSERT_TRUE(store.Install(v7).ok());  // the same bytes again
  EXPECT_EQ(store.Current()->catalog_version, 7);

  Catalog older = catalog_;
  older.catalog_version = 6;
  EXPECT_EQ(store.Install(Sign(older)).status().code(), StatusCode::kFailedPrecondition);
  Catalog same_version = catalog_;
  same_version.issued_at = "2026-12-02T08:00:00Z";
  EXPECT_EQ(store.Install(Sign(same_version)).status().code(), StatusCode::kFailedPrecondition);

  json tampered = json::parse(v7);
  tampered["signature"] = std::string(86, 'A') + "==";
  EXPECT_EQ(store.Install(tampered.dump()).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(store.Current()->catalog_version, 7);

  Catalog newer = catalog_;
  newer.catalog_version = 8;
  ASSERT_TRUE(store.Install(Sign(newer)).ok());
  EXPECT_EQ(store.Current()->catalog_version, 8);

  // A stored file damaged on disk is not used: back to the default.
  dir.WriteFile("catalog.json", "garbage");
  EXPECT_EQ(store.Current()->catalog_version, 0);
}

TEST(AtomicWrite, ReplacesTheWholeFile) {
  testing::TempDir dir;
  std::string path = dir.Join("f.json");
  ASSERT_TRUE(WriteFileAtomically(path, "first version, long").ok());
  ASSERT_TRUE(WriteFileAtomically(path, "second").ok());
  EXPECT_EQ(testing::ReadFile(path), "second");
  EXPECT_FALSE(WriteFileAtomically(dir.Join("missing/f.json"), "x").ok());
}

TEST(OpenSslErrors, MapToStatusCodes) {
  struct Case {
    unsigned long error;
    StatusCode code;
  };
  for (Case c :
       {Case{0, StatusCode::kOk},
        Case{ERR_PACK(ERR_LIB_PEM, 0, PEM_R_NO_START_LINE), StatusCode::kInvalidInput},
        Case{ERR_PACK(ERR_LIB_ASN1, 0, 1), StatusCode::kInvalidInput},
        Case{ERR_PACK(ERR_LIB_OSSL_DECODER, 0, 1), StatusCode::kInvalidInput},
        Case{ERR_PACK(ERR_LIB_EVP, 0, ERR_R_MALLOC_FAILURE), StatusCode::kResourceExhausted},
        Case{ERR_PACK(ERR_LIB_EVP, 0, 1), StatusCode::kInternal}}) {
    EXPECT_EQ(StatusCodeForOpenSsl(c.error), c.code) << c.error;
  }
}

}  // namespace
}  // namespace kiosk::procedure
