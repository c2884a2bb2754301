// Checks a submission against the procedure version it names, before the centre stores it.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kiosk::central {

struct FieldError {
  std::string question;  // the question id ("" for the answers object as a whole)
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
  // `submission` is the parsed frozen submission (an object with "procedure" and "answers").
  virtual CheckResult Check(const std::string& procedure_id, int procedure_version,
                            const nlohmann::json& submission) const = 0;
};

// Knows every procedure version published under `procedures_root` (procedures/<id>/<v>.yaml,
// see data_dir.h). Until the procedure engine is wired in, answers are checked for shape
// only: an object of question ids to non-null values.
class PublishedProcedureChecker : public SubmissionChecker {
 public:
  explicit PublishedProcedureChecker(std::string procedures_root)
      : procedures_root_(std::move(procedures_root)) {}
  CheckResult Check(const std::string& procedure_id, int procedure_version,
                    const nlohmann::json& submission) const override;

 private:
  std::string procedures_root_;
};

}  // namespace kiosk::central
