// Everything the kiosk knows about the person in front of it, in one place, so that ending a
// session can wipe all of it: identity read from the card, answers, photo, the text being
// typed, the CAN, and the citizen's display preferences.
//
// Thread: owned and used by the drawing thread only (the flow). Jobs that outlive a session
// (sending, printing) take copies of what they need, never a reference to the session.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace kiosk::session {

// Where the identity came from; the submission's identity_source.
enum class IdentitySource { kNone, kChipVerified, kChipUnverified, kTyped };
std::string_view IdentitySourceName(IdentitySource source);

// What the chip (DG1, DG2) gives. Names are as in the MRZ: upper case, no accents.
struct CardIdentity {
  std::string surname;
  std::string given_names;
  std::string birth_date;  // YYYY-MM-DD
  std::string nationality;
  std::string document_number;
  std::vector<std::uint8_t> photo;  // JPEG or JPEG 2000 from DG2; may be empty
  IdentitySource source = IdentitySource::kChipUnverified;
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

class CitizenSession {
 public:
  CitizenSession() = default;
  ~CitizenSession() { Wipe(); }
  CitizenSession(const CitizenSession&) = delete;
  CitizenSession& operator=(const CitizenSession&) = delete;

  // Zeroes and clears every field; preferences go back to `defaults`.
  void Wipe(const DisplayPreferences& defaults = {});

  // True when nothing of a citizen is held (after Wipe()).
  bool Empty() const;

  bool has_identity() const { return has_identity_; }
  const CardIdentity& identity() const { return identity_; }
  void SetIdentity(CardIdentity identity);

  // The text buffer of the field being edited (answer in progress, CAN, agent id...).
  std::string& input() { return input_; }
  const std::string& input() const { return input_; }

  std::map<std::string, std::string>& answers() { return answers_; }
  const std::map<std::string, std::string>& answers() const { return answers_; }

  std::string procedure_id;
  std::string assisted_by;  // staff member's id in assisted mode, else empty
  bool card_present = false;
  DisplayPreferences preferences;

 private:
  bool has_identity_ = false;
  CardIdentity identity_;
  std::string input_;
  std::map<std::string, std::string> answers_;
};

}  // namespace kiosk::session
