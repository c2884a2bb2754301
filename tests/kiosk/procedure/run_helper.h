// Runs a procedure the way `kioskctl procedure run` does, with a fixed clock
// (2026-12-03T18:22:31Z) and a fixed submission id, for tests.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "kiosk/procedure/session.h"

namespace kiosk::procedure {

// Readable failures for lists of field errors.
inline void PrintTo(const FieldError& error, std::ostream* out) {
  *out << "{" << error.question << ": " << error.message << "}";
}

}  // namespace kiosk::procedure

namespace kiosk::procedure::testing_helpers {

inline constexpr char kFixedId[] = "0f8fad5b-d9cb-469f-a165-70867728950e";
inline constexpr char kFixedTime[] = "2026-12-03T18:22:31Z";

// A shipped procedure from procedures/<id>.yaml; null (with a test failure) when it does not
// load.
std::shared_ptr<const Procedure> ShippedProcedure(const std::string& id);

// The fixed clock shared by these tests.
const Clock& FixedClock();

// Options with the fixed clock and id, kiosk "test-kiosk", identity typed.
SessionOptions TestOptions(const std::string& language);

struct RunResult {
  std::string bytes;               // the frozen submission, when valid
  std::vector<FieldError> errors;  // otherwise, in procedure order
};

// Enters `answers` in the order of the JSON object, walks every step and confirms.
RunResult RunAnswers(std::shared_ptr<const Procedure> procedure, const nlohmann::json& answers,
                     const std::string& language);

}  // namespace kiosk::procedure::testing_helpers
