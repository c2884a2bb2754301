#include "drivers/emrtd/secure_messaging.h"

#include <utility>

#include "drivers/emrtd/tlv.h"

namespace kiosk::emrtd {
namespace {

Bytes LeBytes(size_t ne, bool extended) {
  if (extended) {
    size_t le = ne >= 65536 ? 0 : ne;
    return {static_cast<uint8_t>(le >> 8), static_cast<uint8_t>(le)};
  }
  return {static_cast<uint8_t>(ne >= 256 ? 0 : ne)};
}

size_t NeFromDo97(std::span<const uint8_t> value) {
  if (value.size() == 1) return value[0] == 0 ? 256 : value[0];
  if (value.size() == 2) {
    size_t le = static_cast<size_t>(value[0]) << 8 | value[1];
    return le == 0 ? 65536 : le;
  }
  return 0;
}

}  // namespace

SecureMessaging::SecureMessaging(Cipher cipher, Bytes k_enc, Bytes k_mac, Bytes ssc)
    : cipher_(cipher), k_enc_(std::move(k_enc)), k_mac_(std::move(k_mac)), ssc_(std::move(ssc)) {}

SecureMessaging::~SecureMessaging() {
  SecureClear(k_enc_);
  SecureClear(k_mac_);
  SecureClear(ssc_);
}

void SecureMessaging::IncrementCounter(Bytes& counter) {
  for (size_t i = counter.size(); i > 0; --i) {
    if (++counter[i - 1] != 0) return;
  }
}

StatusOr<Bytes> SecureMessaging::Iv() {
  Bytes zero(BlockSize(cipher_), 0);
  if (cipher_ == Cipher::k3Des) return zero;
  // AES: IV = E(K_enc, SSC), one block, which is CBC with a zero IV.
  return EncryptCbc(cipher_, k_enc_, zero, ssc_);
}

StatusOr<Bytes> SecureMessaging::Encrypt(std::span<const uint8_t> plain) {
  KIOSK_ASSIGN_OR_RETURN(Bytes iv, Iv());
  return EncryptCbc(cipher_, k_enc_, iv, Pad(plain, BlockSize(cipher_)));
}

StatusOr<Bytes> SecureMessaging::Decrypt(std::span<const uint8_t> cryptogram) {
  KIOSK_ASSIGN_OR_RETURN(Bytes iv, Iv());
  KIOSK_ASSIGN_OR_RETURN(Bytes padded, DecryptCbc(cipher_, k_enc_, iv, cryptogram));
  auto plain = Unpad(padded);
  SecureClear(padded);
  return plain;
}

StatusOr<Bytes> SecureMessaging::ComputeMac(std::span<const uint8_t> input) {
  Bytes data = ssc_;
  data.insert(data.end(), input.begin(), input.end());
  return Mac(cipher_, k_mac_, Pad(data, BlockSize(cipher_)));
}

StatusOr<CommandApdu> SecureMessaging::ProtectCommand(const CommandApdu& plain) {
  IncrementCounter(ssc_);
  bool extended = plain.NeedsExtended();

  CommandApdu out;
  out.cla = static_cast<uint8_t>(plain.cla | 0x0C);
  out.ins = plain.ins;
  out.p1 = plain.p1;
  out.p2 = plain.p2;

  Bytes header = Pad(Bytes{out.cla, out.ins, out.p1, out.p2}, BlockSize(cipher_));
  Bytes do87;
  if (!plain.data.empty()) {
    KIOSK_ASSIGN_OR_RETURN(Bytes cryptogram, Encrypt(plain.data));
    Bytes value = {0x01};
    value.insert(value.end(), cryptogram.begin(), cryptogram.end());
    do87 = EncodeTlv(0x87, value);
  }
  Bytes do97;
  if (plain.ne > 0) do97 = EncodeTlv(0x97, LeBytes(plain.ne, extended));

  KIOSK_ASSIGN_OR_RETURN(Bytes mac, ComputeMac(Concat({header, do87, do97})));
  out.data = Concat({do87, do97, EncodeTlv(0x8E, mac)});
  out.ne = extended ? 65536 : 256;
  out.force_extended = extended || out.data.size() > 255;
  return out;
}

StatusOr<ResponseApdu> SecureMessaging::UnprotectResponse(std::span<const uint8_t> raw) {
  KIOSK_ASSIGN_OR_RETURN(ResponseApdu response, ResponseApdu::Parse(raw));
  if (response.data.empty()) {
    if (response.sw == 0x9000) {
      return DataLossError("secure messaging: success answer without a MAC");
    }
    // An unprotected error: nothing to verify, and the chip did not count a response.
    return response;
  }

  IncrementCounter(ssc_);
  KIOSK_ASSIGN_OR_RETURN(std::vector<Tlv> objects, ParseTlvList(response.data));
  const Tlv* do87 = nullptr;
  const Tlv* do99 = nullptr;
  const Tlv* do8e = nullptr;
  for (const Tlv& object : objects) {
    if (object.tag == 0x87) do87 = &object;
    if (object.tag == 0x99) do99 = &object;
    if (object.tag == 0x8E) do8e = &object;
  }
  if (do8e == nullptr) return DataLossError("secure messaging: response without a MAC");
  if (do99 == nullptr || do99->value.size() != 2) {
    return InvalidInputError("secure messaging: response without a status object");
  }

  Bytes mac_input;
  for (const Tlv& object : objects) {
    if (object.tag == 0x87 || object.tag == 0x99) {
      mac_input.insert(mac_input.end(), object.whole.begin(), object.whole.end());
    }
  }
  KIOSK_ASSIGN_OR_RETURN(Bytes mac, ComputeMac(mac_input));
  if (!EqualConstantTime(mac, do8e->value)) {
    return DataLossError("secure messaging: response MAC does not match");
  }

  ResponseApdu plain;
  plain.sw = static_cast<uint16_t>(do99->value[0] << 8 | do99->value[1]);
  if (do87 != nullptr) {
    if (do87->value.empty() || do87->value[0] != 0x01) {
      return InvalidInputError("secure messaging: unknown padding indicator");
    }
    KIOSK_ASSIGN_OR_RETURN(plain.data, Decrypt(do87->value.subspan(1)));
  }
  return plain;
}

StatusOr<CommandApdu> SecureMessaging::UnprotectCommand(const CommandApdu& protected_command) {
  IncrementCounter(ssc_);
  if ((protected_command.cla & 0x0C) != 0x0C) {
    return InvalidInputError("secure messaging: command is not protected");
  }
  KIOSK_ASSIGN_OR_RETURN(std::vector<Tlv> objects, ParseTlvList(protected_command.data));
  const Tlv* do87 = nullptr;
  const Tlv* do97 = nullptr;
  const Tlv* do8e = nullptr;
  Bytes mac_input = Pad(Bytes{protected_command.cla, protected_command.ins, protected_command.p1,
                              protected_command.p2},
                        BlockSize(cipher_));
  for (const Tlv& object : objects) {
    if (object.tag == 0x87) do87 = &object;
    if (object.tag == 0x97) do97 = &object;
    if (object.tag == 0x8E) do8e = &object;
    if (object.tag == 0x87 || object.tag == 0x97) {
      mac_input.insert(mac_input.end(), object.whole.begin(), object.whole.end());
    }
  }
  if (do8e == nullptr) return DataLossError("secure messaging: command without a MAC");
  KIOSK_ASSIGN_OR_RETURN(Bytes mac, ComputeMac(mac_input));
  if (!EqualConstantTime(mac, do8e->value)) {
    return DataLossError("secure messaging: command MAC does not match");
  }

  CommandApdu plain;
  plain.cla = static_cast<uint8_t>(protected_command.cla & ~0x0C);
  plain.ins = protected_command.ins;
  plain.p1 = protected_command.p1;
  plain.p2 = protected_command.p2;
  if (do97 != nullptr) plain.ne = NeFromDo97(do97->value);
  if (do87 != nullptr) {
    if (do87->value.empty() || do87->value[0] != 0x01) {
      return InvalidInputError("secure messaging: unknown padding indicator");
    }
    KIOSK_ASSIGN_OR_RETURN(plain.data, Decrypt(do87->value.subspan(1)));
  }
  return plain;
}

StatusOr<ResponseApdu> SecureMessaging::ProtectResponse(const ResponseApdu& plain) {
  IncrementCounter(ssc_);
  Bytes do87;
  if (!plain.data.empty()) {
    KIOSK_ASSIGN_OR_RETURN(Bytes cryptogram, Encrypt(plain.data));
    Bytes value = {0x01};
    value.insert(value.end(), cryptogram.begin(), cryptogram.end());
    do87 = EncodeTlv(0x87, value);
  }
  Bytes do99 =
      EncodeTlv(0x99, Bytes{static_cast<uint8_t>(plain.sw >> 8), static_cast<uint8_t>(plain.sw)});
  KIOSK_ASSIGN_OR_RETURN(Bytes mac, ComputeMac(Concat({do87, do99})));
  ResponseApdu out;
  out.data = Concat({do87, do99, EncodeTlv(0x8E, mac)});
  out.sw = plain.sw;
  return out;
}

}  // namespace kiosk::emrtd
