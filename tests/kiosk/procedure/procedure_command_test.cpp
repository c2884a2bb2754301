// `kioskctl procedure ...` as an author or a technician runs it.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace kiosk {
namespace {

using kiosk::testing::BinaryPath;
using kiosk::testing::RunCommand;
using kiosk::testing::TempDir;

const std::string kProcedures = std::string(KIOSK_SOURCE_DIR) + "/procedures";

TEST(KioskctlProcedure, ValidateAcceptsTheShippedProcedures) {
  auto result =
      RunCommand({BinaryPath("kioskctl"), "procedure", "validate",
                  kProcedures + "/acte-naissance.yaml", kProcedures + "/signalement-voirie.yaml"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("acte-naissance.yaml: ok (acte-naissance version 1"),
            std::string::npos);
}

TEST(KioskctlProcedure, ValidateReportsLineAndColumnAndExitsOne) {
  TempDir dir;
  std::string path = dir.WriteFile("bad.yaml",
                                   "id: bad\nversion: 1\ntitle: {en: T}\nclosing: {fr: C}\n"
                                   "steps:\n  - id: s\n    title: {fr: S}\n    questions:\n"
                                   "      - id: a\n        type: short_text\n"
                                   "        label: {fr: A}\n        relevant: a = = 1\n");
  auto result = RunCommand({BinaryPath("kioskctl"), "procedure", "validate", path});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find(path + ":3:8: missing French text ('fr') in the procedure's title"),
            std::string::npos)
      << result.out;

  result = RunCommand({BinaryPath("kioskctl"), "--json", "procedure", "validate", path});
  EXPECT_EQ(result.exit_code, 1);
  auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["ok"], false);
  EXPECT_EQ(json["files"][0]["errors"][0]["line"], 3);
  EXPECT_EQ(json["files"][0]["errors"][0]["column"], 8);
  EXPECT_EQ(json["files"][0]["errors"][1]["text"],
            path + ":12:23: procedure 'bad', question 'a', relevant: unexpected '='");
}

TEST(KioskctlProcedure, RunPrintsTheFrozenSubmission) {
  TempDir dir;
  std::string answers = dir.WriteFile(
      "answers.json",
      "{\"categorie\":\"eclairage\",\"danger\":false,\"adresse_lieu\":\"12 rue Victor Hugo\","
      "\"description\":\"Lampadaire éteint depuis lundi\"}");
  std::vector<std::string> argv = {BinaryPath("kioskctl"),
                                   "procedure",
                                   "run",
                                   kProcedures + "/signalement-voirie.yaml",
                                   "--answers",
                                   answers,
                                   "--now",
                                   "2026-12-03T18:22:31Z",
                                   "--id",
                                   "0f8fad5b-d9cb-469f-a165-70867728950e",
                                   "--kiosk-id",
                                   "mairie-arles-01"};
  auto first = RunCommand(argv);
  auto second = RunCommand(argv);
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_EQ(first.out, second.out);
  auto submission = nlohmann::json::parse(first.out);
  EXPECT_EQ(submission["kiosk_id"], "mairie-arles-01");
  EXPECT_EQ(submission["answers"]["priorite"], "normale");
}

TEST(KioskctlProcedure, RunPrefillsFromTheIdentityAndListsErrors) {
  TempDir dir;
  std::string answers = dir.WriteFile("answers.json", "{\"type_acte\":\"copie_integrale\"}");
  std::string identity = dir.WriteFile(
      "identity.json", "{\"surname\":\"ERIKSSON\",\"given_names\":\"ANNA MARIA\",\"sex\":\"F\"}");
  auto result = RunCommand({BinaryPath("kioskctl"), "--json", "procedure", "run",
                            kProcedures + "/acte-naissance.yaml", "--answers", answers,
                            "--identity", identity, "--language", "en"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["ok"], false);
  std::vector<std::string> questions;
  for (const auto& field : json["fields"]) questions.push_back(field["question"]);
  // nom, prenoms and sexe came from the card; the rest is missing.
  EXPECT_EQ(questions, (std::vector<std::string>{"qualite", "date_naissance", "lieu_naissance",
                                                 "mode_remise", "attestation"}));
  EXPECT_EQ(json["fields"][0]["message"], "This answer is required.");
}

TEST(KioskctlProcedure, KeygenBuildAndVerifyACatalog) {
  TempDir dir;
  auto keygen = RunCommand({BinaryPath("kioskctl"), "procedure", "keygen", "--private",
                            dir.Join("key.pem"), "--public", dir.Join("pub.pem")});
  ASSERT_EQ(keygen.exit_code, 0) << keygen.err;
  auto build =
      RunCommand({BinaryPath("kioskctl"), "procedure", "catalog-build", kProcedures, "--key",
                  dir.Join("key.pem"), "--catalog-version", "3", "-o", dir.Join("catalog.json")});
  ASSERT_EQ(build.exit_code, 0) << build.out << build.err;
  auto verify = RunCommand({BinaryPath("kioskctl"), "--json", "procedure", "catalog-verify",
                            dir.Join("catalog.json"), "--public-key", dir.Join("pub.pem")});
  ASSERT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  auto json = nlohmann::json::parse(verify.out);
  EXPECT_EQ(json["catalog_version"], 3);
  EXPECT_EQ(json["procedures"].size(), 5u);

  RunCommand({BinaryPath("kioskctl"), "procedure", "keygen", "--private", dir.Join("k2.pem"),
              "--public", dir.Join("p2.pem")});
  auto wrong = RunCommand({BinaryPath("kioskctl"), "procedure", "catalog-verify",
                           dir.Join("catalog.json"), "--public-key", dir.Join("p2.pem")});
  EXPECT_EQ(wrong.exit_code, 1);
}

}  // namespace
}  // namespace kiosk
