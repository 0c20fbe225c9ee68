#!/usr/bin/env bash
# HTTPS receiving benchmark (issue 15): wrk drives 1 KB JSON POSTs over kept-alive TLS
# connections at 16 and 64 connections against `hookbench listen --tls` (store on), and
# in the same run against the same listener over plain HTTP and nginx (one worker) with
# TLS and the same certificate. Prints requests/s, p99 latency, the ratios, and whether
# every 2xx answer over TLS was stored.
#   bench/listen_tls_bench.sh [seconds-per-run]
#   HOOKBENCH_BENCH_PRESET=ci bench/listen_tls_bench.sh   (use the ci build instead of release)
#   HOOKBENCH_BIN=path/to/hookbench bench/listen_tls_bench.sh   (that binary, nothing built)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export HOOKBENCH_SETUP=bench
source scripts/setup.sh
hookbench_setup
preset="${HOOKBENCH_BENCH_PRESET:-release}"
if [[ -n "${HOOKBENCH_BIN:-}" ]]; then
    hookbench="$HOOKBENCH_BIN" # a binary built elsewhere; nothing is built
else
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" --target hookbench >/dev/null
    hookbench="build/$preset/bin/hookbench"
fi
duration="${1:-5}"
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; echo "port $1 never opened" >&2; return 1; }

/usr/bin/python3 -c 'import json; print(json.dumps({"event": "user_registered", "pad": "x" * (1024 - 40)}), end="")' >"$work/body.json"
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$work/body.json", "rb"); wrk.body = f:read("*a"); f:close()
LUA

# Both listeners run from a data folder of their own: the TLS one makes its local CA there.
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config"
plain_port=$(free_port); tls_port=$(free_port)
"$hookbench" listen --port "$plain_port" --store "$work/plain.sqlite" >/dev/null 2>"$work/plain.err" & pids+=($!)
"$hookbench" listen --tls --port "$tls_port" --store "$work/tls.sqlite" >/dev/null 2>"$work/tls.err" & pids+=($!)
wait_port "$plain_port"; wait_port "$tls_port"
ca=$(sed -n 's/^CA certificate: //p' "$work/tls.err")
folder=$(dirname "$ca")

# nginx with TLS: one worker (the listener is one event loop too), the listener's own
# certificate and key, TLS 1.2/1.3 as OpenSSL offers them, no access log.
nginx_tls=$(free_port)
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/body;
    server {
        listen 127.0.0.1:$nginx_tls ssl;
        ssl_certificate $folder/listener.pem;
        ssl_certificate_key $folder/listener-key.pem;
        ssl_protocols TLSv1.2 TLSv1.3;
        location / { return 200; }
    }
}
CONF
nginx -c "$work/nginx.conf" -g 'daemon off;' & pids+=($!)
wait_port "$nginx_tls"
# Every peer really speaks what it is measured on.
curl -sS --cacert "$ca" -o /dev/null "https://localhost:$tls_port/check"
curl -sS --cacert "$ca" -o /dev/null "https://localhost:$nginx_tls/check"

# run URL CONNECTIONS -> "rps p99ms non2xx total"
run() {
    local out rps p99 non2xx total
    out=$(wrk -t1 -c"$2" -d"${duration}s" --latency -s "$work/post.lua" "$1" 2>&1)
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out"); non2xx=${non2xx:-0}
    total=$(awk '/requests in/ {print $1}' <<<"$out")
    echo "$rps $p99 $non2xx $total"
}
stored() { /usr/bin/python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from captures').fetchone()[0])" "$work/tls.sqlite"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

printf '%-5s | %-24s %-24s %-24s | %-13s %-13s | %s\n' conns "hookbench https (p99 ms)" "hookbench http" "nginx https" \
    "https/http" "vs nginx tls" "stored vs 2xx (https)"
status=0
for conns in 16 64; do
    before=$(stored)
    read -r t_rps t_p99 t_bad t_total < <(run "https://127.0.0.1:$tls_port/webhook" "$conns")
    sleep 0.5
    after=$(stored)
    read -r p_rps p_p99 _ _ < <(run "http://127.0.0.1:$plain_port/webhook" "$conns")
    read -r n_rps n_p99 _ _ < <(run "https://127.0.0.1:$nginx_tls/webhook" "$conns")
    answered=$((t_total - t_bad)); captured=$((after - before))
    verdict="lost 0"
    if ((captured < answered)); then verdict="LOST $((answered - captured))"; status=1; fi
    printf '%-5s | %-24s %-24s %-24s | %-13s %-13s | %s answered, %s stored, %s\n' "$conns" \
        "$t_rps ($t_p99)" "$p_rps ($p_p99)" "$n_rps ($n_p99)" "$(ratio "$t_rps" "$p_rps")" \
        "$(ratio "$t_rps" "$n_rps")" "$answered" "$captured" "$verdict"
done
echo "1 KB POSTs over kept-alive connections (wrk -t1; handshakes happen once per connection). Binary: $hookbench."
exit $status
