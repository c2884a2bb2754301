// emrtd_read_bench [runs]: reads the CNIe-like profile (PACE-CAN, brainpoolP256r1, AES-256)
// through the in-process loopback, N times per scenario, and prints the median and spread of
// the wall time, and the APDU count.
//
//   cmake --build --preset dev --target emrtd_read_bench   (or the release preset)
//   build/dev/bin/emrtd_read_bench 30
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "base/log.h"
#include "drivers/cardsim/loopback_channel.h"
#include "drivers/cardsim/simulated_chip.h"
#include "drivers/emrtd/document_reader.h"

namespace {

using kiosk::cardsim::LoopbackChannel;
using kiosk::cardsim::SimulatedChip;
using kiosk::emrtd::AccessKey;
using kiosk::emrtd::DocumentReader;
using kiosk::emrtd::ReadOptions;

struct Scenario {
  const char* name;
  const char* profile;
  bool read_face;
  bool extended;
};

int Run(const Scenario& s, const std::string& pki_dir, int runs) {
  auto chip = SimulatedChip::FromProfile(
      std::string(KIOSK_CARDSIM_PROFILES_DIR) + "/" + s.profile + ".toml", pki_dir);
  if (!chip.ok()) {
    std::fprintf(stderr, "%s\n", chip.status().ToString().c_str());
    return 1;
  }
  ReadOptions options;
  options.trust_store_dir = pki_dir + "/csca";
  options.read_face = s.read_face;
  std::vector<double> times;
  int apdus = 0;
  for (int i = 0; i < runs; ++i) {
    (*chip)->Reset();
    LoopbackChannel channel(**chip, s.extended);
    auto start = std::chrono::steady_clock::now();
    auto result = DocumentReader(options).Read(channel, AccessKey::Can("123456"));
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (!result.ok()) {
      std::fprintf(stderr, "%s\n", result.status().ToString().c_str());
      return 1;
    }
    times.push_back(ms);
    apdus = result->apdu_count;
  }
  std::sort(times.begin(), times.end());
  double median = times[times.size() / 2];
  std::printf("%-40s runs %3d  median %7.2f ms  min %7.2f  max %7.2f  p90 %7.2f  APDUs %d\n",
              s.name, runs, median, times.front(), times.back(), times[times.size() * 9 / 10],
              apdus);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  kiosk::LogOptions log_options;
  log_options.level = spdlog::level::warn;
  kiosk::InitLogging(log_options);
  int runs = argc > 1 ? std::atoi(argv[1]) : 20;
  if (runs < 1) runs = 1;
  std::string pki_dir =
      (std::filesystem::temp_directory_path() / ("emrtd-bench-pki-" + std::to_string(getpid())))
          .string();

  const Scenario scenarios[] = {
      {"PACE-CAN + DG1 DG11 DG12 SOD + PA, ext", "cnie", false, true},
      {"same + 20 KB DG2, extended length", "cnie-large-photo", true, true},
      {"same + 20 KB DG2, short APDUs", "cnie-large-photo", true, false},
  };
  int status = 0;
  for (const Scenario& s : scenarios) status |= Run(s, pki_dir, runs);
  std::error_code ec;
  std::filesystem::remove_all(pki_dir, ec);
  return status;
}
