// Frozen submissions (docs/procedure-format.md, docs/contracts.md): the canonical bytes a
// confirmed procedure becomes, and their re-validation by the centre.
//
// The kiosk freezes once, when the citizen confirms; the queue stores and the sync client
// sends exactly those bytes. The centre parses them, checks they are canonical, finds the
// procedure version they name and calls ValidateSubmission(), which applies the very checks
// the kiosk applied (same code), with today() = the date of created_at.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "kiosk/procedure/procedure.h"

namespace kiosk::procedure {

inline constexpr int kSubmissionFormat = 1;

// Where the identity data came from, as the submission records it.
enum class IdentitySource {
  kChipVerified,    // read from the chip, passive authentication succeeded
  kChipUnverified,  // read from the chip (or an MRZ), authenticity not established
  kTyped,           // typed by the citizen or the staff member
  kNone,            // the procedure asked for no identity
};
std::string_view IdentitySourceName(IdentitySource source);

// A staff member's id as a submission's `assisted_by` may hold it: 1 to 128 ASCII letters,
// digits and - _ . / + (no space, no accent), so the centre accepts it as it is.
bool IsStaffId(std::string_view id);
std::optional<IdentitySource> IdentitySourceFromName(std::string_view name);

// Everything in a submission that is not an answer.
struct SubmissionEnvelope {
  std::string id;  // UUID v4, lower case (NewSubmissionId)
  std::chrono::system_clock::time_point created_at;
  std::string kiosk_id;
  std::string time_zone = "Europe/Paris";  // IANA name of the kiosk's zone
  IdentitySource identity_source = IdentitySource::kNone;
  std::optional<std::string> assisted_by;  // staff member id, when staff filled it
  std::string language = "fr";
};

struct FrozenSubmission {
  std::string id;
  std::string bytes;  // canonical JSON, never changed after freezing
};

// A random UUID v4 from OpenSSL's RAND_bytes, lower case. kUnavailable when the generator
// is not seeded (never expected on Linux).
StatusOr<std::string> NewSubmissionId();

// "2026-12-03T18:22:31Z" (seconds, UTC), and its inverse.
std::string FormatUtc(std::chrono::system_clock::time_point time);
std::optional<std::chrono::system_clock::time_point> ParseUtc(std::string_view text);

// The canonical bytes for resolved `answers` (see Resolve() in answer.h). kInvalidInput when
// the envelope is incomplete or a value cannot be made canonical.
StatusOr<FrozenSubmission> FreezeSubmission(const Procedure& procedure,
                                            const nlohmann::json& answers,
                                            const SubmissionEnvelope& envelope);

// One problem with a received submission. `question` is the question id, or "" for a
// problem with the envelope (then `message` names the field).
struct FieldError {
  std::string question;
  std::string message;
  friend bool operator==(const FieldError&, const FieldError&) = default;
};

// Re-validates a parsed submission against the procedure version it names. Empty = valid.
// Messages are in `language`, or in the submission's own language when `language` is empty.
// Checks: the envelope (format, id, procedure id and version, created_at, identity_source,
// language, kiosk_id, time_zone, assisted_by, no other key), no answer to an unknown or
// non-relevant question, every answer in its stored form, required answers present,
// constraints, and calculated values equal to their recomputation.
std::vector<FieldError> ValidateSubmission(const Procedure& procedure,
                                           const nlohmann::json& submission,
                                           std::string_view language = "");

// Same, from the received bytes, which must also be canonical JSON (byte for byte what
// CanonicalJson() gives for them).
std::vector<FieldError> ValidateSubmissionBytes(const Procedure& procedure, std::string_view bytes,
                                                std::string_view language = "");

// What a receipt may show of a submission: the answers whose question is printable, in
// procedure order, with labels in `language` (kInitial answers reduced to "A.").
struct ReceiptLine {
  std::string question;
  std::string label;
  std::string text;
};
std::vector<ReceiptLine> ReceiptLines(const Procedure& procedure, const nlohmann::json& submission,
                                      std::string_view language);

// An answer as the citizen reads it on the review screen or a receipt: choice labels,
// dates as DD/MM/YYYY, "Oui"/"Yes", addresses on one line.
std::string DisplayAnswer(const Question& question, const nlohmann::json& stored,
                          std::string_view language);

}  // namespace kiosk::procedure
