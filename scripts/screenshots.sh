#!/usr/bin/env bash
# Takes the README's pictures from the real window: a throw-away profile, Xvfb at 1280x800,
# keyboard only (xdotool), three signed webhooks from `hookbench send` into the listener.
#   scripts/screenshots.sh [build-dir]     (default build/release; writes docs/screenshots/*.png)
# Needs xvfb, xdotool and imagemagick (apt-get install -y xvfb xdotool imagemagick).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
build="${1:-build/release}"
if [[ ! -x "$build/bin/hookbench" ]]; then
    cmake --preset release >/dev/null && cmake --build --preset release >/dev/null
fi
hookbench="$root/$build/bin/hookbench"
work="$(mktemp -d)"
display=":$((300 + RANDOM % 300))"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
sleep 1
export DISPLAY="$display" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" DBUS_SESSION_BUS_ADDRESS=disabled:
"$hookbench" >/dev/null 2>&1 &
pids+=($!)
window="$(xdotool search --sync --onlyvisible --name Hookbench | head -1)"
xdotool windowsize "$window" 1280 800
xdotool windowfocus --sync "$window"
sleep 1

# Receive: start the listener (Alt+S) and let three providers deliver signed events.
xdotool key ctrl+2
sleep 0.5
xdotool key alt+s
sleep 1.5
for provider in stripe github shopify; do
    "$hookbench" send "http://127.0.0.1:8765/hooks/$provider" -d "{\"provider\":\"$provider\",\"id\":\"evt_1\"}" \
        --sign "$provider" --secret whsec_example >/dev/null
done
sleep 1
# The first capture into the inspector: Ctrl+F to the filter, Enter on to the table, Home to its first row.
xdotool key ctrl+f Return Home
sleep 1
mkdir -p docs/screenshots
import -window root docs/screenshots/receive.png

# Send: the capture opened as a request tab (Ctrl+Shift+O) and sent back (Ctrl+Enter).
xdotool key ctrl+shift+o
sleep 1
xdotool key ctrl+Return
sleep 1.5
import -window root docs/screenshots/send.png
echo "wrote docs/screenshots/receive.png and docs/screenshots/send.png"
