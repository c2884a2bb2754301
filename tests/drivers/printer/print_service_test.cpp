#include "drivers/printer/print_service.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <vector>

#include "tests/drivers/printer/private_cupsd.h"

namespace kiosk::printer {
namespace {

using namespace std::chrono_literals;

// A printer that holds every job until the test releases it: the only way to show, without
// timing luck, that Submit never waits for the printer.
class GatedPrinter : public ReceiptPrinter {
 public:
  PrintOutcome Print(const std::string& pdf, const std::string&,
                     const std::function<void(const PrintOutcome&)>& progress,
                     const std::atomic<bool>& stop) override {
    last_pdf_size = pdf.size();
    PrintOutcome still;
    still.state = PrintState::kStillPrinting;
    progress(still);
    std::unique_lock lock(mutex_);
    // `stop` is an atomic nobody notifies about: poll it.
    while (!open_ && !stop.load()) released_.wait_for(lock, 10ms);
    PrintOutcome done;
    done.state = stop.load() ? PrintState::kCancelled : PrintState::kPrinted;
    return done;
  }
  void Release() {
    {
      std::lock_guard lock(mutex_);
      open_ = true;
    }
    released_.notify_all();
  }
  std::atomic<size_t> last_pdf_size{0};

 private:
  std::mutex mutex_;
  std::condition_variable released_;
  bool open_ = false;
};

// Collects events from the worker thread.
class Events {
 public:
  void Add(const PrintEvent& e) {
    std::lock_guard lock(mutex_);
    events_.push_back(e);
    cv_.notify_all();
  }
  bool WaitForCount(size_t n, std::chrono::milliseconds timeout = 30s) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return events_.size() >= n; });
  }
  std::vector<PrintEvent> Get() {
    std::lock_guard lock(mutex_);
    return events_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<PrintEvent> events_;
};

TEST(PrintService, SubmitReturnsAtOnceWhileThePrinterIsBusy) {
  Events events;
  auto printer = std::make_unique<GatedPrinter>();
  GatedPrinter* gate = printer.get();
  PrintService service(std::move(printer), [&](const PrintEvent& e) { events.Add(e); });

  PrintRequest request;
  request.receipt = TestReceiptData();
  auto start = std::chrono::steady_clock::now();
  uint64_t id = service.Submit(request);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 50ms);

  ASSERT_TRUE(events.WaitForCount(1));
  EXPECT_EQ(events.Get()[0].outcome.state, PrintState::kStillPrinting);
  EXPECT_FALSE(events.Get()[0].final);
  EXPECT_EQ(service.pending(), 1u);

  gate->Release();
  ASSERT_TRUE(events.WaitForCount(2));
  PrintEvent done = events.Get()[1];
  EXPECT_EQ(done.request_id, id);
  EXPECT_TRUE(done.final);
  EXPECT_EQ(done.outcome.state, PrintState::kPrinted);
  EXPECT_EQ(done.reference.size(), 11u);
  EXPECT_GT(gate->last_pdf_size.load(), 1000u);
}

TEST(PrintService, ShutdownReportsEveryRequestItDidNotPrint) {
  Events events;
  {
    PrintService service(std::make_unique<GatedPrinter>(),
                         [&](const PrintEvent& e) { events.Add(e); });
    PrintRequest request;
    request.pdf = "%PDF-1.5 stub";
    service.Submit(request);
    service.Submit(request);
    ASSERT_TRUE(events.WaitForCount(1));  // the first one is in the printer
  }
  size_t finals = 0;
  for (const auto& e : events.Get()) {
    if (e.final) {
      ++finals;
      EXPECT_EQ(e.outcome.state, PrintState::kCancelled);
    }
  }
  EXPECT_EQ(finals, 2u);
}

TEST(PrintService, BadReceiptDataEndsInAnEventNotACrash) {
  Events events;
  PrintService service(std::make_unique<GatedPrinter>(),
                       [&](const PrintEvent& e) { events.Add(e); });
  PrintRequest request;
  request.receipt = TestReceiptData();
  request.receipt->commune.clear();
  service.Submit(request);
  ASSERT_TRUE(events.WaitForCount(1));
  EXPECT_TRUE(events.Get()[0].final);
  EXPECT_EQ(events.Get()[0].outcome.state, PrintState::kPrinterProblem);
}

TEST(PrintService, PrintsThroughARealCupsd) {
  std::string missing = kiosk::testing::PrivateCupsd::MissingRequirement();
  if (!missing.empty()) GTEST_SKIP() << missing;
  kiosk::testing::PrivateCupsd cupsd;
  ASSERT_TRUE(cupsd.Start()) << cupsd.error();
  ASSERT_TRUE(cupsd.AddPdfPrinter("Guichet_PDF")) << cupsd.error();

  CupsOptions options;
  options.server = cupsd.server();
  options.job_timeout = 20s;
  options.poll_interval = 50ms;
  Events events;
  PrintService service(std::make_unique<CupsPrinter>(options),
                       [&](const PrintEvent& e) { events.Add(e); });
  PrintRequest request;
  request.receipt = TestReceiptData();
  request.paper = PaperFormat::kA4;
  service.Submit(request);
  ASSERT_TRUE(events.WaitForCount(1));
  std::vector<PrintEvent> got = events.Get();
  PrintEvent last = got.back();
  if (!last.final) {
    ASSERT_TRUE(events.WaitForCount(2));
    last = events.Get().back();
  }
  EXPECT_TRUE(last.final);
  EXPECT_EQ(last.outcome.state, PrintState::kPrinted) << last.outcome.detail;
  EXPECT_FALSE(cupsd.WaitForNewPdf().empty());
}

}  // namespace
}  // namespace kiosk::printer
