#!/usr/bin/env bash
# Sends 20,000 POSTs of a 1 KB JSON body to an nginx sink (one worker) on loopback with
#   hookbench send --repeat N --concurrency 6        history on (every response recorded), as a user runs it
#   hookbench send ... --no-history                  the same without recording
#   bench/qnam_send (bin/qnam_send)                  a minimal QNetworkAccessManager client with the
#                                                     Sender's proxy factory: the "Qt floor"
#   curl --parallel --parallel-max 6                 body once on the command line; -K lists only the URLs
#                                                     (curl joins data options repeated per URL in -K)
#   Python requests, one Session per thread, 6 threads
# in the same run, and prints requests/s for each and the ratios.
# Goals: hookbench (history on) >= 0.7 x curl and >= 5 x Python requests.
#
# It also counts syscalls per request of `hookbench send` under strace -c -f and says FAIL when
# read(2) calls per request are back at the byte-at-a-time level: Qt 6.4 reads a response head
# one byte per read(2) on an unbuffered socket, which SenderProxyFactory avoids by relying on Qt
# internals (see src/core/send/senderproxyfactory.h); a Qt upgrade must not undo that silently.
# qnam_send --plain (no factory) is counted too, as the reference for that level.
#
#   bench/send_bench.sh                          builds build/release (cmake --preset release) if needed
#   HOOKBENCH_BUILD_DIR=build/x bench/send_bench.sh
#   HOOKBENCH_BENCH_REQUESTS=5000 HOOKBENCH_BENCH_ROUNDS=3 bench/send_bench.sh   (median of rounds)
# Exit status: 0 when the goals are met and the read check passes, 1 otherwise.
# Results are also written to bench/results/ (not committed).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

HOOKBENCH_SETUP=bench source scripts/setup.sh
hookbench_setup

requests="${HOOKBENCH_BENCH_REQUESTS:-20000}"
rounds="${HOOKBENCH_BENCH_ROUNDS:-1}"
strace_requests="${HOOKBENCH_BENCH_STRACE_REQUESTS:-2000}"
concurrency=6
build_dir="${HOOKBENCH_BUILD_DIR:-build/release}"
python=/usr/bin/python3
# Reads per request at or above this are the byte-at-a-time level (Qt 6.4 without the
# factory: ~156 for this sink's ~150-byte response head); buffered, a request takes a few.
max_reads_per_request=20

if [[ ! -f "$build_dir/build.ninja" && ! -f "$build_dir/Makefile" ]]; then
    if [[ "$build_dir" == build/release ]]; then
        cmake --preset release >/dev/null
    else
        cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHOOKBENCH_BUILD_TESTS=OFF >/dev/null
    fi
fi
cmake --build "$build_dir" --target hookbench qnam_send >/dev/null
hookbench="$root/$build_dir/bin/hookbench"
qnam_send="$root/$build_dir/bin/qnam_send"

work="$(mktemp -d "${TMPDIR:-/tmp}/hookbench-send-bench.XXXXXX")"
nginx_pid=""
cleanup() {
    if [[ -n "$nginx_pid" ]] && kill -0 "$nginx_pid" 2>/dev/null; then
        kill "$nginx_pid"
        wait "$nginx_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port/hook"

# The sink: one worker, answers 200 once it has read the request body (`return` reads and discards it).
mkdir -p "$work/nginx"
cat >"$work/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    keepalive_requests 1000000;
    client_body_buffer_size 16k;
    server {
        listen 127.0.0.1:$port;
        default_type application/json;
        location / { return 200 '{"ok":true}'; }
    }
}
NGINX
nginx -p "$work/nginx" -c "$work/nginx.conf" &
nginx_pid=$!
for _ in $(seq 1 100); do
    if "$python" -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null; then break; fi
    sleep 0.05
done

# 1 KB of JSON, exactly 1024 bytes.
"$python" - "$work/body.json" <<'PY'
import json, sys
doc = {"event": "user_registered", "user_id": "123456", "padding": ""}
doc["padding"] = "x" * (1024 - len(json.dumps(doc)))
data = json.dumps(doc).encode()
assert len(data) == 1024, len(data)
open(sys.argv[1], "wb").write(data)
PY

# Only the URLs: the body is given once on curl's command line (see the top).
{
    for _ in $(seq 1 "$requests"); do
        printf 'url = "%s"\noutput = "/dev/null"\n' "$url"
    done
} >"$work/curl.cfg"

