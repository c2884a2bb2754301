#include "tests/drivers/pcsc/pcscd_fixture.h"

#include <PCSC/winscard.h>

namespace kiosk::testing {

bool PcscdTest::CardPresent(const std::string& reader) {
  SCARDCONTEXT context = 0;
  if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context) != SCARD_S_SUCCESS) {
    return false;
  }
  SCARD_READERSTATE state{};
  state.szReader = reader.c_str();
  state.dwCurrentState = SCARD_STATE_UNAWARE;
  LONG rc = SCardGetStatusChange(context, 0, &state, 1);
  SCardReleaseContext(context);
  return (rc == SCARD_S_SUCCESS || rc == SCARD_E_TIMEOUT) &&
         (state.dwEventState & SCARD_STATE_PRESENT) && !(state.dwEventState & SCARD_STATE_MUTE);
}

}  // namespace kiosk::testing
