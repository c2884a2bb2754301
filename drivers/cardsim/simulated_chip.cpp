#include "drivers/cardsim/simulated_chip.h"

#include <algorithm>
#include <fstream>
#include <iterator>

#include "base/log.h"
#include "drivers/emrtd/bac.h"
#include "drivers/emrtd/card_access.h"
#include "drivers/emrtd/data_groups.h"
#include "drivers/emrtd/mrz.h"
#include "drivers/emrtd/passive_authentication.h"
#include "drivers/emrtd/tlv.h"

namespace kiosk::cardsim {

using emrtd::Bytes;
using emrtd::CommandApdu;
using emrtd::Concat;
using emrtd::EncodeTlv;
using emrtd::ResponseApdu;

namespace {

constexpr uint8_t kEmrtdAid[] = {0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01};

ResponseApdu Sw(uint16_t sw) { return ResponseApdu{{}, sw}; }
ResponseApdu Data(Bytes data) { return ResponseApdu{std::move(data), 0x9000}; }

Bytes Text(std::string_view text) { return Bytes(text.begin(), text.end()); }

void AppendTlv(Bytes& out, uint32_t tag, std::span<const uint8_t> value) {
  Bytes tlv = EncodeTlv(tag, value);
  out.insert(out.end(), tlv.begin(), tlv.end());
}

void Put16(Bytes& out, uint32_t v) {
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}
void Put32(Bytes& out, uint32_t v) {
  Put16(out, v >> 16);
  Put16(out, v);
}

// DG2: one face in an ISO 19794-5 record inside the biometric templates of 9303 part 10.
Bytes BuildDg2(Bytes jpeg, size_t target_size) {
  if (target_size > jpeg.size() + 200) {
    // Grow the image with JPEG comment segments right after SOI, as a big photo would.
    size_t missing = target_size - jpeg.size() - 200;
    Bytes comments;
    while (missing > 4) {
      size_t chunk = std::min<size_t>(missing - 4, 60000);
      comments.push_back(0xFF);
      comments.push_back(0xFE);
      Put16(comments, static_cast<uint32_t>(chunk + 2));
      for (size_t i = 0; i < chunk; ++i) comments.push_back(static_cast<uint8_t>('A' + i % 26));
      missing -= chunk + 4;
    }
    jpeg.insert(jpeg.begin() + 2, comments.begin(), comments.end());
  }
  Bytes face;
  Put32(face, static_cast<uint32_t>(20 + 12 + jpeg.size()));                  // block length
  Put16(face, 0);                                                             // feature points
  face.insert(face.end(), {0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00});  // gender F...
  face.insert(face.end(), {0x00, 0x00, 0x00, 0x00, 0x00, 0x00});              // pose, uncertainty
  face.insert(face.end(), {0x01, 0x00});                                      // full frontal, JPEG
  Put16(face, 96);
  Put16(face, 120);
  face.insert(face.end(), {0x01, 0x02, 0x00, 0x00, 0x00, 0x00});
  face.insert(face.end(), jpeg.begin(), jpeg.end());

  Bytes record = {'F', 'A', 'C', 0x00, '0', '1', '0', 0x00};
  Put32(record, static_cast<uint32_t>(14 + face.size()));
  Put16(record, 1);
  record.insert(record.end(), face.begin(), face.end());

  Bytes header;
  AppendTlv(header, 0x80, Bytes{0x01, 0x01});
  AppendTlv(header, 0x81, Bytes{0x02});
  AppendTlv(header, 0x87, Bytes{0x01, 0x01});
  AppendTlv(header, 0x88, Bytes{0x00, 0x08});
  Bytes info = Concat({EncodeTlv(0xA1, header), EncodeTlv(0x5F2E, record)});
  Bytes group = Concat({EncodeTlv(0x02, Bytes{0x01}), EncodeTlv(0x7F60, info)});
  return EncodeTlv(0x75, EncodeTlv(0x7F61, group));
}

}  // namespace

SimulatedChip::SimulatedChip(CardProfile profile) : profile_(std::move(profile)) {}

SimulatedChip::~SimulatedChip() {
  emrtd::SecureClear(k_enc_);
  emrtd::SecureClear(k_mac_);
  emrtd::SecureClear(nonce_);
}

StatusOr<std::unique_ptr<SimulatedChip>> SimulatedChip::FromProfile(const std::string& profile_path,
                                                                    const std::string& pki_dir) {
  KIOSK_ASSIGN_OR_RETURN(CardProfile profile, CardProfile::Load(profile_path));
  KIOSK_ASSIGN_OR_RETURN(TestPkiPaths pki, GenerateTestPki(pki_dir));
  return Create(profile, pki);
}

StatusOr<std::unique_ptr<SimulatedChip>> SimulatedChip::Create(const CardProfile& profile,
                                                               const TestPkiPaths& pki) {
  std::unique_ptr<SimulatedChip> chip(new SimulatedChip(profile));
  KIOSK_RETURN_IF_ERROR(chip->BuildFiles(pki));
  return chip;
}

Status SimulatedChip::BuildFiles(const TestPkiPaths& pki) {
  const CardProfile& p = profile_;
  if (p.pace) {
    emrtd::PaceInfo info;
    info.mapping = emrtd::PaceMapping::kEcdhGeneric;
    info.cipher = p.pace_cipher;
    info.parameter_id = p.pace_parameter_id;
    master_files_[0x011C] = emrtd::EncodeCardAccess({info});
  }
  if (!p.emrtd_application) return OkStatus();

  std::string mrz;
  for (const std::string& line : p.mrz) mrz += line;
  std::map<int, Bytes> groups;
  groups[1] = EncodeTlv(0x61, EncodeTlv(0x5F1F, Text(mrz)));
  if (!p.face_jpeg.empty()) {
    std::ifstream in(p.face_jpeg, std::ios::binary);
    if (!in) return NotFoundError("face image not found: " + p.face_jpeg);
    Bytes jpeg((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    groups[2] = BuildDg2(std::move(jpeg), p.dg2_size);
  }
  if (!p.full_name.empty() || !p.place_of_birth.empty()) {
    Bytes fields;
    Bytes tags;
    auto add = [&](uint32_t tag, const std::string& value) {
      if (value.empty()) return;
      tags.push_back(static_cast<uint8_t>(tag >> 8));
      tags.push_back(static_cast<uint8_t>(tag));
      AppendTlv(fields, tag, Text(value));
    };
    add(0x5F0E, p.full_name);
    add(0x5F2B, p.full_birth_date);
    add(0x5F11, p.place_of_birth);
    add(0x5F42, p.address);
    groups[11] = EncodeTlv(0x6B, Concat({EncodeTlv(0x5C, tags), fields}));
  }
  if (!p.issuing_authority.empty() || !p.date_of_issue.empty()) {
    Bytes fields;
    Bytes tags;
    if (!p.issuing_authority.empty()) {
      tags.insert(tags.end(), {0x5F, 0x19});
      AppendTlv(fields, 0x5F19, Text(p.issuing_authority));
    }
    if (!p.date_of_issue.empty()) {
      tags.insert(tags.end(), {0x5F, 0x26});
      AppendTlv(fields, 0x5F26, Text(p.date_of_issue));
    }
    groups[12] = EncodeTlv(0x6C, Concat({EncodeTlv(0x5C, tags), fields}));
  }

  Bytes tag_list;
  emrtd::SecurityObject lds;
  lds.algorithm = emrtd::HashAlgorithm::kSha256;
  for (const auto& [number, bytes] : groups) {
    tag_list.push_back(emrtd::DataGroupTag(number));
    KIOSK_ASSIGN_OR_RETURN(lds.hashes[number], emrtd::Hash(lds.algorithm, bytes));
    emrtd_files_[emrtd::DataGroupFileId(number)] = bytes;
  }
  emrtd_files_[0x011E] =
      EncodeTlv(0x60, Concat({EncodeTlv(0x5F01, Text("0107")), EncodeTlv(0x5F36, Text("040000")),
                              EncodeTlv(0x5C, tag_list)}));
  KIOSK_ASSIGN_OR_RETURN(emrtd_files_[0x011D],
                         SignSecurityObject(pki, emrtd::EncodeSecurityObject(lds)));
  return OkStatus();
}

card::Bytes SimulatedChip::Atr() const {
  // A contactless ISO 14443-4 card as PC/SC readers present it (PC/SC part 3 ATR, no
  // historical bytes beyond the minimum).
  return {0x3B, 0x80, 0x80, 0x01, 0x01};
}

void SimulatedChip::Reset() {
  application_selected_ = false;
  selected_file_ = nullptr;
  sm_.reset();
  pending_sm_.reset();
  rnd_ic_.clear();
  pace_step_ = 0;
  ecdh_.reset();
  emrtd::SecureClear(nonce_);
  emrtd::SecureClear(k_enc_);
  emrtd::SecureClear(k_mac_);
}

void SimulatedChip::TamperDataGroup(int number) {
  auto it = emrtd_files_.find(emrtd::DataGroupFileId(number));
  if (it != emrtd_files_.end() && !it->second.empty()) it->second.back() ^= 0x01;
}

card::Bytes SimulatedChip::File(uint16_t file_id) const {
  auto it = emrtd_files_.find(file_id);
  if (it != emrtd_files_.end()) return it->second;
  auto master = master_files_.find(file_id);
  return master != master_files_.end() ? master->second : card::Bytes{};
}

std::string SimulatedChip::MrzInformation() const {
  auto mrz = emrtd::ParseMrz(profile_.mrz, emrtd::TodayUtc());
  if (!mrz.ok()) return "";
  return emrtd::BacMrzInformation(mrz->document_number, mrz->birth_yymmdd, mrz->expiry_yymmdd);
}

card::Bytes SimulatedChip::HandleApdu(std::span<const uint8_t> raw) {
  auto parsed = CommandApdu::Parse(raw);
  if (!parsed.ok()) return Sw(0x6700).Encode();
  CommandApdu command = std::move(*parsed);

  bool protected_command = (command.cla & 0x0C) == 0x0C;
  if (protected_command) {
    if (!sm_) return Sw(0x6988).Encode();
    auto plain = sm_->UnprotectCommand(command);
    if (!plain.ok()) {
      // A wrong MAC ends the secure session, as on a real chip.
      sm_.reset();
      return Sw(0x6988).Encode();
    }
    command = std::move(*plain);
  } else if (sm_) {
    // A plain command during secure messaging aborts the session.
    sm_.reset();
    application_selected_ = false;
  }

  bool bare = false;
  ResponseApdu response = Dispatch(command, &bare);
  if (pending_sm_) {
    // BAC and PACE answer in plain; secure messaging starts with the next command.
    sm_ = std::move(pending_sm_);
    return response.Encode();
  }
  if (!protected_command || !sm_ || bare) return response.Encode();
  auto wrapped = sm_->ProtectResponse(response);
  if (!wrapped.ok()) return Sw(0x6F00).Encode();
  return wrapped->Encode();
}

ResponseApdu SimulatedChip::Dispatch(const CommandApdu& command, bool* bare) {
  switch (command.ins) {
    case 0xA4:
      return Select(command);
    case 0xB0:
      return ReadBinary(command, bare);
    case 0x84:
      return GetChallenge(command);
    case 0x82:
      return ExternalAuthenticate(command);
    case 0x22:
      return SetAuthenticationTemplate(command);
    case 0x86:
      return GeneralAuthenticate(command);
    default:
      return Sw(0x6D00);
  }
}

ResponseApdu SimulatedChip::Select(const CommandApdu& command) {
  if (command.p1 == 0x04) {
    bool match = command.data.size() == sizeof(kEmrtdAid) &&
                 std::equal(command.data.begin(), command.data.end(), kEmrtdAid);
    if (!match || !profile_.emrtd_application) return Sw(0x6A82);
    application_selected_ = true;
    selected_file_ = nullptr;
    return Sw(0x9000);
  }
  if ((command.p1 != 0x02 && command.p1 != 0x00) || command.data.size() != 2) {
    return Sw(0x6A86);
  }
  uint16_t id = static_cast<uint16_t>(command.data[0] << 8 | command.data[1]);
  if (command.p1 == 0x00 && id == 0x3F00) {
    application_selected_ = false;
    selected_file_ = nullptr;
    return Sw(0x9000);
  }
  const auto& files = application_selected_ ? emrtd_files_ : master_files_;
  auto it = files.find(id);
  if (it == files.end()) return Sw(0x6A82);
  // The eMRTD files are readable only after BAC or PACE.
  if (application_selected_ && !sm_) return Sw(0x6982);
  selected_file_ = &it->second;
  return Sw(0x9000);
}

ResponseApdu SimulatedChip::ReadBinary(const CommandApdu& command, bool* bare) {
  if (command.p1 & 0x80) return Sw(0x6A81);  // short file identifiers not simulated
  if (selected_file_ == nullptr) return Sw(0x6986);
  if (profile_.refuse_256_byte_reads && command.ne >= 256) {
    // The quirk of some chips: a read of 256 bytes or more is refused with a bare 6700,
    // without secure messaging, although the reader sent it correctly.
    *bare = true;
    return Sw(0x6700);
  }
  size_t offset = static_cast<size_t>(command.p1) << 8 | command.p2;
  const Bytes& file = *selected_file_;
  if (offset > file.size()) return Sw(0x6B00);
  size_t count = std::min(command.ne == 0 ? size_t{256} : command.ne, file.size() - offset);
  Bytes data(file.begin() + static_cast<std::ptrdiff_t>(offset),
             file.begin() + static_cast<std::ptrdiff_t>(offset + count));
  if (count < command.ne && offset + count == file.size() && count == 0) return Sw(0x6282);
  return Data(std::move(data));
}

ResponseApdu SimulatedChip::GetChallenge(const CommandApdu& command) {
  if (!profile_.bac || command.ne != 8) return Sw(0x6D00);
  auto rnd = emrtd::RandomBytes(8);
  if (!rnd.ok()) return Sw(0x6F00);
  rnd_ic_ = *rnd;
  return Data(rnd_ic_);
}

ResponseApdu SimulatedChip::ExternalAuthenticate(const CommandApdu& command) {
  if (!profile_.bac || rnd_ic_.size() != 8) return Sw(0x6985);
  if (command.data.size() != 40) return Sw(0x6700);
  Bytes rnd_ic = std::move(rnd_ic_);
  rnd_ic_.clear();

  auto refuse = [this]() {
    ++refused_authentications_;
    return Sw(0x6300);
  };
  auto seed = emrtd::BacKeySeed(MrzInformation());
  if (!seed.ok()) return Sw(0x6F00);
  auto keys = emrtd::DeriveBacKeys(*seed);
  if (!keys.ok()) return Sw(0x6F00);
  std::span<const uint8_t> e_ifd(command.data.data(), 32);
  std::span<const uint8_t> m_ifd(command.data.data() + 32, 8);
  auto mac = emrtd::Mac(emrtd::Cipher::k3Des, keys->k_mac, emrtd::Pad(e_ifd, 8));
  if (!mac.ok() || !emrtd::EqualConstantTime(*mac, m_ifd)) return refuse();
  Bytes zero(8, 0);
  auto s = emrtd::DecryptCbc(emrtd::Cipher::k3Des, keys->k_enc, zero, e_ifd);
  if (!s.ok() || !std::equal(rnd_ic.begin(), rnd_ic.end(), s->begin() + 8)) return refuse();
  Bytes rnd_ifd(s->begin(), s->begin() + 8);
  Bytes k_ifd(s->begin() + 16, s->end());

  auto k_ic = emrtd::RandomBytes(16);
  if (!k_ic.ok()) return Sw(0x6F00);
  Bytes r = Concat({rnd_ic, rnd_ifd, *k_ic});
  auto e_ic = emrtd::EncryptCbc(emrtd::Cipher::k3Des, keys->k_enc, zero, r);
  if (!e_ic.ok()) return Sw(0x6F00);
  auto m_ic = emrtd::Mac(emrtd::Cipher::k3Des, keys->k_mac, emrtd::Pad(*e_ic, 8));
  if (!m_ic.ok()) return Sw(0x6F00);

  Bytes k_seed(16);
  for (size_t i = 0; i < 16; ++i) k_seed[i] = k_ifd[i] ^ (*k_ic)[i];
  auto session = emrtd::DeriveBacKeys(k_seed);
  if (!session.ok()) return Sw(0x6F00);
  // The response to EXTERNAL AUTHENTICATE is still plain; the session starts after it.
  Bytes answer = Concat({*e_ic, *m_ic});
  pending_sm_ =
      std::make_unique<emrtd::SecureMessaging>(emrtd::Cipher::k3Des, session->k_enc, session->k_mac,
                                               emrtd::BacSendSequenceCounter(rnd_ic, rnd_ifd));
  return Data(std::move(answer));
}

ResponseApdu SimulatedChip::SetAuthenticationTemplate(const CommandApdu& command) {
  if (!profile_.pace || command.p1 != 0xC1 || command.p2 != 0xA4) return Sw(0x6A86);
  auto objects = emrtd::ParseTlvList(command.data);
  if (!objects.ok()) return Sw(0x6A80);
  Bytes oid;
  int password = 0;
  for (const emrtd::Tlv& object : *objects) {
    if (object.tag == 0x80) oid.assign(object.value.begin(), object.value.end());
    if (object.tag == 0x83 && object.value.size() == 1) password = object.value[0];
  }
  if (oid != emrtd::PaceOid(emrtd::PaceMapping::kEcdhGeneric, profile_.pace_cipher)) {
    return Sw(0x6A80);
  }
  if (password == 2) {
    pace_password_ = emrtd::PacePasswordType::kCan;
  } else if (password == 1) {
    pace_password_ = emrtd::PacePasswordType::kMrz;
  } else {
    return Sw(0x6A88);
  }
  auto ecdh = emrtd::PaceEcdh::ForParameterId(profile_.pace_parameter_id);
  if (!ecdh.ok()) return Sw(0x6A80);
  ecdh_ = std::move(*ecdh);
  sm_.reset();
  application_selected_ = false;
  pace_step_ = 1;
  return Sw(0x9000);
}

ResponseApdu SimulatedChip::GeneralAuthenticate(const CommandApdu& command) {
  if (pace_step_ == 0 || !ecdh_) return Sw(0x6985);
  auto outer = emrtd::ParseTlv(command.data);
  if (!outer.ok() || outer->tag != 0x7C) return Sw(0x6A80);
  emrtd::Cipher cipher = profile_.pace_cipher;
  auto fail = [this](uint16_t sw) {
    pace_step_ = 0;
    ecdh_.reset();
    return Sw(sw);
  };
  auto inner = [&](uint32_t tag) -> StatusOr<Bytes> {
    KIOSK_ASSIGN_OR_RETURN(emrtd::Tlv t, emrtd::FindTlv(outer->value, tag));
    return Bytes(t.value.begin(), t.value.end());
  };

  switch (pace_step_) {
    case 1: {
      auto s = emrtd::RandomBytes(emrtd::BlockSize(cipher));
      std::string secret =
          pace_password_ == emrtd::PacePasswordType::kCan ? profile_.can : MrzInformation();
      auto k_pi = emrtd::PacePasswordKey(cipher, pace_password_, secret);
      if (!s.ok() || !k_pi.ok()) return fail(0x6F00);
      auto z = emrtd::EncryptCbc(cipher, *k_pi, Bytes(emrtd::BlockSize(cipher), 0), *s);
      if (!z.ok()) return fail(0x6F00);
      nonce_ = *s;
      pace_step_ = 2;
      return Data(EncodeTlv(0x7C, EncodeTlv(0x80, *z)));
    }
    case 2: {
      auto peer = inner(0x81);
      if (!peer.ok()) return fail(0x6A80);
      auto own = ecdh_->StartMapping();
      if (!own.ok() || !ecdh_->FinishMapping(nonce_, *peer).ok()) return fail(0x6A80);
      emrtd::SecureClear(nonce_);
      pace_step_ = 3;
      return Data(EncodeTlv(0x7C, EncodeTlv(0x82, *own)));
    }
    case 3: {
      auto peer = inner(0x83);
      if (!peer.ok()) return fail(0x6A80);
      auto own = ecdh_->StartAgreement();
      if (!own.ok()) return fail(0x6F00);
      auto secret = ecdh_->SharedSecret(*peer);
      if (!secret.ok()) return fail(0x6A80);
      auto k_enc = emrtd::DeriveKey(cipher, *secret, 1);
      auto k_mac = emrtd::DeriveKey(cipher, *secret, 2);
      if (!k_enc.ok() || !k_mac.ok()) return fail(0x6F00);
      k_enc_ = *k_enc;
      k_mac_ = *k_mac;
      chip_public_ = *own;
      terminal_public_ = *peer;
      pace_step_ = 4;
      return Data(EncodeTlv(0x7C, EncodeTlv(0x84, *own)));
    }
    case 4: {
      auto token = inner(0x85);
      Bytes oid = emrtd::PaceOid(emrtd::PaceMapping::kEcdhGeneric, cipher);
      auto expected = emrtd::PaceAuthenticationToken(cipher, k_mac_, oid, chip_public_);
      if (!token.ok() || !expected.ok() || !emrtd::EqualConstantTime(*token, *expected)) {
        // Wrong password: the terminal derived other keys. 63Cx would give the tries left;
        // the simulator has no retry counter.
        ++refused_authentications_;
        return fail(0x6300);
      }
      auto own_token = emrtd::PaceAuthenticationToken(cipher, k_mac_, oid, terminal_public_);
      if (!own_token.ok()) return fail(0x6F00);
      pending_sm_ = std::make_unique<emrtd::SecureMessaging>(cipher, k_enc_, k_mac_,
                                                             Bytes(emrtd::BlockSize(cipher), 0));
      emrtd::SecureClear(k_enc_);
      emrtd::SecureClear(k_mac_);
      pace_step_ = 0;
      ecdh_.reset();
      return Data(EncodeTlv(0x7C, EncodeTlv(0x86, *own_token)));
    }
    default:
      return fail(0x6985);
  }
}

}  // namespace kiosk::cardsim
