#!/usr/bin/env bash
# Store benchmark: wrk drives 1 KB JSON POSTs at 16 connections against `hookbench listen`
# storing in SQLite (the embedded default) and in PostgreSQL (the team inbox, a throw-away
# local server with its default durability: synchronous_commit on, fsync on), in one run.
# Prints requests/s, p99 latency, the PostgreSQL / SQLite ratio, and whether every 2xx
# answer was stored. A third row stores in a database with synchronous_commit off, to show
# what the server's WAL flush per commit costs (not a setting Hookbench makes: a server crash
# could then lose answered deliveries).
#   bench/store_bench.sh [seconds-per-run]
# HOOKBENCH_BIN=build/ci/bin measures an existing build instead of building the release preset.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export HOOKBENCH_SETUP=bench
source scripts/setup.sh
hookbench_setup
bin="${HOOKBENCH_BIN:-build/release/bin}"
if [[ -z "${HOOKBENCH_BIN:-}" ]]; then
    cmake --preset release >/dev/null
    cmake --build --preset release >/dev/null
fi
duration="${1:-5}"
work="$(mktemp -d)"
pids=()
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
# initdb and postgres refuse root: run them as Debian's `postgres` user then.
as_pg=()
if [[ $(id -u) -eq 0 ]]; then as_pg=(runuser -u postgres --); chown postgres: "$work"; fi
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [[ -f "$work/pg/postmaster.pid" ]] && "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; echo "port $1 never opened" >&2; return 1; }

pg_port=$(free_port)
"${as_pg[@]}" "$pg_bin/initdb" -D "$work/pg" -U hookbench --auth=trust -E UTF8 >/dev/null
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w \
    -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1" start >/dev/null
uri="postgresql://hookbench@127.0.0.1:$pg_port/postgres"
relaxed_uri="postgresql://hookbench@127.0.0.1:$pg_port/relaxed"
psql -X -q "$uri" -c "CREATE DATABASE relaxed" -c "ALTER DATABASE relaxed SET synchronous_commit = off"

/usr/bin/python3 -c 'import json; print(json.dumps({"event": "user_registered", "pad": "x" * 984}), end="")' >"$work/body.json"
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$work/body.json", "rb"); wrk.body = f:read("*a"); f:close()
LUA
chmod a+r "$work"/*.json "$work"/*.lua

sqlite_port=$(free_port); pg_listen_port=$(free_port); relaxed_port=$(free_port)
"$bin/hookbench" listen --port "$sqlite_port" --store "$work/captures.sqlite" >/dev/null 2>"$work/sqlite.err" &
pids+=($!)
"$bin/hookbench" listen --port "$pg_listen_port" --store "$uri" >/dev/null 2>"$work/pg.err" &
pids+=($!)
"$bin/hookbench" listen --port "$relaxed_port" --store "$relaxed_uri" >/dev/null 2>"$work/relaxed.err" &
pids+=($!)
wait_port "$sqlite_port"; wait_port "$pg_listen_port"; wait_port "$relaxed_port"

# run URL → "rps p99ms non2xx total"
run() {
    local out rps p99 non2xx total
    out=$(wrk -t1 -c16 -d"${duration}s" --latency -s "$work/post.lua" "$1" 2>&1)
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out"); non2xx=${non2xx:-0}
    total=$(awk '/requests in/ {print $1}' <<<"$out")
    echo "$rps $p99 $non2xx $total"
}
stored() {
    "$bin/hookbench" export --store "$1" 2>/dev/null | wc -l
}

status=0
printf '%-22s | %-10s %-8s | %s\n' store "rps" "p99 ms" "stored vs 2xx"
declare -A rate
for store in sqlite postgresql postgresql-async-commit; do
    case $store in
    sqlite) port=$sqlite_port; location="$work/captures.sqlite" ;;
    postgresql) port=$pg_listen_port; location="$uri" ;;
    *) port=$relaxed_port; location="$relaxed_uri" ;;
    esac
    read -r rps p99 bad total < <(run "http://127.0.0.1:$port/webhook")
    sleep 0.5
    answered=$((total - bad)); captured=$(stored "$location")
    verdict="lost 0"
    if ((captured < answered)); then verdict="LOST $((answered - captured))"; status=1; fi
    rate[$store]=$rps
    printf '%-22s | %-10s %-8s | %s answered, %s stored, %s\n' "$store" "$rps" "$p99" "$answered" "$captured" "$verdict"
done
awk -v a="${rate[postgresql]}" -v c="${rate[postgresql-async-commit]}" -v b="${rate[sqlite]}" \
    'BEGIN { printf "PostgreSQL / SQLite at 1 KB, 16 connections: %.2f (with synchronous_commit off: %.2f)\n", a / b, c / b }'
exit $status
