#include "kiosk/session/citizen_session.h"

#include <cstddef>

namespace kiosk::session {
namespace {

// A plain memset before a free may be optimised away; writes through a volatile pointer are
// not.
void ZeroBytes(void* data, std::size_t size) {
  volatile unsigned char* p = static_cast<volatile unsigned char*>(data);
  for (std::size_t i = 0; i < size; ++i) p[i] = 0;
}

}  // namespace

std::string_view IdentitySourceName(IdentitySource source) {
  switch (source) {
    case IdentitySource::kNone:
      return "none";
    case IdentitySource::kChipVerified:
      return "chip_verified";
    case IdentitySource::kChipUnverified:
      return "chip_unverified";
    case IdentitySource::kTyped:
      return "typed";
  }
  return "none";
}

void WipeString(std::string& text) {
  // The whole capacity: a shorter value may have been written over a longer one.
  text.resize(text.capacity());
  ZeroBytes(text.data(), text.size());
  text.clear();
  text.shrink_to_fit();
}

void WipeBytes(std::vector<std::uint8_t>& bytes) {
  bytes.resize(bytes.capacity());
  ZeroBytes(bytes.data(), bytes.size());
  bytes.clear();
  bytes.shrink_to_fit();
}

void CitizenSession::SetIdentity(CardIdentity identity) {
  WipeString(identity_.surname);
  WipeString(identity_.given_names);
  WipeString(identity_.birth_date);
  WipeString(identity_.document_number);
  WipeBytes(identity_.photo);
  identity_ = std::move(identity);
  has_identity_ = true;
}

void CitizenSession::Wipe(const DisplayPreferences& defaults) {
  WipeString(identity_.surname);
  WipeString(identity_.given_names);
  WipeString(identity_.birth_date);
  WipeString(identity_.nationality);
  WipeString(identity_.document_number);
  WipeBytes(identity_.photo);
  identity_.source = IdentitySource::kNone;
  has_identity_ = false;

  WipeString(input_);
  for (auto& [key, value] : answers_) WipeString(value);
  answers_.clear();
  WipeString(procedure_id);
  WipeString(assisted_by);
  card_present = false;
  preferences = defaults;
}

bool CitizenSession::Empty() const {
  return !has_identity_ && identity_.surname.empty() && identity_.given_names.empty() &&
         identity_.birth_date.empty() && identity_.document_number.empty() &&
         identity_.photo.empty() && input_.empty() && answers_.empty() && procedure_id.empty() &&
         assisted_by.empty();
}

}  // namespace kiosk::session
