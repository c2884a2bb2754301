#!/usr/bin/env bash
# The README's first command: installs what is missing, builds the kiosk and starts it.
#
# With a display ($DISPLAY or $WAYLAND_DISPLAY) the kiosk opens its window. Without one it
# renders headless and writes what it shows to an output folder, printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release

config=config/kiosk.demo.toml
bin=build/release/bin
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "${KIOSK_HEADLESS:-0}" != 1 ]; then
  exec "$bin/kiosk" --config "$config" "$@"
fi

out=${KIOSK_DEMO_OUT:-out/demo-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
"$bin/kiosk" --config "$config" --headless --screenshot "$out/welcome-portrait.png" "$@"
"$bin/kiosk" --config "$config" --headless --orientation landscape \
  --screenshot "$out/welcome-landscape.png" "$@"
echo
echo "No display: the kiosk ran headless. What it showed is in $out/:"
ls -1 "$out"
