#include "kiosk/session/citizen_session.h"

#include "base/wipe.h"

namespace kiosk::session {

void WipeString(std::string& text) { kiosk::WipeString(text); }

void WipeBytes(std::vector<std::uint8_t>& bytes) { kiosk::WipeBytes(bytes); }

void WipeJson(nlohmann::json& value) { procedure::WipeJson(value); }

procedure::IdentityData CardIdentity::ToIdentityData() const {
  procedure::IdentityData data;
  data.surname = surname;
  data.given_names = given_names;
  data.birth_date = birth_date;
  data.sex = sex;
  data.nationality = nationality;
  data.document_number = document_number;
  data.document_expiry = expiry_date;
  data.place_of_birth = place_of_birth;
  return data;
}

void CardIdentity::Wipe() {
  for (std::string* text : {&surname, &given_names, &birth_date, &sex, &nationality,
                            &document_number, &expiry_date, &place_of_birth}) {
    WipeString(*text);
  }
  WipeBytes(photo);
  source = IdentitySource::kNone;
}

void CitizenSession::SetIdentity(CardIdentity identity) {
  identity_.Wipe();
  identity_ = std::move(identity);
  has_identity_ = true;
}

void CitizenSession::ClearInput() {
  WipeString(input_);
  for (auto& part : parts_) WipeString(part);
  parts_.clear();
}

void CitizenSession::StartProcedure(std::unique_ptr<procedure::ProcedureSession> session) {
  EndProcedure();
  procedure_ = std::move(session);
}

void CitizenSession::EndProcedure() {
  if (procedure_) procedure_->Wipe();
  procedure_.reset();
}

void CitizenSession::Wipe(const DisplayPreferences& defaults) {
  identity_.Wipe();
  has_identity_ = false;
  ClearInput();
  EndProcedure();
  WipeString(assisted_by);
  card_present = false;
  preferences = defaults;
}

bool CitizenSession::Empty() const {
  return !has_identity_ && identity_.surname.empty() && identity_.given_names.empty() &&
         identity_.birth_date.empty() && identity_.document_number.empty() &&
         identity_.place_of_birth.empty() && identity_.photo.empty() && input_.empty() &&
         parts_.empty() && procedure_ == nullptr && assisted_by.empty();
}

}  // namespace kiosk::session
