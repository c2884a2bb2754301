// Reading back what a receipt PDF shows, with the packaged tools a person would use:
// pdftotext (poppler-utils) for the text, pdftoppm + zbarimg (zbar-tools) for the QR code.
#pragma once

#include <string>

namespace kiosk::testing {

// The PDF's text, UTF-8, or "" when pdftotext fails.
std::string PdfText(const std::string& pdf_path);
// What the QR code on the first page decodes to, or "" when none is found.
std::string PdfQrCode(const std::string& pdf_path);
// Writes `pdf` under `dir` as `name` and returns the path.
std::string WritePdf(const std::string& dir, const std::string& name, const std::string& pdf);

}  // namespace kiosk::testing
