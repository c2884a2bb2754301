// QR codes for the done screen (the citizen photographs the reference), generated with
// libqrencode and drawn as filled squares.
#pragma once

#include <string>
#include <vector>

#include <imgui.h>

#include "base/status.h"

namespace kiosk::ui {

// The modules of a QR code, row by row (true = dark), at error-correction level M.
struct QrMatrix {
  int size = 0;
  std::vector<bool> dark;
  bool At(int x, int y) const { return dark[static_cast<size_t>(y) * size + x]; }
};
StatusOr<QrMatrix> EncodeQr(const std::string& text);

// Draws `matrix` with its quiet zone at the cursor, `side_px` wide, black on white whatever
// the theme (scanners need dark modules on a light ground).
void DrawQr(const QrMatrix& matrix, float side_px);

}  // namespace kiosk::ui
