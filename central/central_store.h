// What the centre stores, behind an interface so that a PostgreSQL backend can replace the
// default SQLite one (sqlite_store.h) without touching the API server.
//
// Contract for every backend:
// - InsertSubmission returns only after the submission is durable (committed and synced):
//   the server answers 201 on that return, so nothing acknowledged is ever lost.
// - Submissions are deduplicated on their id: the same id with the same body hash is a
//   replay (the stored record comes back), another hash is a conflict.
// - Every method is safe to call from several threads at once.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace kiosk::central {

struct NewSubmission {
  std::string id;  // the submission UUID (Idempotency-Key)
  std::string kiosk_id;
  std::string procedure_id;
  int64_t procedure_version = 0;
  std::string body;         // the frozen bytes, stored as received
  std::string body_sha256;  // hexadecimal
  std::chrono::system_clock::time_point received_at;
};

struct SubmissionRecord {
  std::string id;
  std::string reference;    // "GU-2026-000123"
  std::string received_at;  // RFC 3339 UTC
  std::string kiosk_id;
  std::string procedure_id;
  int64_t procedure_version = 0;
  std::string body_sha256;
  std::string body;  // empty when the caller did not ask for bodies
};

enum class InsertOutcome {
  kStored,    // first time: stored now
  kReplay,    // same id, same bytes: already stored, nothing written
  kConflict,  // same id, other bytes: refused
};

struct InsertResult {
  InsertOutcome outcome = InsertOutcome::kStored;
  SubmissionRecord record;  // the stored record (without body)
};

struct SubmissionFilter {
  std::optional<std::string> procedure_id;
  std::optional<std::string> received_from;   // RFC 3339, inclusive
  std::optional<std::string> received_until;  // RFC 3339, exclusive
  bool with_body = false;
  size_t limit = 0;  // 0 = no limit
};

enum class TokenRedemption { kRedeemed, kUnknown, kUsed, kExpired };

struct KioskRecord {
  std::string kiosk_id;
  std::string enrolled_at;
  std::string certificate_serial;
  std::optional<std::string> revoked_at;
  std::optional<std::string> last_heartbeat_at;
  std::string last_state;  // the last heartbeat's JSON, "" when none
};

class CentralStore {
 public:
  virtual ~CentralStore() = default;

  // Durable on return (see above). Errors: kUnavailable (disk, lock) means nothing was
  // acknowledged and the client may retry.
  virtual StatusOr<InsertResult> InsertSubmission(NewSubmission submission) = 0;
  // Errors: kNotFound.
  virtual StatusOr<SubmissionRecord> FindSubmission(const std::string& id, bool with_body) = 0;
  // In reception order. `visit` returning false stops the walk.
  virtual Status ForEachSubmission(const SubmissionFilter& filter,
                                   const std::function<bool(const SubmissionRecord&)>& visit) = 0;

  // Stores the SHA-256 (hex) of a one-time enrolment token. Errors: kAlreadyExists.
  virtual Status CreateToken(const std::string& token_sha256, const std::string& kiosk_id,
                             std::chrono::system_clock::time_point created_at,
                             std::chrono::system_clock::time_point expires_at) = 0;
  // Marks the token used, atomically, when it exists, is unused and has not expired at
  // `now`; `kiosk_id` receives the kiosk the token was made for.
  virtual StatusOr<TokenRedemption> RedeemToken(const std::string& token_sha256,
                                                std::chrono::system_clock::time_point now,
                                                std::string* kiosk_id) = 0;

  // Records an enrolment (a new certificate). Re-enrolling a kiosk (a new token made by an
  // administrator) replaces its certificate serial, which supersedes the old certificate,
  // and clears a revocation.
  virtual Status RecordEnrolment(const std::string& kiosk_id, const std::string& serial,
                                 std::chrono::system_clock::time_point at) = 0;
  // Records a renewal (POST /v1/enrolments/renew): the kiosk's certificate serial becomes
  // `new_serial`, which supersedes the old certificate, provided the kiosk is still enrolled
  // with `old_serial` and not revoked, checked and changed atomically (a revocation or another
  // renewal that came first wins; a renewal never clears a revocation). `enrolled_at` is kept.
  // Returns false, changing nothing, when the kiosk is revoked, unknown or no longer holds
  // `old_serial`; errors are the store's own (disk, lock).
  virtual StatusOr<bool> RecordRenewal(const std::string& kiosk_id, const std::string& old_serial,
                                       const std::string& new_serial) = 0;
  virtual StatusOr<std::vector<KioskRecord>> ListKiosks() = 0;
  // Errors: kNotFound for a kiosk never enrolled.
  virtual Status RevokeKiosk(const std::string& kiosk_id,
                             std::chrono::system_clock::time_point at) = 0;
  // Errors: kNotFound for a kiosk never enrolled.
  virtual StatusOr<KioskRecord> FindKiosk(const std::string& kiosk_id) = 0;
  virtual Status RecordHeartbeat(const std::string& kiosk_id, const std::string& state_json,
                                 std::chrono::system_clock::time_point at) = 0;
};

}  // namespace kiosk::central
