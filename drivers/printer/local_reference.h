// The receipt's local reference lives in base/local_reference.h: the screens show it too.
#pragma once

#include "base/local_reference.h"

namespace kiosk::printer {

using kiosk::LocalReferenceCheckSymbol;
using kiosk::LocalReferenceFromUuid;
using kiosk::ParseLocalReference;

}  // namespace kiosk::printer
