// The session flow's receipt (session::Receipt) in the printer driver's terms
// (printer::ReceiptData): what CupsReceiptPrinter renders and what QueueSubmissionSink keeps,
// as JSON, beside each submission so that `kioskctl print receipt` can reprint it.
#pragma once

#include "drivers/printer/receipt_data.h"
#include "kiosk/session/ports.h"

namespace kiosk::devices {

// A field-for-field copy: `sent` becomes the state, an empty central reference none, each
// receipt line a printable field (label and value as the procedure marked them printable).
printer::ReceiptData ToReceiptData(const session::Receipt& receipt);

// Overwrites every string of `data` (it holds the citizen's printable fields) and clears it.
void WipeReceiptData(printer::ReceiptData& data);

}  // namespace kiosk::devices
