#include "central/submission_checker.h"

#include <algorithm>
#include <filesystem>

namespace kiosk::central {
namespace {

bool SafeId(const std::string& id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

}  // namespace

CheckResult PublishedProcedureChecker::Check(const std::string& procedure_id, int procedure_version,
                                             const nlohmann::json& submission) const {
  CheckResult result;
  // The id becomes part of a path: only the characters a published id may have.
  std::error_code error;
  if (!SafeId(procedure_id) || procedure_version < 1 ||
      !std::filesystem::exists(
          procedures_root_ + "/" + procedure_id + "/" + std::to_string(procedure_version) + ".yaml",
          error)) {
    result.verdict = CheckResult::Verdict::kUnknownProcedure;
    result.message = "procedure " + procedure_id + " version " + std::to_string(procedure_version) +
                     " was never published here";
    return result;
  }

  // TODO(#6): validate the answers with the procedure engine (branch `procedures`) against
  // this version's questions, once its API is available.
  const auto answers = submission.find("answers");
  if (answers == submission.end() || !answers->is_object()) {
    result.verdict = CheckResult::Verdict::kInvalidAnswers;
    result.message = "answers must be an object";
    result.fields.push_back({"", "answers must be an object of question ids to values"});
    return result;
  }
  for (const auto& [question, value] : answers->items()) {
    if (question.empty()) {
      result.fields.push_back({question, "empty question id"});
    } else if (value.is_null()) {
      result.fields.push_back({question, "no value"});
    }
  }
  if (!result.fields.empty()) {
    result.verdict = CheckResult::Verdict::kInvalidAnswers;
    result.message = std::to_string(result.fields.size()) + " invalid answer(s)";
  }
  return result;
}

}  // namespace kiosk::central
