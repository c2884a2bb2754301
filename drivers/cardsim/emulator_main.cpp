// card-emulator: a simulated identity card in pcscd's virtual reader (vsmartcard vpcd).
//
// DEVELOPMENT AND TEST ONLY. It must never be installed on a production kiosk: it needs the
// vpcd reader driver, which listens on every network interface.
//
// Usage: card-emulator [--host H] [--port P] [--profile NAME|FILE] [--pki DIR] [--removed]
//                      [--remove-after N]
// --profile: a card profile file (drivers/cardsim/profiles/*.toml), or the name of one of the
// project's profiles (cnie, passport-specimen, expired-card, no-emrtd-application,
// refuses-256-byte-reads, cnie-large-photo), or a transport test card (transport-test...).
// --pki: the test PKI folder (CSCA + Document Signer), generated there when missing; give
// its csca/ subfolder to the reader as trust store.
// Insert and remove the card while it runs:
//  - signals: SIGUSR1 removes the card (closes the vpcd link), SIGUSR2 inserts it again;
//  - standard input: lines "remove", "insert", "quit";
//  - --remove-after N pulls the card after N command APDUs (tests of a card pulled mid-read).
// While the card is inserted and the link breaks (pcscd restarted), it reconnects every
// 200 ms. SIGTERM or SIGINT ends it.
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "base/log.h"
#include "drivers/cardsim/simulated_chip.h"
#include "drivers/cardsim/transport_test_card.h"
#include "drivers/cardsim/vpcd_link.h"

