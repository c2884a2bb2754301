#include "kiosk/ctl/output.h"

#include <cstdio>
#include <iostream>

namespace kiosk::ctl {

CommandOutput ErrorOutput(const Status& status) {
  CommandOutput out;
  bool input_error =
      status.code() == StatusCode::kInvalidInput || status.code() == StatusCode::kNotFound;
  out.exit_code = input_error ? kExitUsage : kExitCheckFailed;
  out.json = {{"ok", false},
              {"error",
               {{"code", std::string(StatusCodeName(status.code()))},
                {"reaction", std::string(ReactionName(status.reaction()))},
                {"message", status.message()}}}};
  out.human = "error: " + status.message() + "\n";
  return out;
}

int Emit(const CommandOutput& output, bool json) {
  if (json) {
    // Invalid UTF-8 from a card or a file must not make the dump throw.
    std::cout << output.json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  } else if (output.exit_code != kExitOk && output.human.rfind("error:", 0) == 0) {
    std::cerr << output.human;
  } else {
    std::cout << output.human;
  }
  std::cout.flush();
  return output.exit_code;
}

}  // namespace kiosk::ctl
