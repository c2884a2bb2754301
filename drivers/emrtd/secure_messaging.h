// Secure messaging (ICAO 9303 part 11 section 9.8) for both ends of the link: the reader
// protects commands and unprotects responses; the simulated chip does the reverse.
//
// The send sequence counter (SSC) is an unsigned big-endian integer as wide as the cipher's
// block, incremented (with carry across bytes, wrapping at the top) before each protected
// command and before each protected response. A response made only of an error status word
// (the chip rejected the command before or outside secure messaging, e.g. a bare 6700) has
// no MAC to check: it is returned as is and does NOT advance the counter, so the session
// carries on with the next command. A bare 9000 is refused: success without a MAC could be
// forged.
//
// Not thread-safe; one instance per card session. Keys are cleared on destruction.
#pragma once

#include <span>

#include "base/status.h"
#include "drivers/emrtd/apdu.h"
#include "drivers/emrtd/crypto.h"

namespace kiosk::emrtd {

class SecureMessaging {
 public:
  // REQUIRES: key sizes match `cipher`; ssc is BlockSize(cipher) bytes.
  SecureMessaging(Cipher cipher, Bytes k_enc, Bytes k_mac, Bytes ssc);
  ~SecureMessaging();
  SecureMessaging(const SecureMessaging&) = delete;
  SecureMessaging& operator=(const SecureMessaging&) = delete;

  Cipher cipher() const { return cipher_; }
  const Bytes& ssc() const { return ssc_; }

  // Reader side.
  StatusOr<CommandApdu> ProtectCommand(const CommandApdu& plain);
  // DataLoss when the MAC is missing or wrong (the session must then end); InvalidInput
  // when the response is malformed.
  StatusOr<ResponseApdu> UnprotectResponse(std::span<const uint8_t> raw);

  // Chip side.
  StatusOr<CommandApdu> UnprotectCommand(const CommandApdu& protected_command);
  StatusOr<ResponseApdu> ProtectResponse(const ResponseApdu& plain);

  // Adds one to a big-endian unsigned counter, carrying across bytes; all-FF wraps to zero.
  static void IncrementCounter(Bytes& counter);

 private:
  StatusOr<Bytes> Iv();
  StatusOr<Bytes> Encrypt(std::span<const uint8_t> plain);
  StatusOr<Bytes> Decrypt(std::span<const uint8_t> cryptogram);
  StatusOr<Bytes> ComputeMac(std::span<const uint8_t> input);

  Cipher cipher_;
  Bytes k_enc_;
  Bytes k_mac_;
  Bytes ssc_;
};

}  // namespace kiosk::emrtd
