#include "ui/qr_code.h"

#include <gtest/gtest.h>

namespace kiosk::ui {
namespace {

TEST(QrCode, EncodesAReferenceAsAVersion1To2Symbol) {
  auto qr = EncodeQr("GUICHET:GU-2026-000123");
  ASSERT_TRUE(qr.ok());
  EXPECT_GE(qr->size, 21);
  EXPECT_LE(qr->size, 25);
  // The three finder patterns: dark corners.
  EXPECT_TRUE(qr->At(0, 0));
  EXPECT_TRUE(qr->At(qr->size - 1, 0));
  EXPECT_TRUE(qr->At(0, qr->size - 1));
}

}  // namespace
}  // namespace kiosk::ui
