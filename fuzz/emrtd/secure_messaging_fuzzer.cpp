// Secure messaging: unwrapping a response (reader side) and a command (chip side) from any
// bytes gives a plain APDU or an error, never a crash; a forged success never passes.
#include <cstdint>
#include <span>

#include "drivers/emrtd/apdu.h"
#include "drivers/emrtd/secure_messaging.h"

using kiosk::emrtd::Bytes;
using kiosk::emrtd::Cipher;
using kiosk::emrtd::SecureMessaging;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  Cipher cipher = (data[0] & 1) ? Cipher::kAes256 : Cipher::k3Des;
  std::span<const uint8_t> input(data + 1, size - 1);
  SecureMessaging reader(cipher, Bytes(kiosk::emrtd::KeySize(cipher), 0x11),
                         Bytes(kiosk::emrtd::KeySize(cipher), 0x22),
                         Bytes(kiosk::emrtd::BlockSize(cipher), 0x00));
  auto response = reader.UnprotectResponse(input);
  if (response.ok() && response->sw == 0x9000 && input.size() <= 2) __builtin_trap();

  SecureMessaging chip(cipher, Bytes(kiosk::emrtd::KeySize(cipher), 0x11),
                       Bytes(kiosk::emrtd::KeySize(cipher), 0x22),
                       Bytes(kiosk::emrtd::BlockSize(cipher), 0x00));
  auto command = kiosk::emrtd::CommandApdu::Parse(input);
  if (command.ok()) (void)chip.UnprotectCommand(*command);
  return 0;
}
