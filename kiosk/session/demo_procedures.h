// A small built-in procedure set so that the flow, the screens and the headless harness work
// before the procedure engine (kiosk/procedure/) is wired: a birth-certificate request, a
// street-problem report and an electoral-roll registration, in French and English.
#pragma once

#include "kiosk/session/procedure_runner.h"

namespace kiosk::session {

class DemoProcedures : public ProcedureRunner {
 public:
  std::vector<ProcedureSummary> Catalog(const std::string& language) const override;
  StatusOr<std::vector<Question>> Questions(const std::string& procedure_id,
                                            const std::string& language) const override;
  std::string Prefill(const std::string& procedure_id, const std::string& question_id,
                      const CardIdentity* identity) const override;
  std::optional<std::string> Validate(const std::string& procedure_id,
                                      const std::string& question_id, const std::string& value,
                                      const std::string& language) const override;
  std::string DisplayValue(const std::string& procedure_id, const std::string& question_id,
                           const std::string& value, const std::string& language) const override;
};

// "DDMMYYYY" digits to "YYYY-MM-DD" when it is a real calendar date, else nullopt.
std::optional<std::string> DigitsToIsoDate(const std::string& digits);
// "YYYY-MM-DD" to the "DDMMYYYY" digits the keypad edits.
std::string IsoDateToDigits(const std::string& iso);
// "DDMMYYYY" (possibly partial) shown as "DD/MM/YYYY".
std::string FormatDateDigits(const std::string& digits);

}  // namespace kiosk::session
