// Where the offline parts live and how they connect, derived from the kiosk configuration
// (storage.data_dir, storage.sent_retention_days, central.*), so that the kiosk and kioskctl
// open the same files the same way.
#pragma once

#include <string>

#include "base/config.h"
#include "offline/queue/submission_queue.h"
#include "offline/sync/sync_client.h"

namespace kiosk::offline {

// <data_dir>/queue.sqlite, <data_dir>/data.key.
std::string QueueDatabasePath(const KioskConfig& config);
std::string DataKeyPath(const KioskConfig& config);

QueueOptions QueueOptionsFrom(const KioskConfig& config);
SyncClientOptions SyncClientOptionsFrom(const KioskConfig& config);

}  // namespace kiosk::offline
