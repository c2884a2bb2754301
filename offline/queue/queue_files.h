// Where the queue keeps its files under the kiosk's storage.data_dir. The kiosk, kioskctl's
// queue commands and the provisioning checks all open the queue through these two paths.
#pragma once

#include <string>

namespace kiosk::offline {

// <data_dir>/queue.sqlite: the SQLite database (with its -wal and -shm files beside it).
inline std::string QueueDatabaseIn(const std::string& data_dir) {
  return data_dir + "/queue.sqlite";
}

// <data_dir>/data.key: the device data key that seals the payloads.
inline std::string DataKeyIn(const std::string& data_dir) { return data_dir + "/data.key"; }

}  // namespace kiosk::offline
