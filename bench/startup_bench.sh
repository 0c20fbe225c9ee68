#!/usr/bin/env bash
# Start-up: time from launching `hookbench` to its window being mapped on an X display
# (Xvfb), against `hookbench --version` (process start, Qt's libraries loaded, no window),
# median of N runs each, in one run:
#   - a fresh profile (what a new user gets);
#   - a used profile: 20,000 stored captures and 2,000 sends in history.
# Goal: the window maps within 0.3 s in both. Exit status 0 when met.
#   bench/startup_bench.sh [runs]          (default 15)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export HOOKBENCH_SETUP=bench
source scripts/setup.sh
hookbench_setup
cmake --preset release >/dev/null
cmake --build --preset release >/dev/null
hookbench="$root/build/release/bin/hookbench"
runs="${1:-15}"
python=/usr/bin/python3
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

display_number=$((200 + RANDOM % 500))
Xvfb ":$display_number" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 100); do [[ -e "/tmp/.X11-unix/X$display_number" ]] && break; sleep 0.05; done
export DISPLAY=":$display_number"

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
version_median() {
    for _ in $(seq "$runs"); do
        "$python" -c 'import subprocess, sys, time
t = time.monotonic(); subprocess.run([sys.argv[1], "--version"], stdout=subprocess.DEVNULL, check=True)
print("%.4f" % (time.monotonic() - t))' "$hookbench"
    done | median
}

# The used profile: captures through a real listener, sends through the real sender.
used="$work/used"
mkdir -p "$used"
port="$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
XDG_DATA_HOME="$used/data" XDG_CONFIG_HOME="$used/config" "$hookbench" listen --port "$port" --count 20000 \
    --output /dev/null >/dev/null 2>&1 &
listener=$!
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
XDG_DATA_HOME="$used/data" XDG_CONFIG_HOME="$used/config" "$hookbench" send "http://127.0.0.1:$port/hook" \
    -d '{"event":"user_registered","user_id":"123456"}' --repeat 2000 --concurrency 6 >/dev/null
"$python" - "$port" <<'PY'
import http.client, json, sys
connection = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]))
for i in range(18000):
    connection.request("POST", "/hook/%d" % i, json.dumps({"event": "order.created", "id": i}),
                       {"Content-Type": "application/json"})
    connection.getresponse().read()
PY
wait "$listener"

fresh_window="$("$python" bench/startup_probe.py "$hookbench" "$work/fresh" "$runs" | median)"
used_window="$("$python" bench/startup_probe.py "$hookbench" "$used" "$runs" | median)"
version="$(version_median)"

status=0
verdict() { awk -v t="$1" 'BEGIN { exit !(t <= 0.3) }' && echo "met" || echo "NOT met"; }
fresh_verdict="$(verdict "$fresh_window")"
used_verdict="$(verdict "$used_window")"
[[ "$fresh_verdict" == met && "$used_verdict" == met ]] || status=1
ratio() { awk -v a="$1" -v b="$version" 'BEGIN { printf "%.1f", a / b }'; }
printf 'start-up, median of %d runs (window mapped on Xvfb, 1920x1080)\n' "$runs"
printf '  hookbench --version          %6.3f s\n' "$version"
printf '  window, fresh profile        %6.3f s  (%sx --version)  goal <= 0.3 s: %s\n' "$fresh_window" \
    "$(ratio "$fresh_window")" "$fresh_verdict"
printf '  window, 20,000 captures      %6.3f s  (%sx --version)  goal <= 0.3 s: %s\n' "$used_window" \
    "$(ratio "$used_window")" "$used_verdict"
exit "$status"
