#include "offline/sync/offline_config.h"

#include "offline/queue/queue_files.h"

namespace kiosk::offline {

std::string QueueDatabasePath(const KioskConfig& config) {
  return QueueDatabaseIn(config.storage.data_dir);
}

std::string DataKeyPath(const KioskConfig& config) { return DataKeyIn(config.storage.data_dir); }

QueueOptions QueueOptionsFrom(const KioskConfig& config) {
  QueueOptions options;
  options.database_path = QueueDatabasePath(config);
  options.sent_retention = std::chrono::hours(24) * config.storage.sent_retention_days;
  return options;
}

SyncClientOptions SyncClientOptionsFrom(const KioskConfig& config) {
  SyncClientOptions options;
  options.base_url = config.central.url;
  options.ca_file = config.central.ca_file;
  options.cert_file = config.central.cert_file;
  options.key_file = config.central.key_file;
  return options;
}

}  // namespace kiosk::offline
