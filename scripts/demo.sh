#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, and starts the whole kiosk
# stack on this machine, on loopback only:
#
#   pcscd with the virtual reader driver (vpcd) and the card emulator holding a CNIe-like test
#   card, cupsd with a PDF printer, guichet-central (initialised, catalog of the five
#   procedures published), the kiosk enrolled with a one-time token, then the kiosk itself.
#
# With a display the kiosk opens its window and this terminal is the card's control (i: put
# the card on the reader, r: take it away, q: quit). Without one (or with --headless) it plays
# a citizen: card, CAN, birth certificate request, review, confirm, receipt, sync; and leaves
# the screenshots, the receipt PDF and the centre's record in one folder, printed at the end.
#
# Usage: scripts/demo.sh [--headless] [--offline] [--out DIR] [--bin DIR] [--no-install]
#   --offline     the centre is down when the citizen confirms; it comes back afterwards and
#                 the submission must reach it within 30 seconds, once.
#   --bin DIR     use the kiosk binaries in DIR instead of building the release preset.
#   --no-install  do not run scripts/install-deps.sh.
#
# Every service is a private instance (own configuration, sockets, ports and data under the
# output folder; cupsd's under /tmp, which its lp user can reach, linked from run/cups) in a
# private mount namespace; on exit the script stops exactly the processes it started, by
# process id. Needs root (or sudo) for the namespace.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)

headless=0
offline=0
install=1
out=""
bin=""
while [ $# -gt 0 ]; do
  case "$1" in
    --headless) headless=1 ;;
    --offline) offline=1 ;;
    --no-install) install=0 ;;
    --out) out=$2; shift ;;
    --bin) bin=$2; shift ;;
    -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ "${KIOSK_HEADLESS:-0}" = 1 ] && headless=1
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then headless=1; fi

# Root for the private mount namespace (pcscd runs once per machine otherwise).
if [ "$(id -u)" -ne 0 ]; then
  exec sudo --preserve-env=DISPLAY,WAYLAND_DISPLAY,XAUTHORITY,KIOSK_HEADLESS "$0" "$@"
fi
args=()
[ $headless = 1 ] && args+=(--headless)
[ $offline = 1 ] && args+=(--offline)
[ $install = 0 ] && args+=(--no-install)

if [ "${KIOSK_DEMO_IN_NAMESPACE:-0}" != 1 ]; then
  if [ $install = 1 ]; then bash "$repo/scripts/install-deps.sh"; fi
  if [ -z "$bin" ]; then
    cmake --preset release -S "$repo" >/dev/null
    cmake --build --preset release
    bin=$repo/build/release/bin
  fi
  bin=$(cd "$bin" && pwd)
  out=${out:-$repo/out/demo-$(date +%Y%m%d-%H%M%S)}
  mkdir -p "$out"
  out=$(cd "$out" && pwd)
  export KIOSK_DEMO_IN_NAMESPACE=1
  exec unshare --mount --propagation private "$0" "${args[@]}" --no-install --out "$out" \
    --bin "$bin"
fi

# --- From here on: inside the private mount namespace. ---------------------------------
run=$out/run
if [ -e "$run" ]; then
  echo "demo: $out holds an earlier run: give an empty or new folder to --out" >&2
  exit 2
fi
mkdir -p "$run" "$out/screens"
log() { printf 'demo: %s\n' "$*"; }
fail() { printf 'demo: FAILED: %s\n' "$*" >&2; exit 1; }

