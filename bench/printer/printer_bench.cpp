// Times the two steps of printing a receipt: rendering it to PDF (target: median <= 50 ms)
// and handing the PDF to CUPS (Create-Job + Send-Document against a private cupsd with a
// cups-pdf printer, target: median <= 200 ms). Prints median, min, max and p90 of each.
//
//   build/dev/bin/bench_printer [runs]        (default 30 runs)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "base/log.h"
#include "drivers/printer/cups_printer.h"
#include "drivers/printer/receipt_layout.h"
#include "tests/drivers/printer/private_cupsd.h"

namespace {

using Clock = std::chrono::steady_clock;

void Report(const char* name, std::vector<double> ms, double target) {
  std::sort(ms.begin(), ms.end());
  double median = ms[ms.size() / 2];
  double p90 = ms[std::min(ms.size() - 1, ms.size() * 9 / 10)];
  std::printf("%-22s runs=%zu median=%.1f ms min=%.1f max=%.1f p90=%.1f target<=%.0f ms %s\n", name,
              ms.size(), median, ms.front(), ms.back(), p90, target,
              median <= target ? "OK" : "OVER");
}

}  // namespace

int main(int argc, char** argv) {
  using namespace kiosk::printer;
  int runs = argc > 1 ? std::atoi(argv[1]) : 30;
  if (runs < 3) runs = 3;
  kiosk::LogOptions log_options;
  log_options.level = spdlog::level::warn;
  kiosk::InitLogging(log_options);

  ReceiptData data = TestReceiptData();
  (void)RenderReceipt(data, PaperFormat::kRoll80);  // warm fontconfig's cache once
  for (PaperFormat format : {PaperFormat::kRoll80, PaperFormat::kA4}) {
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
      auto start = Clock::now();
      auto r = RenderReceipt(data, format);
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
      if (!r.ok()) return 1;
    }
    Report(format == PaperFormat::kRoll80 ? "render roll80" : "render a4", ms, 50);
  }

  std::string missing = kiosk::testing::PrivateCupsd::MissingRequirement();
  if (!missing.empty()) {
    std::printf("cups hand-off skipped: %s\n", missing.c_str());
    return 0;
  }
  kiosk::testing::PrivateCupsd cupsd;
  if (!cupsd.Start() || !cupsd.AddPdfPrinter("Guichet_PDF")) {
    std::printf("private cupsd failed: %s\n", cupsd.error().c_str());
    return 1;
  }
  CupsOptions options;
  options.server = cupsd.server();
  CupsPrinter printer(options);
  std::string pdf = RenderReceipt(data, PaperFormat::kRoll80)->pdf;
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    auto start = Clock::now();
    auto job = printer.Submit(pdf, "receipt");
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    if (!job.ok()) {
      std::printf("submit failed: %s\n", job.status().ToString().c_str());
      return 1;
    }
  }
  Report("hand-off to cups", ms, 200);
  return 0;
}
