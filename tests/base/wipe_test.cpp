#include "base/wipe.h"

#include <gtest/gtest.h>

namespace kiosk {
namespace {

TEST(Wipe, StringIsClearedAndItsBufferReleased) {
  std::string text = "ERIKSSON ANNA MARIA L898902C3, long enough for the heap";
  text = "short";  // the longer value's bytes are still in the buffer
  size_t capacity = text.capacity();
  ASSERT_GE(capacity, 40u);
  WipeString(text);
  EXPECT_TRUE(text.empty());
  EXPECT_LT(text.capacity(), capacity);
}

TEST(Wipe, MemoryIsZeroed) {
  unsigned char bytes[32];
  for (auto& b : bytes) b = 0xA5;
  WipeMemory(bytes, sizeof bytes);
  for (auto b : bytes) EXPECT_EQ(b, 0);
}

TEST(Wipe, BytesAreZeroedAndReleased) {
  std::vector<std::uint8_t> photo(1024, 0x7F);
  photo.resize(10);
  WipeBytes(photo);
  EXPECT_TRUE(photo.empty());
  EXPECT_EQ(photo.capacity(), 0u);
}

}  // namespace
}  // namespace kiosk
