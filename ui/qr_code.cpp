#include "ui/qr_code.h"

#include <qrencode.h>

namespace kiosk::ui {

StatusOr<QrMatrix> EncodeQr(const std::string& text) {
  QRcode* code = QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M);
  if (code == nullptr) return InvalidInputError("text cannot be encoded as a QR code");
  QrMatrix matrix;
  matrix.size = code->width;
  matrix.dark.resize(static_cast<size_t>(code->width) * code->width);
  for (size_t i = 0; i < matrix.dark.size(); ++i) matrix.dark[i] = (code->data[i] & 1) != 0;
  QRcode_free(code);
  return matrix;
}

void DrawQr(const QrMatrix& matrix, float side_px) {
  constexpr int kQuietZone = 4;
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(origin, ImVec2(origin.x + side_px, origin.y + side_px),
                      IM_COL32(255, 255, 255, 255));
  float module = side_px / static_cast<float>(matrix.size + 2 * kQuietZone);
  for (int y = 0; y < matrix.size; ++y) {
    for (int x = 0; x < matrix.size; ++x) {
      if (!matrix.At(x, y)) continue;
      float left = origin.x + (x + kQuietZone) * module;
      float top = origin.y + (y + kQuietZone) * module;
      draw->AddRectFilled(ImVec2(left, top), ImVec2(left + module, top + module),
                          IM_COL32(0, 0, 0, 255));
    }
  }
  ImGui::Dummy(ImVec2(side_px, side_px));
}

}  // namespace kiosk::ui
