#!/usr/bin/env bash
# The long soak of issue 7's kill torture: a sync process is killed with SIGKILL at random
# points while submissions are confirmed and sent, 10,000 times (or $1 times); afterwards every
# confirmed submission must be at the centre exactly once and the queue consistent. The test
# command runs the same test with 200 kills.
#
# Usage: scripts/sync-kill-soak.sh [KILLS] [PRESET]   (defaults: 10000 dev). Takes hours.
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-10000}
preset=${2:-dev}
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" --target offline_kill_torture_test sync_torture_child \
  guichet-central
KIOSK_KILL_TORTURE_KILLS=$kills "build/$preset/bin/offline_kill_torture_test" \
  --gtest_filter='KillTorture.*'
