// Everything the session flow needs from the real world, built from the kiosk's
// configuration and handed over as session::FlowPorts:
//
//   storage.data_dir   the device data key and the encrypted submission queue
//   central.*          the sync client (mutual TLS), its retry policy and the sync worker,
//                      which delivers submissions, sends heartbeats and fetches the signed
//                      catalog (installed by CatalogProcedures when central.catalog_key_file
//                      is set)
//   procedures.*       the procedures offered (CatalogProcedures: the last good signed
//                      catalog, else procedures.default_dir)
//   card.*             the PC/SC card reader
//   printer.*          the CUPS receipt printer
//
// plus the staff screen's device panel (this class, a session::DeviceStatusSource) and the
// technician's self-test (KioskSelfTest).
//
// A kiosk that is not enrolled with a centre (no certificate, key or CA file, or files that do
// not load) works offline: submissions are stored in the queue, AwaitDelivery() answers at
// once, and the panel's network line says "not enrolled". They are delivered once the kiosk
// is enrolled and restarted.
//
// Thread: Create(), Start(), Stop() and the destructor from the owner's thread. Snapshot() and
// SyncNow() from the drawing thread: they return at once (a background thread refreshes the
// printer's and the queue's state every `status_interval`). The ports follow their own
// contracts (kiosk/session/ports.h).
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/config.h"
#include "base/status.h"
#include "kiosk/devices/cups_receipt_printer.h"
#include "kiosk/devices/kiosk_self_test.h"
#include "kiosk/devices/pcsc_card_reader.h"
#include "kiosk/devices/queue_submission_sink.h"
#include "kiosk/session/catalog_procedures.h"
#include "kiosk/session/ports.h"
#include "kiosk/session/session_flow.h"
#include "offline/queue/submission_queue.h"
#include "offline/sync/catalog_fetcher.h"
#include "offline/sync/retry_policy.h"
#include "offline/sync/sync_client.h"
#include "offline/sync/sync_worker.h"

namespace kiosk::devices {

struct KioskDevicesOptions {
  // Card put on / taken off the reader, from the card monitor's thread (see PcscCardReader).
  // The app posts FlowEvent::Kind::kCardInserted / kCardRemoved. May be empty.
  PcscCardReader::CardCallback on_card;
  const Clock* clock = nullptr;  // nullptr: SystemClock(); must outlive the devices
  std::string cups_server;       // "" = libcups' default (CUPS_SERVER, client.conf, socket)
  std::string receipt_pdf_dir;   // demo: CupsReceiptPrinter::SavePdfTo(); "" = none
  std::chrono::milliseconds status_interval{std::chrono::seconds(5)};
  std::chrono::milliseconds delivery_poll{50};  // QueueSubmissionSink's record reads
  // Sync client timeouts (the client's defaults when unset): tests shorten them.
  std::optional<std::chrono::milliseconds> sync_connect_timeout;
  std::optional<std::chrono::milliseconds> sync_request_timeout;
};

class KioskDevices : public session::DeviceStatusSource {
 public:
  // Creates storage.data_dir when missing (mode 0700), loads or creates the data key, opens
  // the queue, loads the procedures (a failure is logged: the catalog screen then offers
  // nothing) and connects the sync client when the kiosk is enrolled. Nothing runs before
  // Start(). Errors: the key's and the queue's (no submission could be kept), kInvalidInput for
  // an unknown printer.paper.
  static StatusOr<std::unique_ptr<KioskDevices>> Create(const KioskConfig& config,
                                                        KioskDevicesOptions options = {});
  ~KioskDevices() override;  // Stop()
  KioskDevices(const KioskDevices&) = delete;
  KioskDevices& operator=(const KioskDevices&) = delete;

  // Starts the card monitor, the sync worker (when enrolled) and the status refresher.
  // REQUIRES: not stopped. Idempotent.
  void Start();
  // For shutdown: stops every thread; a print in progress ends as `canceled`, AwaitDelivery()
  // returns at once. Idempotent; the devices cannot be started again.
  void Stop();

  // The ports for SessionFlow, valid as long as this object.
  session::FlowPorts Ports();

  // reader, printer, network, queue (in this order).
  std::vector<session::DeviceState> Snapshot() const override;
  // Staff asked to send now: the sync worker ignores its backoff and lifts a pause.
  void SyncNow() override;
  // Submissions not yet acknowledged, read from the queue now (one small SQLite read).
  std::optional<int64_t> Unsent() const override;

  bool enrolled() const { return worker_ != nullptr; }
  // Why the kiosk works offline ("" when enrolled).
  const std::string& offline_reason() const { return offline_reason_; }

  PcscCardReader& card_reader() { return *reader_; }
  CupsReceiptPrinter& printer() { return *printer_; }
  QueueSubmissionSink& sink() { return *sink_; }
  session::CatalogProcedures& procedures() { return *procedures_; }
  KioskSelfTest& self_test() { return *self_test_; }
  offline::SubmissionQueue& queue() { return *queue_; }
  offline::SyncWorker* sync_worker() { return worker_.get(); }  // nullptr when not enrolled

 private:
  KioskDevices(const KioskConfig& config, KioskDevicesOptions options, const Clock& clock);
  void ConnectCentre(const std::string& catalog_key_pem);
  void RefreshLoop();
  void RefreshQueue();

  const KioskConfig config_;
  const KioskDevicesOptions options_;
  const Clock& clock_;
  std::string offline_reason_;

  // Declared in the order they depend on each other: destroyed in reverse.
  std::unique_ptr<offline::SubmissionQueue> queue_;
  std::unique_ptr<session::CatalogProcedures> procedures_;
  std::unique_ptr<offline::SyncClient> client_;  // null when not enrolled
  offline::RetryPolicy policy_;
  std::unique_ptr<offline::CatalogFetcher> catalog_fetcher_;  // null without a catalog key
  std::unique_ptr<offline::SyncWorker> worker_;               // null when not enrolled
  std::unique_ptr<QueueSubmissionSink> sink_;
  std::unique_ptr<CupsReceiptPrinter> printer_;
  std::unique_ptr<PcscCardReader> reader_;
  std::unique_ptr<KioskSelfTest> self_test_;

  mutable std::mutex mutex_;  // guards the fields below
  std::condition_variable wake_;
  bool started_ = false;
  bool stopped_ = false;
  bool refresh_now_ = false;
  std::optional<offline::QueueSummary> queue_summary_;
  std::string queue_error_;
  std::thread refresher_;
};

}  // namespace kiosk::devices