declare -A pids=()
cleanup() {
  local status=$?
  for name in kiosk card-emulator guichet-central cupsd pcscd; do
    local pid=${pids[$name]:-}
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  # CUPS's folders: keep the logs with the run's, then remove them.
  if [ -n "${cups:-}" ] && [ -d "$cups" ]; then
    rm -f "$run/cups"
    cp -r "$cups/log" "$run/cups-log" 2>/dev/null || true
    rm -rf "$cups"
  fi
  return $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free TCP port (and, with "pair", the next one free too: vpcd opens one per slot).
port_free() { ! (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null; }
free_port() {
  local p
  for _ in $(seq 200); do
    p=$(( (RANDOM % 20000) + 30000 ))
    if port_free "$p" && { [ "${1:-}" != pair ] || port_free $((p + 1)); }; then
      echo "$p"; return 0
    fi
  done
  return 1
}
wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...
  local seconds=$1 what=$2; shift 2
  for _ in $(seq $((seconds * 10))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  fail "$what did not come up within ${seconds}s (logs in $run)"
}

# --- pcscd with the vpcd virtual reader ---------------------------------------------------
vpcd_port=$(free_port pair)
mkdir -p /run/pcscd
mount -t tmpfs -o mode=0755,size=1m tmpfs /run/pcscd
printf 'FRIENDLYNAME "Guichet Demo PCD"\nDEVICENAME /dev/null:0x%04X\nLIBPATH %s\nCHANNELID 0x%04X\n' \
  "$vpcd_port" /usr/lib/pcsc/drivers/serial/libifdvpcd.so "$vpcd_port" >"$run/reader.conf"
pcscd --foreground --config "$run/reader.conf" >"$run/pcscd.log" 2>&1 &
pids[pcscd]=$!
readers_listed() { "$bin/kioskctl" --json card readers | grep -q 'Guichet Demo PCD 00 01'; }
wait_for 15 pcscd readers_listed
log "pcscd up, virtual reader on port $vpcd_port"

# --- the card emulator: a CNIe-like test card (invented person), off the reader -----------
profile=$repo/drivers/cardsim/profiles/cnie.toml
can=$(sed -n 's/^can = "\([0-9]*\)"/\1/p' "$profile")
"$bin/card-emulator" --port "$vpcd_port" --profile "$profile" --pki "$run/card-pki" --removed \
  </dev/null >"$run/card-emulator.log" 2>&1 &
pids[card-emulator]=$!
wait_for 15 "card emulator test PKI" test -d "$run/card-pki/csca"

# --- cupsd with a cups-pdf printer ---------------------------------------------------------
# CUPS runs its filters as the lp user, who must reach these folders: they live in a folder of
# their own under /tmp (linked from the run folder) rather than under an output folder that may
# sit in a private one.
cups=$(mktemp -d /tmp/guichet-demo-cups.XXXXXX)
chmod 0755 "$cups"
ln -s "$cups" "$run/cups"
cups_port=$(free_port)
mkdir -p "$cups"/{root,spool,cache,state,tmp,log,out,etc,cups-pdf-spool}
chmod 1777 "$cups/tmp"
chmod 0777 "$cups/out"
cat >"$cups/root/cupsd.conf" <<EOF
Listen 127.0.0.1:$cups_port
LogLevel info
WebInterface No
Browsing No
DefaultAuthType None
PreserveJobHistory Yes
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
EOF
cat >"$cups/root/cups-files.conf" <<EOF
ServerRoot $cups/root
RequestRoot $cups/spool
CacheDir $cups/cache
StateDir $cups/state
TempDir $cups/tmp
AccessLog $cups/log/access_log
ErrorLog $cups/log/error_log
PageLog $cups/log/page_log
Printcap $cups/state/printcap
User lp
Group lp
SystemGroup root
EOF
# cups-pdf reads its configuration from /etc/cups only: cupsd gets its own view of /etc/cups.
printf 'Out %s/out\nAnonDirName %s/out\nSpool %s/cups-pdf-spool\nLog %s/log\nLogType 1\nGrp root\nUserUMask 0000\nLabel 0\n' \
  "$cups" "$cups" "$cups" "$cups" >"$cups/etc/cups-pdf.conf"
unshare --mount --propagation private sh -c \
  "mount --bind '$cups/etc' /etc/cups && exec /usr/sbin/cupsd -f -c '$cups/root/cupsd.conf' -s '$cups/root/cups-files.conf'" \
  >"$cups/log/cupsd.out" 2>&1 &
pids[cupsd]=$!
wait_for 15 cupsd bash -c "exec 3<>/dev/tcp/127.0.0.1/$cups_port"
lpadmin -h "127.0.0.1:$cups_port" -p Guichet_PDF -E -v cups-pdf:/ \
  -P /usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd -o printer-error-policy=abort-job \
  -o pdftops-renderer-default=pdftops 2>>"$cups/log/lpadmin.log"
export CUPS_SERVER=127.0.0.1:$cups_port
log "cupsd up on port $cups_port with the printer Guichet_PDF"

# --- guichet-central ------------------------------------------------------------------------
central=$run/central
central_port=$(free_port)
central_url=https://127.0.0.1:$central_port
admin() { "$bin/guichet-central" admin --data "$central" "$@"; }
fingerprint=$(admin --json init | sed -n 's/.*"ca_sha256":"\([0-9a-f]*\)".*/\1/p')
[ -n "$fingerprint" ] || fail "guichet-central admin init"
admin catalog publish "$repo/procedures" >"$run/catalog-publish.log"
start_central() {
  "$bin/guichet-central" serve --listen "127.0.0.1:$central_port" --data "$central" \
    >>"$run/central.log" 2>&1 &
  pids[guichet-central]=$!
  wait_for 15 guichet-central bash -c "exec 3<>/dev/tcp/127.0.0.1/$central_port"
}
stop_central() {
  local pid=${pids[guichet-central]}
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || true
  pids[guichet-central]=""
}
start_central
token=$(admin --json token create --kiosk-id demo-kiosk-01 --valid-seconds 600 |
  sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || fail "guichet-central admin token create"
log "guichet-central up at $central_url (CA fingerprint ${fingerprint:0:16}...)"

# --- the kiosk: configuration, staff PIN, enrolment ----------------------------------------
config=$run/kiosk.toml
staff_pin=246810
cat >"$config" <<EOF
# Written by scripts/demo.sh for this run only.
[identity]
id = "demo-kiosk-01"
commune = "Saint-Étienne-du-Rouvray"
site = "Hôtel de ville — hall d’accueil"
languages = ["fr", "en", "es", "de"]

[session]
idle_timeout_s = 90
idle_warning_s = 20
card_removed_grace_s = 5

[card]
csca_dir = "$run/card-pki/csca"

[printer]
destination = "Guichet_PDF"
paper = "roll80"
job_timeout_s = 30

[central]
url = "$central_url"
catalog_key_file = "$central/catalog-signing.pub"
sync_interval_s = 5

[procedures]
default_dir = "$repo/procedures"

[storage]
data_dir = "$run/kiosk-data"

[logging]
level = "info"
EOF
mkdir -m 0700 "$run/kiosk-data"
printf '%s\n' "$staff_pin" | "$bin/kioskctl" -c "$config" configure --staff-pin >/dev/null
printf '%s\n' "$token" | "$bin/kioskctl" -c "$config" enrol --central "$central_url" --token - \
  --ca-fingerprint "$fingerprint" >"$run/enrol.log"
log "kiosk enrolled with a one-time token; configuration in $config"

# --- run ------------------------------------------------------------------------------------
kiosk_log=$run/kiosk.log
if [ $headless = 0 ]; then
  "$bin/kiosk" --config "$config" >"$kiosk_log" 2>&1 &
  pids[kiosk]=$!
  cat <<EOF

The kiosk is open. This terminal holds the test card (an invented person):
  i  put the card on the reader        r  take it away        q  quit
The card's code (CAN) is $can. Staff mode: hold the top-right corner of the welcome screen
for 3 seconds, PIN $staff_pin. Logs and data: $run
EOF
  while kill -0 "${pids[kiosk]}" 2>/dev/null; do
    if read -r -s -n 1 -t 1 key; then
      case "$key" in
        i) kill -USR2 "${pids[card-emulator]}"; echo "card on the reader" ;;
        r) kill -USR1 "${pids[card-emulator]}"; echo "card taken away" ;;
        q) break ;;
      esac
    fi
  done
  exit 0
