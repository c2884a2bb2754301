#include "tests/drivers/printer/pdf_tools.h"

#include <fstream>

#include "tests/support/process.h"

namespace kiosk::testing {

std::string PdfText(const std::string& pdf_path) {
  CommandResult r = RunCommand({"pdftotext", "-enc", "UTF-8", pdf_path, "-"});
  return r.exit_code == 0 ? r.out : "";
}

std::string PdfQrCode(const std::string& pdf_path) {
  std::string png_base = pdf_path + ".page";
  CommandResult r =
      RunCommand({"pdftoppm", "-r", "150", "-gray", "-singlefile", "-png", pdf_path, png_base});
  if (r.exit_code != 0) return "";
  r = RunCommand(
      {"zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", png_base + ".png"});
  if (r.exit_code != 0) return "";
  std::string out = r.out;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::string WritePdf(const std::string& dir, const std::string& name, const std::string& pdf) {
  std::string path = dir + "/" + name;
  std::ofstream(path, std::ios::binary) << pdf;
  return path;
}

}  // namespace kiosk::testing