namespace {

using kiosk::Log;
using kiosk::Subsystem;
using Clock = std::chrono::steady_clock;

constexpr auto kReconnectInterval = std::chrono::milliseconds(200);

struct Options {
  std::string host = "127.0.0.1";
  int port = 35963;
  std::string profile = "cnie";
  std::string pki_dir = "/tmp/guichet-card-emulator-pki";
  bool removed = false;
  uint64_t remove_after = 0;
  bool verbose = false;
};

std::unique_ptr<kiosk::card::ApduHandler> MakeCard(const Options& options, std::string* error) {
  using kiosk::cardsim::TransportTestCard;
  using kiosk::cardsim::TransportTestCardOptions;
  if (options.profile == "transport-test") return std::make_unique<TransportTestCard>();
  if (options.profile == "transport-test-no-emrtd") {
    return std::make_unique<TransportTestCard>(
        TransportTestCardOptions{.has_emrtd_application = false});
  }
  if (options.profile == "transport-test-refuse-256") {
    return std::make_unique<TransportTestCard>(TransportTestCardOptions{.refuse_256 = true});
  }
  // A profile file, or the name of one of the project's profiles (drivers/cardsim/profiles).
  std::string path = options.profile;
  if (path.find('/') == std::string::npos && path.find(".toml") == std::string::npos) {
    path = std::string(KIOSK_CARDSIM_PROFILES_DIR) + "/" + path + ".toml";
  }
  auto chip = kiosk::cardsim::SimulatedChip::FromProfile(path, options.pki_dir);
  if (!chip.ok()) {
    *error = chip.status().ToString();
    return nullptr;
  }
  return std::move(chip).value();
}

// Reads what is available on stdin and returns complete lines; clears *open at end of input.
std::vector<std::string> ReadCommands(std::string& pending, bool* open) {
  char buffer[256];
  ssize_t n = read(STDIN_FILENO, buffer, sizeof buffer);
  if (n <= 0) {
    *open = false;
    return {};
  }
  pending.append(buffer, static_cast<size_t>(n));
  std::vector<std::string> lines;
  size_t end;
  while ((end = pending.find('\n')) != std::string::npos) {
    std::string line = pending.substr(0, end);
    pending.erase(0, end + 1);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

int Run(const Options& options) {
  std::string error;
  auto card = MakeCard(options, &error);
  if (!card) {
    std::fprintf(stderr, "card-emulator: %s\n", error.c_str());
    return 2;
  }

  sigset_t signals;
  sigemptyset(&signals);
  for (int s : {SIGUSR1, SIGUSR2, SIGTERM, SIGINT}) sigaddset(&signals, s);
  sigprocmask(SIG_BLOCK, &signals, nullptr);
  int signal_fd = signalfd(-1, &signals, SFD_CLOEXEC);
  if (signal_fd < 0) {
    std::perror("card-emulator: signalfd");
    return 1;
  }

  kiosk::cardsim::VpcdLink link(*card);
  bool want_inserted = !options.removed;
  bool stdin_open = true;
  bool quit = false;
  uint64_t remove_after = options.remove_after;
  std::string stdin_pending;
  Clock::time_point next_attempt = Clock::now();
  bool reported_waiting = false;

  auto remove = [&] {
    want_inserted = false;
    link.Disconnect();
  };
  auto insert = [&] {
    want_inserted = true;
    next_attempt = Clock::now();
  };

  Log(Subsystem::kCard)
      .info("card-emulator: profile {}, vpcd {}:{}, card {}", options.profile, options.host,
            options.port, want_inserted ? "inserted" : "removed");
  while (!quit) {
    if (want_inserted && !link.connected() && Clock::now() >= next_attempt) {
      kiosk::Status status = link.Connect(options.host, options.port);
      if (!status.ok()) {
        if (!reported_waiting) Log(Subsystem::kCard).info("waiting for vpcd: {}", status.message());
        reported_waiting = true;
        next_attempt = Clock::now() + kReconnectInterval;
      } else {
        reported_waiting = false;
      }
    }

    pollfd fds[3];
    nfds_t count = 0;
    fds[count++] = {signal_fd, POLLIN, 0};
    int link_index = -1, stdin_index = -1;
    if (link.connected()) {
      link_index = static_cast<int>(count);
      fds[count++] = {link.fd(), POLLIN, 0};
    }
    if (stdin_open) {
      stdin_index = static_cast<int>(count);
      fds[count++] = {STDIN_FILENO, POLLIN, 0};
    }
    int timeout =
        (want_inserted && !link.connected()) ? static_cast<int>(kReconnectInterval.count()) : -1;
    if (poll(fds, count, timeout) < 0) continue;

    if (fds[0].revents & POLLIN) {
      signalfd_siginfo info{};
      if (read(signal_fd, &info, sizeof info) == sizeof info) {
        if (info.ssi_signo == SIGUSR1) remove();
        if (info.ssi_signo == SIGUSR2) insert();
        if (info.ssi_signo == SIGTERM || info.ssi_signo == SIGINT) quit = true;
      }
    }
    if (stdin_index >= 0 && (fds[stdin_index].revents & (POLLIN | POLLHUP))) {
      for (const std::string& line : ReadCommands(stdin_pending, &stdin_open)) {
        if (line == "remove") remove();
        if (line == "insert") insert();
        if (line == "quit") quit = true;
      }
    }
    if (link_index >= 0 && link.connected() && (fds[link_index].revents & (POLLIN | POLLHUP))) {
      kiosk::Status status = link.ServeOne();
      if (!status.ok()) {
        Log(Subsystem::kCard).warn("vpcd link: {}", status.message());
        link.Disconnect();
        next_attempt = Clock::now() + kReconnectInterval;
      } else if (remove_after > 0 && link.apdu_count() >= remove_after) {
        Log(Subsystem::kCard).info("pulling the card after {} APDUs", link.apdu_count());
        remove_after = 0;
        remove();
      }
    }
  }
  link.Disconnect();
  close(signal_fd);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"card-emulator: a simulated identity card for pcscd's vpcd reader (test only)"};
  Options options;
  app.add_option("--host", options.host, "vpcd host")->capture_default_str();
  app.add_option("--port", options.port, "vpcd port of the reader slot")->capture_default_str();
  app.add_option("--profile", options.profile,
                 "card profile: a .toml file, a profile name (cnie, passport-specimen, "
                 "expired-card, no-emrtd-application, refuses-256-byte-reads, "
                 "cnie-large-photo), or transport-test[-no-emrtd|-refuse-256]")
      ->capture_default_str();
  app.add_option("--pki", options.pki_dir,
                 "folder of the test PKI (CSCA in csca/, Document Signer), made when missing")
      ->capture_default_str();
  app.add_flag("--removed", options.removed, "start with the card out of the reader");
  app.add_option("--remove-after", options.remove_after,
                 "pull the card after this many command APDUs");
  app.add_flag("--verbose,-v", options.verbose, "debug logs");
  CLI11_PARSE(app, argc, argv);

  kiosk::LogOptions log_options;
  log_options.target = kiosk::LogOptions::Target::kStderr;
  log_options.level = options.verbose ? spdlog::level::debug : spdlog::level::info;
  kiosk::InitLogging(log_options);
  return Run(options);
}
