#!/usr/bin/env bash
# Receiving benchmark: wrk drives 1 KB and 64 KB JSON POSTs at 16 and 64 connections
# against `hookbench listen` (store on), nginx (`return 200`, and a variant that reads
# the whole body), and the classic Flask receiver, all in one run on loopback.
# Prints requests/s, p99 latency, the ratios, and whether every 2xx answer was stored.
#   bench/listen_bench.sh [seconds-per-run]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export HOOKBENCH_SETUP=bench
source scripts/setup.sh
hookbench_setup
cmake --preset release >/dev/null
cmake --build --preset release >/dev/null
duration="${1:-5}"
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; echo "port $1 never opened" >&2; return 1; }

# Payloads: JSON objects of 1 KB and 64 KB.
for size in 1024 65536; do
    /usr/bin/python3 - "$size" >"$work/body-$size.json" <<'PY'
import json, sys
size = int(sys.argv[1]); items = []; doc = {"event": "user_registered", "items": items}
while len(json.dumps(doc)) < size - 40: items.append({"id": len(items), "name": "item-%d" % len(items)})
doc["pad"] = "x" * (size - len(json.dumps(doc)) - 10); print(json.dumps(doc)[:size], end="")
PY
    /usr/bin/python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$work/body-$size.json" 2>/dev/null \
        || /usr/bin/python3 - "$size" >"$work/body-$size.json" <<'PY'
import json, sys
size = int(sys.argv[1]); print(json.dumps({"event": "user_registered", "pad": "x" * (size - 40)}), end="")
PY
    cat >"$work/post-$size.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$work/body-$size.json", "rb"); wrk.body = f:read("*a"); f:close()
LUA
done

# nginx: one worker (Hookbench's listener is one event loop too), no access log.
nginx_return=$(free_port); nginx_read=$(free_port)
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/body;
    proxy_temp_path $work/proxy;
    client_max_body_size 64m;
    client_body_buffer_size 128k;
    server { listen 127.0.0.1:$nginx_return; location / { return 200; } }
    # Reading the whole body: nginx buffers it completely before proxying it on.
    upstream sink { server 127.0.0.1:$nginx_return; keepalive 64; }
    server { listen 127.0.0.1:$nginx_read; location / {
        proxy_request_buffering on; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_pass http://sink; } }
}
CONF
nginx -c "$work/nginx.conf" -g 'daemon off;' & pids+=($!)

# The classic Flask receiver.
flask_port=$(free_port)
cat >"$work/flask_receiver.py" <<'PY'
import logging, sys
from flask import Flask, request
app = Flask(__name__)
logging.getLogger('werkzeug').setLevel(logging.ERROR)
@app.route('/webhook', methods=['POST'])
def webhook():
    payload = request.get_json()
    return 'OK', 200
app.run(host='127.0.0.1', port=int(sys.argv[1]), threaded=True)
PY
/usr/bin/python3 "$work/flask_receiver.py" "$flask_port" >/dev/null 2>&1 & pids+=($!)

hook_port=$(free_port)
build/release/bin/hookbench listen --port "$hook_port" --store "$work/captures.sqlite" >/dev/null 2>"$work/hookbench.err" & hook_pid=$!; pids+=($hook_pid)
for p in $nginx_return $nginx_read $flask_port $hook_port; do wait_port "$p"; done

# run NAME URL SIZE CONNECTIONS → "rps p99ms non2xx total"
run() {
    local out rps p99 non2xx total
    out=$(wrk -t1 -c"$4" -d"${duration}s" --latency -s "$work/post-$3.lua" "$2" 2>&1)
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out"); non2xx=${non2xx:-0}
    total=$(awk '/requests in/ {print $1}' <<<"$out")
    echo "$rps $p99 $non2xx $total"
}

stored() { /usr/bin/python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from captures').fetchone()[0])" "$work/captures.sqlite"; }

printf '%-6s %-5s | %-22s %-22s %-22s %-22s | %-9s %-9s %-9s | %s\n' size conns "hookbench rps (p99 ms)" "nginx return200" "nginx read-body" "flask" "vs nginx" "vs read" "vs flask" "stored vs 2xx"
status=0
for size in 1024 65536; do
    for conns in 16 64; do
        before=$(stored)
        read -r h_rps h_p99 h_bad h_total < <(run hookbench "http://127.0.0.1:$hook_port/webhook" "$size" "$conns")
        sleep 0.5
        after=$(stored)
        read -r n_rps n_p99 _ _ < <(run nginx "http://127.0.0.1:$nginx_return/webhook" "$size" "$conns")
        read -r r_rps r_p99 _ _ < <(run nginx-read "http://127.0.0.1:$nginx_read/webhook" "$size" "$conns")
        read -r f_rps f_p99 _ _ < <(run flask "http://127.0.0.1:$flask_port/webhook" "$size" "$conns")
        answered=$((h_total - h_bad))
        captured=$((after - before))
        # wrk stops with up to one request per connection in flight: those may be stored
        # without wrk counting their answer, never the other way round.
        verdict="lost 0"
        if ((captured < answered)); then verdict="LOST $((answered - captured))"; status=1; fi
        ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
        printf '%-6s %-5s | %-22s %-22s %-22s %-22s | %-9s %-9s %-9s | %s answered, %s stored, %s\n' \
            "$size" "$conns" "$h_rps ($h_p99)" "$n_rps ($n_p99)" "$r_rps ($r_p99)" "$f_rps ($f_p99)" \
            "$(ratio "$h_rps" "$n_rps")" "$(ratio "$h_rps" "$r_rps")" "$(ratio "$h_rps" "$f_rps")" \
            "$answered" "$captured" "$verdict"
    done
done
echo "Goals (restated after #3): 1 KB/16 conns stored >= 0.5 x nginx (wrk -t1, nginx with one worker) and >= 20 x Flask; 64 KB >= 1.0 x body-reading nginx; zero lost."

# The window during a flood: the real MainWindow (offscreen) with its listener started from
# the Receive panel while wrk floods it; a 10 ms timer on the GUI thread records how late
# the event loop runs, and RSS growth per capture is what the app holds beyond the store.
gui_port=$(free_port)
gui_seconds=$((duration * 2))
XDG_DATA_HOME="$work/xdg-data" XDG_CONFIG_HOME="$work/xdg-config" QT_QPA_PLATFORM=offscreen \
    build/release/bin/gui_flood "$gui_port" "$gui_seconds" >"$work/gui.json" 2>"$work/gui.err" & gui_pid=$!; pids+=($gui_pid)
wait_port "$gui_port"
sleep 1
wrk -t2 -c16 -d"${gui_seconds}s" -s "$work/post-1024.lua" "http://127.0.0.1:$gui_port/webhook" >/dev/null
wait "$gui_pid" || true
/usr/bin/python3 - "$work/gui.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print("window under a 1 KB/16-connection flood: %d captures in the table, event loop late by p50 %d ms, p99 %d ms (max %d ms; goal p99 < 50 ms), %.0f bytes per capture overall, %.0f in the second half (goal < 300)"
      % (r["captures"], r["latenessP50Ms"], r["latenessP99Ms"], r["latenessMaxMs"], r["bytesPerCapture"], r["bytesPerCaptureSecondHalf"]))
PY
exit $status
