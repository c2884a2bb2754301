// The queue inspector used until this build links the offline queue (offline/queue):
// it can say only that it cannot tell.
// TODO(#9): replace with one backed by offline::SubmissionQueue once the queue branch is in.
#include "provisioning/queue_check.h"

namespace kiosk::provisioning {
namespace {

class UnavailableQueueInspector : public QueueInspector {
 public:
  StatusOr<QueueHealth> Health() override {
    return UnsupportedError("this build cannot read the offline queue");
  }
  Status Export(const std::string&) override {
    return UnsupportedError("this build cannot export the offline queue");
  }
};

}  // namespace

std::unique_ptr<QueueInspector> MakeQueueInspector(const std::string&, const Clock&) {
  return std::make_unique<UnavailableQueueInspector>();
}

}  // namespace kiosk::provisioning
