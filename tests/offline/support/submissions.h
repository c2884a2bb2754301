// Frozen submissions for queue and sync tests, carrying the ICAO specimen citizen
// (ERIKSSON ANNA MARIA, document L898902C3): invented data, never a real person's.
#pragma once

#include <string>

#include "offline/queue/submission_queue.h"

namespace kiosk::testing {

inline constexpr char kSpecimenSurname[] = "ERIKSSON";
inline constexpr char kSpecimenGivenNames[] = "ANNA MARIA";
inline constexpr char kSpecimenDocumentNumber[] = "L898902C3";

// A canonical-JSON submission numbered `n` (id "00000000-0000-4000-8000-<n as 12 digits>"),
// with `padding` extra bytes in its free-text notes (to make large bodies).
offline::FrozenSubmission SpecimenSubmission(int n, size_t padding = 0,
                                             const std::string& procedure = "acte-naissance");

// The procedure (YAML) whose version 3 the specimen submissions answer: a centre that
// publishes it accepts them, as it re-validates every submission with the procedure engine.
std::string SpecimenProcedureYaml();

}  // namespace kiosk::testing
