#include "kiosk/devices/kiosk_devices.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "base/log.h"
#include "kiosk/devices/device_states.h"
#include "kiosk/version.h"
#include "offline/crypto/data_key.h"
#include "offline/sync/offline_config.h"

namespace kiosk::devices {
namespace {

// The data folder holds the key and every citizen's queued data: the kiosk user only.
Status EnsureDataDir(const std::string& dir) {
  std::error_code error;
  if (std::filesystem::is_directory(dir, error)) return OkStatus();
  std::filesystem::create_directories(dir, error);
  if (error) return FailedPreconditionError("cannot create " + dir + ": " + error.message());
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, error);
  if (error) return FailedPreconditionError("cannot restrict " + dir + ": " + error.message());
  return OkStatus();
}

StatusOr<std::string> ReadTextFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return NotFoundError("cannot read " + path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace

StatusOr<std::unique_ptr<KioskDevices>> KioskDevices::Create(const KioskConfig& config,
                                                             KioskDevicesOptions options) {
  auto& log = Log(Subsystem::kApp);
  const Clock& clock = options.clock != nullptr ? *options.clock : SystemClock();
  KIOSK_ASSIGN_OR_RETURN(CupsReceiptPrinterOptions printer_options,
                         CupsReceiptPrinterOptions::FromConfig(config));
  printer_options.cups.server = options.cups_server;
  printer_options.pdf_dir = options.receipt_pdf_dir;

  // Storage first: without the queue the kiosk cannot keep a submission.
  KIOSK_RETURN_IF_ERROR(EnsureDataDir(config.storage.data_dir));
  KIOSK_ASSIGN_OR_RETURN(offline::DataKey key,
                         offline::DataKey::LoadOrCreate(offline::DataKeyPath(config)));
  KIOSK_ASSIGN_OR_RETURN(
      auto queue, offline::SubmissionQueue::Open(offline::QueueOptionsFrom(config), key, clock));

  std::unique_ptr<KioskDevices> devices(new KioskDevices(config, std::move(options), clock));
  devices->queue_ = std::move(queue);

  // Procedures: the signed catalog when a key is configured, else the shipped folder.
  std::string catalog_key_pem;
  if (!config.central.catalog_key_file.empty()) {
    auto pem = ReadTextFile(config.central.catalog_key_file);
    if (pem.ok()) {
      catalog_key_pem = std::move(*pem);
    } else {
      log.error("catalog key: {}; only the default procedures are offered",
                pem.status().ToString());
    }
  }
  devices->procedures_ = std::make_unique<session::CatalogProcedures>(
      config.storage.data_dir, catalog_key_pem, config.procedures.default_dir);
  Status loaded = devices->procedures_->Load();
  if (!loaded.ok()) log.error("procedures: {}", loaded.ToString());

  devices->ConnectCentre(catalog_key_pem);
  devices->sink_ = std::make_unique<QueueSubmissionSink>(*devices->queue_, devices->worker_.get(),
                                                         devices->options_.delivery_poll);
  devices->printer_ = std::make_unique<CupsReceiptPrinter>(std::move(printer_options));
  devices->reader_ = std::make_unique<PcscCardReader>(PcscCardReaderOptions::FromConfig(config),
                                                      devices->options_.on_card);
  SelfTestOptions self_test_options;
  self_test_options.cups_server = devices->options_.cups_server;
  devices->self_test_ =
      std::make_unique<KioskSelfTest>(config, clock, *devices->queue_, self_test_options);
  return devices;
}

KioskDevices::KioskDevices(const KioskConfig& config, KioskDevicesOptions options,
                           const Clock& clock)
    : config_(config), options_(std::move(options)), clock_(clock) {}

KioskDevices::~KioskDevices() { Stop(); }

void KioskDevices::ConnectCentre(const std::string& catalog_key_pem) {
  auto& log = Log(Subsystem::kSync);
  const KioskConfig::Central& central = config_.central;
  if (central.cert_file.empty() || central.key_file.empty() || central.ca_file.empty()) {
    offline_reason_ = "not enrolled: central.cert_file, key_file or ca_file is not set";
    log.warn("{}; submissions stay in the queue", offline_reason_);
    return;
  }
  offline::SyncClientOptions client_options = offline::SyncClientOptionsFrom(config_);
  if (options_.sync_connect_timeout) {
    client_options.connect_timeout = *options_.sync_connect_timeout;
  }
  if (options_.sync_request_timeout) {
    client_options.request_timeout = *options_.sync_request_timeout;
  }
  auto client = offline::SyncClient::Create(client_options);
  if (!client.ok()) {
    offline_reason_ = "not enrolled: " + client.status().message();
    log.warn("{}; submissions stay in the queue", offline_reason_);
    return;
  }
  client_ = std::move(*client);

  if (!catalog_key_pem.empty()) {
    session::CatalogProcedures* procedures = procedures_.get();
    catalog_fetcher_ = std::make_unique<offline::CatalogFetcher>(
        config_.storage.data_dir + "/catalog.etag",
        [procedures](std::string_view envelope) { return procedures->Install(envelope); });
  }

  offline::SyncWorkerOptions worker_options;
  worker_options.kiosk_id = config_.identity.id;
  worker_options.software_version = std::string(SoftwareVersion());
  worker_options.sync_interval = std::chrono::seconds(central.sync_interval_s);
  worker_ = std::make_unique<offline::SyncWorker>(
      *queue_, *client_, policy_, clock_, std::move(worker_options), catalog_fetcher_.get(),
      [](const offline::SyncAlert& alert) {
        if (alert.kind == offline::AlertKind::kStaffQuarantine) {
          Log(Subsystem::kSync)
              .warn("submission {} set aside for staff: {}", alert.submission_id, alert.reason);
        }
      });
}

void KioskDevices::Start() {
  {
    std::lock_guard lock(mutex_);
    if (started_ || stopped_) return;
    started_ = true;
  }
  reader_->Start();
  if (worker_) worker_->Start();
  refresher_ = std::thread([this] { RefreshLoop(); });
  Log(Subsystem::kApp)
      .info("devices started ({})",
            enrolled() ? "enrolled with " + config_.central.url : offline_reason_);
}

void KioskDevices::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    stopped_ = true;
  }
  wake_.notify_all();
  if (refresher_.joinable()) refresher_.join();
  // Waiters first, so that a job blocked in AwaitDelivery() or Print() ends quickly.
  if (sink_) sink_->Shutdown();
  if (printer_) printer_->Stop();
  if (reader_) reader_->Stop();
  if (worker_) worker_->Stop();
}

