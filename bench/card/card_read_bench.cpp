// Card reading benchmark through the real pcscd, the vpcd reader and the card emulator.
//
// Starts a private pcscd (own mount namespace, as the card tests do: needs root), a test PKI
// and the emulator, then times complete sessions as the kiosk runs them: connect to the reader
// (PcscChannel::Open, which also asks the reader about extended length) + DocumentReader::Read.
//  - "pace_dg1_dg11_sod": PACE-CAN, DG1, DG11 (DG12), EF.SOD, passive authentication; no DG2;
//  - "with_dg2_20k": the same plus a 20 KB DG2 (profile cnie-large-photo).
// Prints, per scenario, the median, min, max and p90 of the session time and the APDU count.
// Usage: card_read_bench [--runs N] (see bench/card/README.md).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "base/log.h"
#include "drivers/cardsim/test_pki.h"
#include "drivers/emrtd/document_reader.h"
#include "drivers/pcsc/pcsc_channel.h"
#include "tests/support/private_pcscd.h"

namespace {

using namespace kiosk;

struct Scenario {
  const char* name;
  const char* profile;
  bool read_face;
  double target_ms;
};

// Whether pcscd sees a card on slot 0 (its state, without connecting).
bool CardPresent(const std::string& reader) {
  auto context = pcsc::PcscContext::Establish();
  if (!context.ok()) return false;
  auto states = (*context)->ReadStates({reader});
  return states.ok() && states->size() == 1 &&
         states->front().slot == pcsc::SlotState::kCardPresent;
}

int RunScenario(const Scenario& scenario, testing::PrivatePcscd& pcscd, const std::string& pki,
                const std::string& csca, int runs) {
  // The previous scenario's card must be seen gone before the next one goes in.
  std::string name = pcscd.reader_name(0);
  testing::WaitUntil([&] { return !CardPresent(name); }, std::chrono::seconds(10));
  auto emulator = pcscd.StartEmulator({"--profile", scenario.profile, "--pki", pki});
  if (!testing::WaitUntil([&] { return CardPresent(name); }, std::chrono::seconds(10))) {
    std::fprintf(stderr, "%s: the emulator's card never appeared\n", scenario.name);
    return 1;
  }
  emrtd::ReadOptions options;
  options.trust_store_dir = csca;
  options.read_face = scenario.read_face;
  emrtd::DocumentReader reader(options);

  std::vector<double> times;
  int apdus = 0, transmits = 0;
  size_t dg2_bytes = 0;
  bool extended = false;
  for (int i = 0; i < runs + 1; ++i) {  // the first run warms up and is not counted
    auto start = std::chrono::steady_clock::now();
    auto channel = pcsc::PcscChannel::Open(pcscd.reader_name(0));
    if (!channel.ok()) {
      std::fprintf(stderr, "%s: %s\n", scenario.name, channel.status().ToString().c_str());
      return 1;
    }
    auto result = reader.Read(**channel, emrtd::AccessKey::Can("123456"));
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (!result.ok()) {
      std::fprintf(stderr, "%s: %s\n", scenario.name, result.status().ToString().c_str());
      return 1;
    }
    if (result->passive_authentication.status != emrtd::PassiveAuthenticationStatus::kVerified) {
      std::fprintf(stderr, "%s: passive authentication not verified\n", scenario.name);
      return 1;
    }
    if (i == 0) continue;
    times.push_back(ms);
    apdus = result->apdu_count;
    transmits = (*channel)->transmit_count();
    dg2_bytes = result->face ? result->face->data.size() : 0;
    extended = (*channel)->SupportsExtendedLength();
  }
  std::sort(times.begin(), times.end());
  double median = times.size() % 2 ? times[times.size() / 2]
                                   : (times[times.size() / 2 - 1] + times[times.size() / 2]) / 2;
  double p90 = times[std::min(times.size() - 1, times.size() * 9 / 10)];
  std::printf(
      "%-18s runs=%d median=%.1f ms min=%.1f max=%.1f p90=%.1f apdus=%d transmits=%d "
      "dg2_bytes=%zu extended_length=%s target<=%.0f ms %s\n",
      scenario.name, runs, median, times.front(), times.back(), p90, apdus, transmits, dg2_bytes,
      extended ? "yes" : "no", scenario.target_ms, median <= scenario.target_ms ? "OK" : "MISSED");
  return median <= scenario.target_ms ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 20;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--runs") == 0) runs = std::max(1, std::atoi(argv[i + 1]));
  }
  LogOptions log_options;
  log_options.level = spdlog::level::warn;
  InitLogging(log_options);

  std::string error;
  if (!testing::EnterPrivatePcscdNamespace(&error)) {
    std::fprintf(stderr, "card_read_bench: %s\n", error.c_str());
    return 2;
  }
  testing::TempDir dir;
  auto pcscd = testing::PrivatePcscd::Start(dir, &error);
  if (!pcscd) {
    std::fprintf(stderr, "card_read_bench: %s\n", error.c_str());
    return 2;
  }
  auto pki = cardsim::GenerateTestPki(dir.Join("pki"));
  if (!pki.ok()) {
    std::fprintf(stderr, "card_read_bench: %s\n", pki.status().ToString().c_str());
    return 2;
  }
  const Scenario scenarios[] = {
      {"pace_dg1_dg11_sod", "cnie", false, 300},
      {"with_dg2_20k", "cnie-large-photo", true, 600},
  };
  int failures = 0;
  for (const Scenario& s : scenarios) {
    failures += RunScenario(s, *pcscd, dir.Join("pki"), pki->trust_store_dir, runs);
  }
  return failures == 0 ? 0 : 1;
}
