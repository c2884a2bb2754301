// Test data shared by the kiosk_devices tests: confirmed submissions as the flow hands them
// over, carrying the ICAO specimen citizen (invented data), and a fixed data key.
#pragma once

#include <string>

#include "kiosk/session/ports.h"
#include "offline/crypto/data_key.h"

namespace kiosk::testing {

// A fixed key (tests only).
offline::DataKey TestDataKey();

// The flow's confirmed submission numbered `n`: the bytes of SpecimenSubmission(n)
// (acte-naissance version 3, which SpecimenProcedureYaml() publishes) and a receipt with the
// specimen's printable name.
session::ConfirmedSubmission SpecimenConfirmed(int n);

}  // namespace kiosk::testing
