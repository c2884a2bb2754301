#include "provisioning/queue_check.h"

#include <fmt/format.h>

namespace kiosk::provisioning {

QueueCheck::QueueCheck(std::unique_ptr<QueueInspector> inspector, const Clock& clock,
                       std::chrono::seconds max_unsent_age)
    : inspector_(std::move(inspector)), clock_(clock), max_unsent_age_(max_unsent_age) {}

std::vector<CheckResult> QueueCheck::Run() {
  auto health = inspector_->Health();
  if (!health.ok()) {
    if (health.status().code() == StatusCode::kUnsupported) {
      return {Skipped("queue", health.status().message())};
    }
    return {Fail("queue", health.status().message(),
                 "the queue database cannot be read: check storage.data_dir and the disk; do "
                 "not wipe before the submissions are exported")};
  }
  std::string detail =
      fmt::format("{} unsent, {} quarantined", health->unsent, health->quarantined);
  std::chrono::seconds age{0};
  if (health->oldest_unsent_confirmed_at) {
    age = std::chrono::duration_cast<std::chrono::seconds>(clock_.Now() -
                                                           *health->oldest_unsent_confirmed_at);
    detail += fmt::format(", oldest unsent waiting for {} min", age.count() / 60);
  }
  if (health->paused_reason) {
    return {Fail("queue", detail + ", paused: " + *health->paused_reason,
                 "the centre refused this kiosk: check the enrolment (kioskctl selftest, "
                 "certificate) and ask the centre's administrator")};
  }
  if (health->quarantined > 0) {
    return {Fail("queue", detail,
                 "quarantined submissions need a human: kioskctl queue list, then retry or "
                 "export them")};
  }
  if (age > max_unsent_age_) {
    return {Fail("queue", detail,
                 "submissions are not leaving: check the centre check above and the network")};
  }
  return {Pass("queue", detail)};
}

}  // namespace kiosk::provisioning
