#include "central/submission_checker.h"

#include <algorithm>
#include <filesystem>

#include "base/log.h"
#include "kiosk/procedure/loader.h"
#include "kiosk/procedure/submission.h"

namespace kiosk::central {
namespace {

// The id becomes part of a path: only the characters a procedure id may have.
bool SafeId(const std::string& id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

}  // namespace

PublishedProcedureChecker::PublishedProcedureChecker(std::string procedures_root)
    : procedures_root_(std::move(procedures_root)) {}

PublishedProcedureChecker::~PublishedProcedureChecker() = default;

std::shared_ptr<const procedure::Procedure> PublishedProcedureChecker::Find(const std::string& id,
                                                                            int64_t version) {
  if (!SafeId(id) || version < 1) return nullptr;
  std::lock_guard lock(mutex_);
  auto key = std::make_pair(id, version);
  if (auto found = loaded_.find(key); found != loaded_.end()) return found->second;

  std::string path = procedures_root_ + "/" + id + "/" + std::to_string(version) + ".yaml";
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return nullptr;  // not cached: may be published later
  procedure::ProcedureLoad load = procedure::LoadProcedureFile(path);
  if (!load.ok()) {
    // It loaded when it was published; failing now means the file was altered on disk.
    for (const auto& diagnostic : load.errors) {
      Log(Subsystem::kCentral).error("published procedure: {}", diagnostic.ToString());
    }
    return nullptr;
  }
  if (load.procedure->id != id || load.procedure->version != version) {
    Log(Subsystem::kCentral).error("{} does not hold {} version {}", path, id, version);
    return nullptr;
  }
  loaded_[key] = load.procedure;
  return load.procedure;
}

CheckResult PublishedProcedureChecker::Check(const std::string& procedure_id,
                                             int64_t procedure_version,
                                             const nlohmann::json& /*submission*/,
                                             std::string_view bytes) {
  CheckResult result;
  std::shared_ptr<const procedure::Procedure> procedure = Find(procedure_id, procedure_version);
  if (procedure == nullptr) {
    result.verdict = CheckResult::Verdict::kUnknownProcedure;
    result.message = "procedure " + procedure_id + " version " + std::to_string(procedure_version) +
                     " was never published here";
    return result;
  }
  for (const procedure::FieldError& error : procedure::ValidateSubmissionBytes(*procedure, bytes)) {
    result.fields.push_back({error.question, error.message});
  }
  if (!result.fields.empty()) {
    result.verdict = CheckResult::Verdict::kInvalidAnswers;
    result.message = std::to_string(result.fields.size()) + " problem(s) with the submission";
  }
  return result;
}

}  // namespace kiosk::central
