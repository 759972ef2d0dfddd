#!/usr/bin/env bash
# Where PostgreSQL's time goes at new-alert load: starts the suite with pg_stat_statements loaded, sends WARM
# windows of new alerts (wrk -t2 -c16, 15 s each, 50 services, each after the suite is quiet) to warm the JVMs,
# resets the statistics and measures one more window until the suite is quiet again. Prints each window's rate, the
# CPU of every process in the measured window, the statements' time by database, and writes the 45 statements
# that took longest (all databases) to OUT/stmts.txt: database|ms|calls|rows|ms a call|WAL MB|full-page writes|text.
# Usage: bench/pg-statements.sh [OUT folder, default a new temporary one]; WARM=windows before the measured one
# (default 5). Build first: ./mvnw -DskipTests install (or ./run.sh once).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/suite.sh

bench_require wrk=wrk psql=postgresql-client curl=curl python3=python3 bc=bc
OUT=${1:-$(mktemp -d)}
mkdir -p "$OUT"
DATA=$(mktemp -d)
TOKEN=bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
mkdir -p "$DATA/fp"
trap bench_cleanup EXIT
trap 'exit 130' INT TERM
bench_header

# the extension must be preloaded: set it, then start the launcher again on the same data folder
suite_start
pg postgres "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'" >/dev/null
pg postgres "ALTER SYSTEM SET pg_stat_statements.track = 'all'" >/dev/null
kill -TERM "$LAUNCHER"; wait "$LAUNCHER" || true
BENCH_PIDS=()
suite_start
for db in postgres detection triage remediation comms; do pg $db "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null; done

# one 15 s window of new alerts; wrk is ended once both of its threads have stopped (see ingest.sh)
window() {
  rm -f "$DATA/fp/stopped-suite-$1-"*
  timeout 80 wrk -t2 -c16 -d45s --timeout 10s -s bench/lib/alerts.lua "$DETECTION" -- suite unique "$1" 50 50 \
    "$DATA/fp" "$TOKEN" 15 > "$DATA/wrk-$1.out" 2>&1 &
  local pid=$!
  while kill -0 $pid 2>/dev/null; do
    [ "$(ls "$DATA/fp" | grep -c "^stopped-suite-$1-")" -ge 2 ] && kill -INT $pid 2>/dev/null
    sleep 0.2
  done
  grep RESULT "$DATA/wrk-$1.out" | tr ' ' '\n' | grep -E "rps|p50|p99" | tr '\n' ' '; echo
}
for i in $(seq "${WARM:-5}"); do suite_settle 120 >/dev/null; echo -n "[bench] warm window $i: "; window w$i; done
suite_settle 120 >/dev/null
pg postgres "SELECT pg_stat_statements_reset()" >/dev/null
suite_ticks_by_process > "$OUT/ticks0"
echo -n "[bench] measured window: "; window m1
suite_settle 120 >/dev/null
suite_ticks_by_process > "$OUT/ticks1"
echo "[bench] CPU from the measured window's start until the suite was quiet:"
suite_cpu_between "$OUT/ticks0" "$OUT/ticks1"
echo "[bench] new alerts accepted in the measured window: $(cat "$DATA"/fp/accepted-m1-*.txt | wc -l)"
pg postgres "SELECT d.datname, round(s.total_exec_time::numeric, 0), s.calls, s.rows,
  round((s.total_exec_time / greatest(s.calls, 1))::numeric, 3), round(s.wal_bytes / 1e6, 1), s.wal_fpi,
  left(regexp_replace(s.query, '\s+', ' ', 'g'), 160)
  FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid ORDER BY s.total_exec_time DESC LIMIT 45" > "$OUT/stmts.txt"
echo "[bench] statements by database (database|ms|calls|WAL MB):"
pg postgres "SELECT d.datname, round(sum(s.total_exec_time)::numeric, 0), sum(s.calls), round(sum(s.wal_bytes) / 1e6, 1)
  FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid GROUP BY 1 ORDER BY 2 DESC" | tee "$OUT/bydb.txt"
echo "[bench] the 45 longest statements: $OUT/stmts.txt"