fi

# Headless: a scripted citizen (scripts/demo/*.txt, format in docs/ui-script.md).
script=$repo/scripts/demo/citizen-online.txt
[ $offline = 1 ] && script=$repo/scripts/demo/citizen-offline.txt
sed "s/@CAN@/$can/g" "$script" >"$run/citizen.txt"
if [ $offline = 1 ]; then
  stop_central
  log "the centre is down: the citizen confirms while the kiosk is offline"
fi
"$bin/kiosk" --config "$config" --headless --devices real --script "$run/citizen.txt" \
  --screenshots "$out/screens" --card-emulator-pid "${pids[card-emulator]}" >"$kiosk_log" 2>&1 &
pids[kiosk]=$!

receipt_printed() { ls "$cups"/out/*.pdf >/dev/null 2>&1; }
if [ $offline = 1 ]; then
  wait_for 120 "the receipt" receipt_printed
  back_at=$(date +%s.%N)
  start_central
  log "the centre is back"
fi
if ! wait "${pids[kiosk]}"; then
  pids[kiosk]=""
  tail -n 30 "$kiosk_log" >&2
  fail "the scripted citizen session (see $kiosk_log)"
fi
pids[kiosk]=""

# What the citizen took home, and what the centre received.
wait_for 30 "the receipt" receipt_printed
cp "$(ls -t "$cups"/out/*.pdf | head -n 1)" "$out/receipt.pdf"
pdftotext -layout "$out/receipt.pdf" "$out/receipt.txt"
# --reveal: the record with its answers (an invented person: the demo may show them).
records() {
  admin submissions export --reveal >"$out/centre-records.jsonl" && [ -s "$out/centre-records.jsonl" ]
}
wait_for 30 "the submission at the centre" records
if [ $offline = 1 ]; then
  arrived=$(awk -v a="$back_at" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  log "the submission reached the centre ${arrived}s after it came back"
fi
count=$(wc -l <"$out/centre-records.jsonl")
[ "$count" -eq 1 ] || fail "the centre holds $count records, not 1"
admin submissions list >"$out/centre-list.txt"

echo
echo "The kiosk played a citizen session. What it showed and produced is in $out:"
echo "  screens/             screenshots of each screen reached"
echo "  receipt.pdf          the receipt as printed through CUPS (text in receipt.txt)"
echo "  centre-records.jsonl the record the central guichet stored (one JSON line)"
echo "  run/                 logs and data of every service of this run"
