// Overwriting personal data before its memory is released: the citizen's answers, names, CAN
// and PIN must not linger in freed heap blocks for the next session (or a core dump) to find.
//
// The writes go through a volatile pointer, so the compiler may not drop them as dead stores.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace kiosk {

// Zeroes `size` bytes at `data`.
void WipeMemory(void* data, std::size_t size);
// Zeroes the whole capacity of `text` (a shorter value may have been written over a longer
// one), then clears it and releases its buffer.
void WipeString(std::string& text);
void WipeBytes(std::vector<std::uint8_t>& bytes);

}  // namespace kiosk
