// Checks a submission against the procedure version it names, before the centre stores it.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace kiosk::procedure {
struct Procedure;
}

namespace kiosk::central {

struct FieldError {
  std::string question;  // the question id ("" for the envelope; the message names the field)
  std::string message;
};

struct CheckResult {
  enum class Verdict { kValid, kUnknownProcedure, kInvalidAnswers };
  Verdict verdict = Verdict::kValid;
  std::string message;
  std::vector<FieldError> fields;  // for kInvalidAnswers
};

// Thread-safe: the server calls Check from its request threads.
class SubmissionChecker {
 public:
  virtual ~SubmissionChecker() = default;
  // `submission` is the parsed form of `bytes` (an object with "procedure" and "answers").
  virtual CheckResult Check(const std::string& procedure_id, int64_t procedure_version,
                            const nlohmann::json& submission, std::string_view bytes) = 0;
};

// Knows every procedure version ever published under `procedures_root`
// (procedures/<id>/<version>.yaml, see data_dir.h), not only those of the current catalog:
// a kiosk that was offline may send a submission made with an older version. Answers are
// re-validated with the procedure engine, the very code the kiosk ran
// (procedure::ValidateSubmissionBytes): envelope, canonical bytes, relevance, required
// answers, constraints and calculated values.
class PublishedProcedureChecker : public SubmissionChecker {
 public:
  explicit PublishedProcedureChecker(std::string procedures_root);
  ~PublishedProcedureChecker() override;
  CheckResult Check(const std::string& procedure_id, int64_t procedure_version,
                    const nlohmann::json& submission, std::string_view bytes) override;

 private:
  // The parsed procedure, loaded once per version; nullptr when it was never published.
  std::shared_ptr<const procedure::Procedure> Find(const std::string& id, int64_t version);

  std::string procedures_root_;
  std::mutex mutex_;
  std::map<std::pair<std::string, int64_t>, std::shared_ptr<const procedure::Procedure>>
      loaded_;  // guarded by mutex_
};

}  // namespace kiosk::central