cat >"$work/requests_bench.py" <<'PY'
import collections, concurrent.futures, sys, threading
import requests
url, body_file, total, workers = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
body = open(body_file, "rb").read()
local = threading.local()
def post(_):
    session = getattr(local, "session", None)
    if session is None:
        session = local.session = requests.Session()
    return session.post(url, data=body, headers={"Content-Type": "application/json"}).status_code
with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
    counts = collections.Counter(pool.map(post, range(total)))
print(" ".join(f"{status}:{n}" for status, n in sorted(counts.items())))
PY

now() { date +%s.%N; }
rate() { "$python" -c "print(f'{$1 / ($3 - $2):.1f}')"; }
# CPU seconds (user + system) of the command run under measure(), from GNU time's output file.
measure() { /usr/bin/time -o "$work/time.out" -f "%U %S" "$@"; }
cpu_ms_per_1000() { "$python" -c "u, s = map(float, open('$work/time.out').read().split()[-2:]); print(f'{(u + s) * 1000 * 1000 / $requests:.0f}')"; }

# hookbench send; $1: on (history recorded in a fresh file) or off (--no-history).
run_hookbench() {
    local history="$work/history-$1-$RANDOM.sqlite" start end recorded
    local record=(--history "$history")
    [[ "$1" == off ]] && record=(--no-history)
    start=$(now)
    measure "$hookbench" send "$url" -d "@$work/body.json" --repeat "$requests" --concurrency "$concurrency" \
        "${record[@]}" >"$work/hookbench.out" 2>"$work/hookbench.err"
    end=$(now)
    if ! grep -q "^$requests requests: $requests succeeded" "$work/hookbench.out"; then
        echo "hookbench (history $1) did not get $requests x 200:" >&2
        cat "$work/hookbench.out" "$work/hookbench.err" >&2
        exit 1
    fi
    if [[ "$1" == on ]]; then
        recorded=$("$python" -c "import sqlite3; print(sqlite3.connect('$history').execute('select count(*) from sends where status = 200').fetchone()[0])")
        if [[ "$recorded" != "$requests" ]]; then
            echo "hookbench recorded $recorded of $requests sends in its history" >&2
            exit 1
        fi
        rm -f "$history" "$history-wal" "$history-shm"
    fi
    echo "$(rate "$requests" "$start" "$end") $(cpu_ms_per_1000)"
}

run_qnam() {
    local start end result
    start=$(now)
    result=$(measure "$qnam_send" "$url" "$work/body.json" "$requests" "$concurrency")
    end=$(now)
    if [[ "$result" != "200:$requests" ]]; then
        echo "qnam_send got $result" >&2
        exit 1
    fi
    echo "$(rate "$requests" "$start" "$end") $(cpu_ms_per_1000)"
}

run_curl() {
    local start end ok
    start=$(now)
    measure curl --parallel --parallel-max "$concurrency" --silent --no-progress-meter -X POST \
        -H "Content-Type: application/json" --data-binary "@$work/body.json" -w '%{http_code}\n' \
        -K "$work/curl.cfg" >"$work/curl.out" 2>"$work/curl.err"
    end=$(now)
    ok=$(grep -c '^200$' "$work/curl.out" || true)
    if [[ "$ok" != "$requests" ]]; then
        echo "curl got $ok x 200 of $requests" >&2
        exit 1
    fi
    echo "$(rate "$requests" "$start" "$end") $(cpu_ms_per_1000)"
}

run_python() {
    local start end result
    start=$(now)
    result=$(measure "$python" "$work/requests_bench.py" "$url" "$work/body.json" "$requests" "$concurrency")
    end=$(now)
    if [[ "$result" != "200:$requests" ]]; then
        echo "python requests got $result" >&2
        exit 1
    fi
    echo "$(rate "$requests" "$start" "$end") $(cpu_ms_per_1000)"
}

# "reads syscalls" per request of a command sending $strace_requests requests, from strace -c -f.
syscalls_per_request() {
    strace -f -c -o "$work/strace.out" "$@" >/dev/null 2>&1
    "$python" - "$work/strace.out" "$strace_requests" <<'PY'
import sys
reads = total = 0
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) >= 5 and parts[-1] == "read":
        reads = int(parts[3])
    if len(parts) >= 4 and parts[-1] == "total":
        total = int(parts[3])
n = int(sys.argv[2])
print(f"{reads / n:.1f} {total / n:.1f}")
PY
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

