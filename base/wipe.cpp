#include "base/wipe.h"

namespace kiosk {

void WipeMemory(void* data, std::size_t size) {
  volatile unsigned char* p = static_cast<volatile unsigned char*>(data);
  for (std::size_t i = 0; i < size; ++i) p[i] = 0;
}

void WipeString(std::string& text) {
  text.resize(text.capacity());
  WipeMemory(text.data(), text.size());
  text.clear();
  text.shrink_to_fit();
}

void WipeBytes(std::vector<std::uint8_t>& bytes) {
  bytes.resize(bytes.capacity());
  WipeMemory(bytes.data(), bytes.size());
  bytes.clear();
  bytes.shrink_to_fit();
}

}  // namespace kiosk
