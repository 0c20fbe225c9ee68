#!/usr/bin/env bash
# Sends 10,000 POSTs of a 1 KB JSON body to an nginx sink on loopback with
#   hookbench send --repeat 10000 --concurrency 6   (history on: every response recorded)
#   curl --parallel --parallel-max 6                (10,000 URLs from a config file)
#   Python requests, one Session per thread, 6 threads
# in the same run, and prints requests/s for each and the ratios. Goal: hookbench >= 0.5 x curl.
#
#   bench/send_bench.sh                       builds build/release (Release, no tests) if needed
#   HOOKBENCH_BUILD_DIR=build/x bench/send_bench.sh
#   HOOKBENCH_BENCH_REQUESTS=2000 HOOKBENCH_BENCH_ROUNDS=3 bench/send_bench.sh   (median of rounds)
# Results are also written to bench/results/ (not committed).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

HOOKBENCH_SETUP=bench source scripts/setup.sh
hookbench_setup

requests="${HOOKBENCH_BENCH_REQUESTS:-10000}"
rounds="${HOOKBENCH_BENCH_ROUNDS:-1}"
concurrency=6
build_dir="${HOOKBENCH_BUILD_DIR:-build/release}"
python=/usr/bin/python3

if [[ ! -f "$build_dir/build.ninja" && ! -f "$build_dir/Makefile" ]]; then
    cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHOOKBENCH_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$build_dir" --target hookbench >/dev/null
hookbench="$root/$build_dir/bin/hookbench"

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

# The sink: answers 200 once it has read the request body (`return` reads and discards it).
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

run_hookbench() {
    local history="$work/history-$1.sqlite" start end
    start=$(now)
    measure "$hookbench" send "$url" -d "@$work/body.json" --repeat "$requests" --concurrency "$concurrency" \
        --history "$history" >"$work/hookbench.out" 2>"$work/hookbench.err"
    end=$(now)
    local recorded
    recorded=$("$python" -c "import sqlite3; print(sqlite3.connect('$history').execute('select count(*) from sends where status = 200').fetchone()[0])")
    if ! grep -q "^$requests requests: $requests succeeded" "$work/hookbench.out" || [[ "$recorded" != "$requests" ]]; then
        echo "hookbench did not get $requests x 200 recorded (recorded: $recorded):" >&2
        cat "$work/hookbench.out" "$work/hookbench.err" >&2
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

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

hb=() cu=() py=() hb_cpu=() cu_cpu=() py_cpu=()
for round in $(seq 1 "$rounds"); do
    # Interleaved, so drift in the machine's load touches every tool alike.
    read -r r c <<<"$(run_hookbench "$round")"; hb+=("$r"); hb_cpu+=("$c")
    read -r r c <<<"$(run_curl)"; cu+=("$r"); cu_cpu+=("$c")
    read -r r c <<<"$(run_python)"; py+=("$r"); py_cpu+=("$c")
    echo "round $round: hookbench ${hb[-1]}/s, curl ${cu[-1]}/s, python requests ${py[-1]}/s" >&2
done
hb_rate=$(median "${hb[@]}")
cu_rate=$(median "${cu[@]}")
py_rate=$(median "${py[@]}")
cpu="$(median "${hb_cpu[@]}") $(median "${cu_cpu[@]}") $(median "${py_cpu[@]}")"

report="$("$python" - "$hb_rate" "$cu_rate" "$py_rate" "$requests" "$rounds" "$concurrency" $cpu <<'PY'
import sys
hb, cu, py = map(float, sys.argv[1:4])
requests, rounds, concurrency = sys.argv[4:7]
hb_cpu, cu_cpu, py_cpu = sys.argv[7:10]
lines = [
    f"send bench: {requests} POSTs of 1 KB JSON to nginx on loopback, concurrency {concurrency}, "
    f"median of {rounds} round(s)",
    f"  hookbench send (history on)  {hb:10.1f} requests/s   {hb_cpu:>6} ms CPU per 1000 requests",
    f"  curl --parallel              {cu:10.1f} requests/s   {cu_cpu:>6} ms CPU per 1000 requests",
    f"  python requests (Session)    {py:10.1f} requests/s   {py_cpu:>6} ms CPU per 1000 requests",
    f"  hookbench / curl             {hb / cu:10.2f}   (goal >= 0.50: {'met' if hb / cu >= 0.5 else 'NOT met'})",
    f"  hookbench / python requests  {hb / py:10.2f}",
]
print("\n".join(lines))
PY
)"
echo "$report"
mkdir -p bench/results
{
    echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $(git rev-parse --short HEAD 2>/dev/null || echo unknown) nproc=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "$report"
} >>bench/results/send_bench.txt
