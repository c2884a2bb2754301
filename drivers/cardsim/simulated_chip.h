// The chip side of an ICAO 9303 identity document, in process: BAC, PACE (ECDH generic
// mapping, CAN or MRZ password), secure messaging, and a file system (EF.CardAccess, EF.COM,
// DG1, DG2, DG11, DG12, EF.SOD) built from a CardProfile, with EF.SOD signed by the test PKI.
//
// Transports feed it APDUs: LoopbackChannel in unit tests, the vpcd link in the card-emulator
// program. Not thread-safe: one transport at a time. Test and demo use only.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "drivers/card/card_channel.h"
#include "drivers/cardsim/card_profile.h"
#include "drivers/cardsim/test_pki.h"
#include "drivers/emrtd/apdu.h"
#include "drivers/emrtd/pace.h"
#include "drivers/emrtd/secure_messaging.h"

namespace kiosk::cardsim {

class SimulatedChip : public card::ApduHandler {
 public:
  // Loads a profile file and signs its EF.SOD with the test PKI in `pki_dir` (generated there
  // when missing).
  static StatusOr<std::unique_ptr<SimulatedChip>> FromProfile(const std::string& profile_path,
                                                              const std::string& pki_dir);
  static StatusOr<std::unique_ptr<SimulatedChip>> Create(const CardProfile& profile,
                                                         const TestPkiPaths& pki);
  ~SimulatedChip() override;

  card::Bytes Atr() const override;
  void Reset() override;
  card::Bytes HandleApdu(std::span<const uint8_t> command) override;

  const CardProfile& profile() const { return profile_; }
  // Test hooks: changes one byte of a data group after EF.SOD was signed (passive
  // authentication must then fail); counts refused authentications.
  void TamperDataGroup(int number);
  int refused_authentications() const { return refused_authentications_; }
  // The raw content of a file (0x0101 = DG1...), empty when absent.
  card::Bytes File(uint16_t file_id) const;

 private:
  explicit SimulatedChip(CardProfile profile);
  Status BuildFiles(const TestPkiPaths& pki);

  // Each handler returns the plain response; `bare` is set when the answer must go out
  // without secure messaging (the refused-read quirk).
  emrtd::ResponseApdu Dispatch(const emrtd::CommandApdu& command, bool* bare);
  emrtd::ResponseApdu Select(const emrtd::CommandApdu& command);
  emrtd::ResponseApdu ReadBinary(const emrtd::CommandApdu& command, bool* bare);
  emrtd::ResponseApdu GetChallenge(const emrtd::CommandApdu& command);
  emrtd::ResponseApdu ExternalAuthenticate(const emrtd::CommandApdu& command);
  emrtd::ResponseApdu SetAuthenticationTemplate(const emrtd::CommandApdu& command);
  emrtd::ResponseApdu GeneralAuthenticate(const emrtd::CommandApdu& command);
  std::string MrzInformation() const;

  CardProfile profile_;
  std::map<uint16_t, card::Bytes> master_files_;  // EF.CardAccess
  std::map<uint16_t, card::Bytes> emrtd_files_;   // EF.COM, DGs, EF.SOD

  // Session state, forgotten on Reset().
  bool application_selected_ = false;
  const card::Bytes* selected_file_ = nullptr;
  std::unique_ptr<emrtd::SecureMessaging> sm_;
  std::unique_ptr<emrtd::SecureMessaging> pending_sm_;  // starts after the current answer
  card::Bytes rnd_ic_;
  int pace_step_ = 0;
  emrtd::PacePasswordType pace_password_ = emrtd::PacePasswordType::kCan;
  std::unique_ptr<emrtd::PaceEcdh> ecdh_;
  card::Bytes nonce_;
  card::Bytes chip_public_;
  card::Bytes terminal_public_;
  card::Bytes k_enc_;
  card::Bytes k_mac_;
  int refused_authentications_ = 0;
};

}  // namespace kiosk::cardsim
