// What a receipt says, as plain data: the input of ReceiptLayout, independent of the
// procedure engine and of the queue.
//
// The procedure engine fills it when the citizen confirms (only the fields its procedure
// marks printable go into `personal_data`); the queue stores its JSON form next to the
// frozen submission so that `kioskctl print receipt ID` can reprint it later without the
// procedure. JSON form (format 1, UTF-8, see docs/printing.md):
//
//   {"format": 1, "language": "fr", "commune": "...", "site": "...",
//    "procedure_title": "...", "submission_id": "<uuid>", "created_at": "2026-12-03T18:22:31Z",
//    "status": "sent" | "waiting", "central_reference": "GU-2026-000123" | null,
//    "next_steps": "...", "personal_data": [{"label": "Nom", "value": "A. ERIKSSON"}]}
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace kiosk::printer {

enum class SubmissionState { kSent, kWaiting };

struct PrintableField {
  std::string label;  // already in the receipt's language
  std::string value;
  friend bool operator==(const PrintableField&, const PrintableField&) = default;
};

struct ReceiptData {
  std::string language = "fr";  // one of ReceiptLanguages(); others print in French
  std::string commune;          // required
  std::string site;             // optional
  std::string procedure_title;  // required, in `language`
  std::string submission_id;    // required: the submission's UUID; gives the local reference
  std::chrono::system_clock::time_point created_at;  // printed in the kiosk's local time
  SubmissionState state = SubmissionState::kWaiting;
  std::optional<std::string> central_reference;  // known once the centre accepted it
  std::string next_steps;                        // optional, from the procedure
  std::vector<PrintableField> personal_data;     // only what the procedure marks printable

  friend bool operator==(const ReceiptData&, const ReceiptData&) = default;
};

// The default printable identity: initial of the first given name and the surname,
// "A. ERIKSSON" for ("Anna Maria", "ERIKSSON"). UTF-8 aware ("É. Dupont").
std::string ShortHolderName(std::string_view given_names, std::string_view surname);

// Checks the required fields; kInvalidInput naming the first missing one.
Status ValidateReceiptData(const ReceiptData& data);

// JSON (de)serialisation in the format above. ParseReceiptJson never throws: malformed JSON,
// a wrong type or a missing required field give kInvalidInput.
std::string ReceiptToJson(const ReceiptData& data);
StatusOr<ReceiptData> ParseReceiptJson(std::string_view text);

// "2026-12-03T18:22:31Z" <-> time point (UTC, whole seconds).
std::string FormatUtc(std::chrono::system_clock::time_point time);
StatusOr<std::chrono::system_clock::time_point> ParseUtc(std::string_view text);

}  // namespace kiosk::printer
