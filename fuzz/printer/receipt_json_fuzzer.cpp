// Fuzzes the stored receipt description and the reference parser: any bytes give a value or
// an error, never a crash; what is accepted serialises and reads back the same.
#include <cstdint>
#include <string_view>

#include "drivers/printer/local_reference.h"
#include "drivers/printer/receipt_data.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto receipt = kiosk::printer::ParseReceiptJson(text);
  if (receipt.ok()) {
    auto again = kiosk::printer::ParseReceiptJson(kiosk::printer::ReceiptToJson(*receipt));
    if (!again.ok()) __builtin_trap();
  }
  auto reference = kiosk::printer::ParseLocalReference(text);
  if (reference.ok() && !kiosk::printer::ParseLocalReference(*reference).ok()) __builtin_trap();
  return 0;
}
