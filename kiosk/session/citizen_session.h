// Everything the kiosk knows about the person in front of it, in one place, so that ending a
// session can wipe all of it: identity read from the card, the procedure being filled with
// its answers, photo, the text being typed, and the citizen's display preferences.
//
// Thread: owned and used by the drawing thread only (the flow). Jobs that outlive a session
// (sending, printing) take copies of what they need, never a reference to the session.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/procedure/session.h"
#include "kiosk/procedure/submission.h"

namespace kiosk::session {

using procedure::IdentitySource;

// What the chip gives (DG1, DG2, DG11). Names from DG1 are as in the MRZ: upper case, no
// accents; DG11 may add the full name and place of birth with accents.
struct CardIdentity {
  std::string surname;
  std::string given_names;
  std::string birth_date;  // YYYY-MM-DD, or empty
  std::string sex;         // "F", "M", "X" or empty
  std::string nationality;
  std::string document_number;
  std::string expiry_date;          // YYYY-MM-DD, or empty
  std::string place_of_birth;       // DG11, may be empty
  std::vector<std::uint8_t> photo;  // JPEG or JPEG 2000 from DG2; may be empty
  IdentitySource source = IdentitySource::kChipUnverified;

  // The fields the procedure engine prefills from.
  procedure::IdentityData ToIdentityData() const;
  void Wipe();
};

// Accessibility and language choices: reset with the session, so the next citizen starts
// from the kiosk's defaults.
struct DisplayPreferences {
  std::string language;
  int text_percent = 100;  // 100, 150 or 200
  bool high_contrast = false;
  bool audio = false;
};

// Overwrites the bytes of `text` (including spare capacity) before clearing it. The compiler
// may not drop the writes: they go through a volatile pointer.
void WipeString(std::string& text);
void WipeBytes(std::vector<std::uint8_t>& bytes);
// Overwrites every string held in `value` (recursively), then makes it null.
void WipeJson(nlohmann::json& value);

class CitizenSession {
 public:
  CitizenSession() = default;
  ~CitizenSession() { Wipe(); }
  CitizenSession(const CitizenSession&) = delete;
  CitizenSession& operator=(const CitizenSession&) = delete;

  // Zeroes and clears every field, ends the procedure; preferences go back to `defaults`.
  void Wipe(const DisplayPreferences& defaults = {});
  // True when nothing of a citizen is held (after Wipe()).
  bool Empty() const;

  bool has_identity() const { return has_identity_; }
  const CardIdentity& identity() const { return identity_; }
  void SetIdentity(CardIdentity identity);

  // The text buffer of the field being edited (answer in progress, CAN, agent id...).
  std::string& input() { return input_; }
  const std::string& input() const { return input_; }
  // The parts of an address being edited (street, complement, postcode, commune).
  std::vector<std::string>& parts() { return parts_; }
  const std::vector<std::string>& parts() const { return parts_; }
  void ClearInput();

  // The procedure being filled, with its answers; nullptr before one is chosen.
  procedure::ProcedureSession* procedure() { return procedure_.get(); }
  const procedure::ProcedureSession* procedure() const { return procedure_.get(); }
  void StartProcedure(std::unique_ptr<procedure::ProcedureSession> session);
  void EndProcedure();

  std::string assisted_by;  // staff member's id in assisted mode, else empty
  bool card_present = false;
  DisplayPreferences preferences;

 private:
  bool has_identity_ = false;
  CardIdentity identity_;
  std::string input_;
  std::vector<std::string> parts_;
  std::unique_ptr<procedure::ProcedureSession> procedure_;
};

}  // namespace kiosk::session
