// A private pcscd for tests, with the vpcd virtual reader on ports the test chose.
//
// pcscd runs once per machine (/run/pcscd/pcscd.comm): the tests never use or disturb the
// system one. Instead the test binary enters its own mount namespace with a tmpfs on
// /run/pcscd (EnterPrivatePcscdNamespace(), called by pcscd_test_main.cpp before any test and
// before any thread exists), and starts `pcscd -f -c <reader.conf>` there. Every PC/SC client
// in that process and its children (kioskctl, the card emulator's peers) sees only that
// daemon. Ports are shared between namespaces: the vpcd ports are picked free (two consecutive
// ports, one per vpcd slot).
//
// Needs root (unshare(CLONE_NEWNS), mount). Stops exactly what it started, by pid.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace kiosk::testing {

// Moves this process into a new private mount namespace with an empty tmpfs on /run/pcscd.
// Returns false (and the reason) when it cannot (not root); tests then skip.
bool EnterPrivatePcscdNamespace(std::string* error);
// Whether EnterPrivatePcscdNamespace() succeeded in this process.
bool InPrivatePcscdNamespace();

class PrivatePcscd {
 public:
  // Writes reader.conf in `dir`, starts pcscd and waits until both vpcd slots are listed
  // (or, with `with_vpcd` false, a daemon without any reader is answering).
  // REQUIRES: InPrivatePcscdNamespace(). Returns nullptr and sets *error on failure.
  static std::unique_ptr<PrivatePcscd> Start(const TempDir& dir, std::string* error,
                                             bool with_vpcd = true);
  ~PrivatePcscd();

  // The vpcd port of slot 0 (slot 1 listens on the next port).
  int vpcd_port(int slot = 0) const { return port_ + slot; }
  // PC/SC name of a slot's reader: "Kiosk Test PCD 00 00".
  std::string reader_name(int slot = 0) const;

  // Kills pcscd (SIGKILL, like a crash) and leaves it down.
  void Kill();
  // Starts it again on the same ports after Kill(); waits until the readers are listed.
  bool Restart(std::string* error);
  bool running() { return daemon_.running(); }

  // Starts the card emulator on slot `slot` with extra arguments (--profile ...).
  ChildProcess StartEmulator(const std::vector<std::string>& args, int slot = 0) const;

  // Readers pcscd lists right now (a fresh context each time), empty when none or down.
  static std::vector<std::string> ListReaders();
  // Whether a PC/SC client can establish a context (the daemon answers).
  static bool Answers();

 private:
  PrivatePcscd() = default;
  bool Launch(std::string* error);

  std::string config_path_;
  std::string log_path_;
  std::string emulator_log_path_;
  int port_ = 0;
  bool with_vpcd_ = true;
  ChildProcess daemon_;
};

}  // namespace kiosk::testing
