#!/usr/bin/env bash
# The README's second command: runs every test of the project on this machine.
#
#   1. installs the Debian packages the build and the tests need (idempotent);
#   2. checks the formatting of every C++ file;
#   3. builds and runs ctest for each preset in KIOSK_TEST_PRESETS (default: dev, asan, fuzz).
#      The tests start and stop their own private pcscd, cupsd, card emulator and central
#      server; nothing system-wide is used or left running.
# Exits non-zero as soon as anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

presets=${KIOSK_TEST_PRESETS:-"dev asan fuzz"}

bash scripts/install-deps.sh
bash scripts/check-format.sh

for preset in $presets; do
  echo "=== preset $preset: configure, build, test"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  ctest --preset "$preset"
done
echo "=== all tests passed (presets: $presets)"
