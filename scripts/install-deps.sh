#!/usr/bin/env bash
# Installs every Debian 12 package the kiosk needs to build, test and run its demo.
# Idempotent: packages already present are skipped, so a second run is quick.
set -euo pipefail

packages=(
  # toolchain and quality gates
  build-essential cmake ninja-build pkg-config clang clang-format clang-tidy
  libclang-rt-14-dev
  # libraries
  libimgui-dev libsdl2-dev libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev
  libyaml-cpp-dev nlohmann-json3-dev libcpp-httplib-dev libssl-dev libcurl4-openssl-dev
  libsqlite3-dev libpcsclite-dev libnfc-dev libcups2-dev libcairo2-dev libpango1.0-dev
  libqrencode-dev libzbar-dev libargon2-dev libsystemd-dev libutf8proc-dev libre2-dev libstb-dev
  libpng-dev libespeak-ng-dev libgtest-dev libgmock-dev libbenchmark-dev
  # fonts with every glyph French needs
  fonts-dejavu-core fonts-noto-core
  # services and tools used by the demo and the tests
  pcscd pcsc-tools vsmartcard-vpcd cups cups-bsd printer-driver-cups-pdf zbar-tools
  poppler-utils espeak-ng hyperfine procps iproute2 util-linux
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  sudo=sudo
else
  sudo=
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# policy-rc.d keeps package scripts from starting system-wide pcscd or cupsd: the demo and
# the tests start private instances of their own.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod +x "$policy"
  created_policy=1
fi
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
if [ "$created_policy" -eq 1 ]; then
  $sudo rm -f "$policy"
fi
echo "install-deps: done"
