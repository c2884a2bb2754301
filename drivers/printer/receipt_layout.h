// Lays a receipt out and renders it to PDF with cairo and pango (text shaping, line
// wrapping, every French glyph) and libqrencode (the QR code).
//
// Two paper formats: the 80 mm roll of receipt printers, whose page is as long as its content
// (the layout is measured first, then the page is sized), and A4 for office printers.
// Thread: a ReceiptLayout holds no state; RenderReceipt may run on any thread, and several
// threads may render at once.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "drivers/printer/receipt_data.h"

namespace kiosk::printer {

enum class PaperFormat { kRoll80, kA4 };

// "roll80" / "a4", as in the configuration's printer.paper.
StatusOr<PaperFormat> ParsePaperFormat(std::string_view text);
std::string_view PaperFormatName(PaperFormat format);

struct RenderedReceipt {
  std::string pdf;        // a complete PDF document, one page
  std::string reference;  // the local reference printed and encoded in the QR code
  double width_pt = 0;    // page size in PostScript points (1/72 inch)
  double height_pt = 0;
};

// Renders `data`. kInvalidInput when the data fails ValidateReceiptData; kInternal when
// cairo fails (out of memory). A4 content longer than a page is cut with a TODO (a receipt
// never comes close).
StatusOr<RenderedReceipt> RenderReceipt(const ReceiptData& data, PaperFormat format);

// A sample receipt holding every character French needs (é è ê ë à â î ï ô ö ù û ü ÿ ç œ æ,
// capitals, « » € ’ …), used by `kioskctl print test` and the tests.
ReceiptData TestReceiptData(std::string_view language = "fr");

}  // namespace kiosk::printer