hb=() hn=() qn=() cu=() py=() hb_cpu=() hn_cpu=() qn_cpu=() cu_cpu=() py_cpu=()
for round in $(seq 1 "$rounds"); do
    # Interleaved, so drift in the machine's load touches every client alike.
    read -r r c <<<"$(run_hookbench on)"; hb+=("$r"); hb_cpu+=("$c")
    read -r r c <<<"$(run_hookbench off)"; hn+=("$r"); hn_cpu+=("$c")
    read -r r c <<<"$(run_qnam)"; qn+=("$r"); qn_cpu+=("$c")
    read -r r c <<<"$(run_curl)"; cu+=("$r"); cu_cpu+=("$c")
    read -r r c <<<"$(run_python)"; py+=("$r"); py_cpu+=("$c")
    echo "round $round: hookbench ${hb[-1]}/s (no history ${hn[-1]}/s), qnam_send ${qn[-1]}/s," \
        "curl ${cu[-1]}/s, python requests ${py[-1]}/s" >&2
done

# Syscalls per request, on a shorter run (strace slows every call down).
read -r hb_reads hb_calls <<<"$(syscalls_per_request "$hookbench" send "$url" -d "@$work/body.json" \
    --repeat "$strace_requests" --concurrency "$concurrency" --no-history)"
read -r plain_reads plain_calls <<<"$(syscalls_per_request "$qnam_send" "$url" "$work/body.json" \
    "$strace_requests" "$concurrency" --plain)"

report="$("$python" - "$requests" "$rounds" "$concurrency" "$max_reads_per_request" \
    "$(median "${hb[@]}")" "$(median "${hn[@]}")" "$(median "${qn[@]}")" "$(median "${cu[@]}")" "$(median "${py[@]}")" \
    "$(median "${hb_cpu[@]}")" "$(median "${hn_cpu[@]}")" "$(median "${qn_cpu[@]}")" "$(median "${cu_cpu[@]}")" \
    "$(median "${py_cpu[@]}")" "$hb_reads" "$hb_calls" "$plain_reads" "$plain_calls" "$strace_requests" <<'PY'
import sys
requests, rounds, concurrency = sys.argv[1:4]
max_reads = float(sys.argv[4])
hb, hn, qn, cu, py = map(float, sys.argv[5:10])
hb_cpu, hn_cpu, qn_cpu, cu_cpu, py_cpu = sys.argv[10:15]
hb_reads, hb_calls, plain_reads, plain_calls = map(float, sys.argv[15:19])
strace_requests = sys.argv[19]
ok_curl, ok_python, ok_reads = hb / cu >= 0.7, hb / py >= 5, hb_reads < max_reads
lines = [
    f"send bench: {requests} POSTs of 1 KB JSON to nginx (1 worker) on loopback, concurrency {concurrency}, "
    f"median of {rounds} round(s)",
    f"  hookbench send (history on)   {hb:10.1f} requests/s   {hb_cpu:>6} ms CPU per 1000 requests",
    f"  hookbench send --no-history   {hn:10.1f} requests/s   {hn_cpu:>6} ms CPU per 1000 requests",
    f"  qnam_send (the Qt floor)      {qn:10.1f} requests/s   {qn_cpu:>6} ms CPU per 1000 requests",
    f"  curl --parallel               {cu:10.1f} requests/s   {cu_cpu:>6} ms CPU per 1000 requests",
    f"  python requests (Session)     {py:10.1f} requests/s   {py_cpu:>6} ms CPU per 1000 requests",
    f"  hookbench / curl              {hb / cu:10.2f}   (goal >= 0.7: {'met' if ok_curl else 'NOT met'})",
    f"  hookbench / python requests   {hb / py:10.2f}   (goal >= 5: {'met' if ok_python else 'NOT met'})",
    f"  hookbench no history / curl   {hn / cu:10.2f}",
    f"  qnam_send / curl              {qn / cu:10.2f}",
    f"  syscalls per request (strace -c -f, {strace_requests} requests, history off):",
    f"    hookbench send              {hb_reads:6.1f} read(2), {hb_calls:6.1f} in all",
    f"    qnam_send --plain (no factory, the byte-at-a-time level) {plain_reads:6.1f} read(2), {plain_calls:6.1f} in all",
    f"  read check: {'ok' if ok_reads else 'FAIL'} (hookbench send reads per request {hb_reads:.1f}, "
    f"FAIL at >= {max_reads:.0f}: Qt reads response heads a byte at a time again, see senderproxyfactory.h)",
]
print("\n".join(lines))
sys.exit(0 if ok_curl and ok_python and ok_reads else 1)
PY
)" && status=0 || status=$?
echo "$report"
mkdir -p bench/results
{
    echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $(git rev-parse --short HEAD 2>/dev/null || echo unknown) nproc=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "$report"
} >>bench/results/send_bench.txt
exit "$status"