session::FlowPorts KioskDevices::Ports() {
  session::FlowPorts ports;
  ports.procedures = procedures_.get();
  ports.reader = reader_.get();
  ports.sink = sink_.get();
  ports.printer = printer_.get();
  ports.devices = this;
  ports.self_test = self_test_.get();
  return ports;
}

void KioskDevices::RefreshLoop() {
  std::unique_lock lock(mutex_);
  while (!stopped_) {
    lock.unlock();
    printer_->RefreshState();
    RefreshQueue();
    lock.lock();
    wake_.wait_for(lock, options_.status_interval, [this] { return stopped_ || refresh_now_; });
    refresh_now_ = false;
  }
}

void KioskDevices::RefreshQueue() {
  auto summary = queue_->Summary();
  std::lock_guard lock(mutex_);
  if (summary.ok()) {
    queue_summary_ = *summary;
    queue_error_.clear();
  } else {
    queue_error_ = summary.status().ToString();
  }
}

std::optional<int64_t> KioskDevices::Unsent() const {
  auto summary = queue_->Summary();
  if (!summary.ok()) return std::nullopt;
  return summary->unsent();
}

std::vector<session::DeviceState> KioskDevices::Snapshot() const {
  std::vector<session::DeviceState> states;
  states.push_back(ReaderDeviceState(reader_->State()));
  states.push_back(PrinterDeviceState(printer_->State(), config_.printer.destination));
  std::optional<offline::SyncState> sync;
  if (worker_) sync = worker_->State();
  auto now = clock_.Now();
  states.push_back(NetworkDeviceState(sync, now));
  std::lock_guard lock(mutex_);
  states.push_back(QueueDeviceState(queue_summary_, queue_error_, now));
  return states;
}

void KioskDevices::SyncNow() {
  if (worker_) {
    Log(Subsystem::kSync).info("staff asked for a sync now");
    worker_->Trigger(offline::SyncTrigger::kStaffSyncNow);
  }
  {
    std::lock_guard lock(mutex_);
    refresh_now_ = true;
  }
  wake_.notify_all();
}

}  // namespace kiosk::devices
