#include "kiosk/version.h"

namespace kiosk {

std::string_view SoftwareVersion() { return KIOSK_VERSION; }

}  // namespace kiosk
