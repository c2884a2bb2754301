// The session flow's receipt (session::Receipt) in the printer driver's terms
// (printer::ReceiptData): what CupsReceiptPrinter renders and what QueueSubmissionSink keeps,
// as JSON, beside each submission so that `kioskctl print receipt` can reprint it.
#pragma once

#include "drivers/printer/receipt_data.h"
#include "kiosk/session/ports.h"
#include "offline/queue/submission_queue.h"

namespace kiosk::devices {

// A field-for-field copy: `sent` becomes the state, an empty central reference none, each
// receipt line a printable field (label and value as the procedure marked them printable).
printer::ReceiptData ToReceiptData(const session::Receipt& receipt);

// A reprint tells what is true now, not what was true when the receipt data was stored
// (always "waiting": it is stored at confirmation). `record` is the queue's current record of
// the same submission: `sent` gives the sent state and the record's central reference, every
// other state (pending, sending, waiting, quarantined) the waiting state and no reference.
void ApplyQueueState(const offline::SubmissionRecord& record, printer::ReceiptData& data);

// Overwrites every string of `data` (it holds the citizen's printable fields) and clears it.
void WipeReceiptData(printer::ReceiptData& data);

}  // namespace kiosk::devices
