// Loading procedure definitions (YAML, docs/procedure-format.md) with every check an author
// needs: unknown keys, duplicate ids, references to unknown questions, cyclic dependencies,
// missing French texts, expressions that do not parse, constraints that do not fit the type.
//
// Each problem is a Diagnostic "file:line:column: message" (1-based, from the YAML marks).
// A procedure with any problem is rejected as a whole; in a folder or a catalog, the others
// still load. Nothing here throws: yaml-cpp exceptions are caught at the call.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/procedure/procedure.h"

namespace kiosk::procedure {

inline constexpr size_t kMaxProcedureFileSize = 256 * 1024;

struct Diagnostic {
  std::string file;
  int line = 0;  // 1-based; 0 when the problem is about the whole file
  int column = 0;
  std::string message;

  // "file:line:column: message" (or "file: message" without a position).
  std::string ToString() const;
};

struct ProcedureLoad {
  std::shared_ptr<const Procedure> procedure;  // null when errors is not empty
  std::vector<Diagnostic> errors;
  bool ok() const { return procedure != nullptr; }
};

// Parses one definition. `source_name` is the file name used in diagnostics.
ProcedureLoad ParseProcedure(std::string_view yaml_text, std::string_view source_name);

// Reads and parses a file (at most kMaxProcedureFileSize bytes).
ProcedureLoad LoadProcedureFile(const std::string& path);

// The procedures of a set of definitions, and the problems of those that were rejected.
struct ProcedureSet {
  std::vector<std::shared_ptr<const Procedure>> procedures;  // sorted by id
  std::vector<Diagnostic> errors;

  // nullptr when absent.
  std::shared_ptr<const Procedure> Find(std::string_view id) const;
};

// Every *.yaml / *.yml file of `folder` (not recursive). Two files with the same procedure id
// are both rejected: a kiosk must not guess which one the commune meant.
ProcedureSet LoadProcedureFolder(const std::string& folder);

}  // namespace kiosk::procedure
