// The lines of the staff screen's device panel (session::DeviceState), from the snapshots
// each device keeps. Pure functions, so that what staff read is tested without devices.
// Details never carry personal data: reader and printer names, states, counts, error codes.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "kiosk/devices/cups_receipt_printer.h"
#include "kiosk/devices/pcsc_card_reader.h"
#include "kiosk/session/ports.h"
#include "offline/queue/submission_queue.h"
#include "offline/sync/sync_worker.h"

namespace kiosk::devices {

// "reader": ok while pcscd answers and a reader is plugged in.
session::DeviceState ReaderDeviceState(const ReaderSnapshot& reader);

// "printer": ok when the last look (print or status query) found it ready.
session::DeviceState PrinterDeviceState(const PrinterSnapshot& printer,
                                        const std::string& destination);

// "network": `sync` is nullopt when the kiosk is not enrolled with a centre. ok when the
// worker runs, is not paused by the centre and its last pass had no error.
session::DeviceState NetworkDeviceState(const std::optional<offline::SyncState>& sync,
                                        std::chrono::system_clock::time_point now);

// "queue": ok when nothing is set aside for staff and the queue is not paused. `summary` is
// nullopt until the first look, `error` set when the last look failed.
session::DeviceState QueueDeviceState(const std::optional<offline::QueueSummary>& summary,
                                      const std::string& error,
                                      std::chrono::system_clock::time_point now);

// "45 s", "12 min", "3 h", "2 days": for ages shown to staff.
std::string AgeText(std::chrono::seconds age);

}  // namespace kiosk::devices
