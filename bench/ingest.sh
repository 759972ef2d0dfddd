#!/usr/bin/env bash
# Ingest throughput of the suite next to Prometheus Alertmanager (issue 7), in one run on this machine:
#  1. unique alerts (each request a new alert), wrk, 16 connections, 2 threads, for a fixed time, to the
#     suite's POST /api/v1/alerts and to Alertmanager's POST /api/v2/alerts;
#  2. duplicates: the same 50 alerts, sent once first, then over and over, likewise;
#  3. fixed rate: alerts due at a fixed rate (open model, bench/lib/openload.py) to both; p50/p99 of the answer;
#  4. what the suite stored against what it accepted (its 202s): lost, stored twice.
# Starts the suite (launcher jar) and Alertmanager on free loopback ports with a throw-away data folder,
# stops both at the end, and fails if a process is left behind. Installs wrk, Alertmanager, psql if missing.
# Usage: bench/ingest.sh [seconds per wrk run, default 15] [fixed rate, alerts/s, default 1000]
#                        [seconds of the fixed-rate run, default 10]
# Build first: ./mvnw -DskipTests install (or ./run.sh once). KEEP_DATA=1 keeps the data folder and logs;
# WARMUP=seconds of new alerts on the suite first, in windows of 15 s with a quiet suite before each (default
# 90; Alertmanager gets 5 s), and half of it (at most 30 s) on the suite's repeat path before the duplicate run.
# The warm-up windows' rates are printed (cold start to warm), not counted as the unique run.
set -euo pipefail
cd "$(dirname "$0")/.."
RUN_SECONDS=${1:-15}
RATE=${2:-1000}
RATE_SECONDS=${3:-10}
CONNECTIONS=16
THREADS=2
SERVICES=50      # alerts spread over svc-0 .. svc-49
SET=50           # the duplicate shape re-sends these many alerts
source bench/lib/suite.sh

bench_require wrk=wrk prometheus-alertmanager=prometheus-alertmanager psql=postgresql-client curl=curl \
  python3=python3 bc=bc
DATA=$(mktemp -d)
TOKEN=bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
mkdir -p "$DATA/fp"
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

AM_VERSION=$(prometheus-alertmanager --version 2>&1 | head -1)
bench_header
echo "[bench] $AM_VERSION; $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"

suite_start
SUITE_URL=$DETECTION/api/v1/alerts

# Alertmanager: one black-hole receiver, grouped by alert name and service; no cluster, own storage.
AM_PORT=$(free_port)
cat > "$DATA/alertmanager.yml" <<'EOF'
route:
  receiver: blackhole
  group_by: [alertname, service]
receivers:
  - name: blackhole
EOF
prometheus-alertmanager --config.file="$DATA/alertmanager.yml" --storage.path="$DATA/alertmanager" \
  --web.listen-address="127.0.0.1:$AM_PORT" --cluster.listen-address= --log.level=warn > "$DATA/alertmanager.log" 2>&1 &
BENCH_PIDS+=($!)
AM_URL=http://127.0.0.1:$AM_PORT/api/v2/alerts
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$AM_PORT/-/ready" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$AM_PORT/-/ready" >/dev/null || { cat "$DATA/alertmanager.log"; echo "Alertmanager did not start"; exit 1; }
echo "[bench] Alertmanager ready on 127.0.0.1:$AM_PORT"

declare -A R    # R[<run>.<key>] from wrk's RESULT line or openload's summary

# wrk_run NAME TARGET SHAPE PREFIX URL: one wrk run with a load window of RUN_SECONDS; then each connection
# waits for its last answer (up to DRAIN seconds, so that no request is cut off in the middle) and wrk is
# ended; its RESULT line goes into R.
DRAIN=30
wrk_run() {
  local name=$1 target=$2 shape=$3 prefix=$4 url=$5 kv pid
  suite_settle 120
  rm -f "$DATA/fp/stopped-$target-$prefix-"*   # a run before with the same prefix (the warm-ups) left its own
  echo "[bench] $name: wrk -t$THREADS -c$CONNECTIONS, ${RUN_SECONDS} s of $shape alerts to $target"
  timeout $((RUN_SECONDS + DRAIN + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"$((RUN_SECONDS + DRAIN))s" --timeout 10s \
    -s bench/lib/alerts.lua "$url" -- "$target" "$shape" "$prefix" "$SERVICES" "$SET" "$DATA/fp" "$TOKEN" "$RUN_SECONDS" \
    > "$DATA/wrk-$name.out" 2>&1 &
  pid=$!
  BENCH_PIDS+=("$pid")
  while kill -0 "$pid" 2>/dev/null; do   # every thread has its answers: end wrk (SIGINT ends its wait)
    [ "$(ls "$DATA/fp" | grep -c "^stopped-$target-$prefix-")" -ge "$THREADS" ] && kill -INT "$pid" 2>/dev/null
    sleep 0.2
  done
  wait "$pid" || { cat "$DATA/wrk-$name.out"; exit 1; }
  grep -q '^RESULT ' "$DATA/wrk-$name.out" || { cat "$DATA/wrk-$name.out"; echo "wrk printed no result"; exit 1; }
  for kv in $(grep '^RESULT ' "$DATA/wrk-$name.out" | cut -d' ' -f2-); do R[$name.${kv%%=*}]=${kv#*=}; done
  echo "[bench]   ${R[$name.rps]} alerts/s answered within the window, p50 ${R[$name.p50_ms]} ms, p99 ${R[$name.p99_ms]} ms," \
    "2xx ${R[$name.ok]}, non-2xx ${R[$name.non2xx]} (${R[$name.codes]}), answered after the window ${R[$name.drained]}," \
    "cut off ${R[$name.cut_off]}, socket errors ${R[$name.connect]}/${R[$name.read]}/${R[$name.write]}/${R[$name.timeout]} (connect/read/write/timeout)"
}

# open_run NAME TARGET URL PREFIX RATE COUNT GIVE_UP: openload.py at a fixed rate; its summary goes into R.
open_run() {
  local name=$1 target=$2 url=$3 prefix=$4 rate=$5 count=$6 give_up=$7 key
  python3 bench/lib/openload.py --url "$url" --target "$target" --token "$TOKEN" --rate "$rate" --count "$count" \
    --connections "$CONNECTIONS" --prefix "$prefix" --services "$SERVICES" --give-up "$give_up" \
    --fingerprints "$DATA/fp/accepted-$name.txt" --json "$DATA/$name.json" | sed 's/^/[bench]   /'
  for key in sent answered ok errors not_sent p50_ms p99_ms service_p50_ms service_p99_ms send_seconds answered_per_s; do
    R[$name.$key]=$(python3 -c "import json,sys; v = json.load(open(sys.argv[1]))[sys.argv[2]]; print('n/a' if v is None else round(v, 1) if isinstance(v, float) else v)" "$DATA/$name.json" "$key")
  done
  R[$name.non2xx]=$(python3 -c "import json,sys; print(sum(json.load(open(sys.argv[1]))['non2xx'].values()))" "$DATA/$name.json")
}

# 0. warm-up (its alerts, instance w<window>-..., are counted in "stored against accepted"): a suite that has
# run for a while has its code JIT-compiled (C2 in detection, C1 in the other services), and its first minutes
# are much slower than the rest: at 2143a26 the first 15 s window of new alerts gave 200-300 alerts/s and the
# fifth to seventh 700-800/s. The windows' rates are printed and shown in the report; WARMUP=0 skips it.
WARMUP=${WARMUP:-90}
WARM_RATES=""
if [ "$WARMUP" -gt 0 ]; then
  RUN_SECONDS_SAVED=$RUN_SECONDS
  RUN_SECONDS=15
  for window in $(seq $(( (WARMUP + 14) / 15 ))); do
    wrk_run "warmup-suite-$window" suite unique "w$window" "$SUITE_URL"
    WARM_RATES="$WARM_RATES ${R[warmup-suite-$window.rps]}"
  done
  RUN_SECONDS=5; wrk_run warmup-am am unique w "$AM_URL"
  RUN_SECONDS=$RUN_SECONDS_SAVED
fi

# 1. unique alerts; the suite's CPU from the window's start until it is quiet again, per new alert
suite_settle 120 >/dev/null
suite_ticks_by_process > "$DATA/cpu-unique.0"
wrk_run unique-suite suite unique u "$SUITE_URL"
suite_settle 120 >/dev/null
suite_ticks_by_process > "$DATA/cpu-unique.1"
UNIQUE_CPU=$(suite_cpu_ms_per "$DATA/cpu-unique.0" "$DATA/cpu-unique.1" "${R[unique-suite.new]}")
wrk_run unique-am am unique u "$AM_URL"

# 2. duplicates: the SET alerts once (and their 202s counted), then over and over
echo "[bench] sending the $SET duplicate-shape alerts once to each"
open_run prime-suite suite "$SUITE_URL" d 50 "$SET" 60
open_run prime-am am "$AM_URL" d 50 "$SET" 60
if [ "$WARMUP" -gt 0 ]; then
  # the repeat path is other code than the new-alert path: warm it too (WARMUP/2 s, not reported; its 202s
  # count as repeats below)
  RUN_SECONDS_SAVED=$RUN_SECONDS
  RUN_SECONDS=$(( WARMUP / 2 < 30 ? WARMUP / 2 : 30 )); wrk_run warmup-dup-suite suite dup d "$SUITE_URL"
  RUN_SECONDS=$RUN_SECONDS_SAVED
  for f in "$DATA"/fp/accepted-d-[0-9]*.txt; do mv "$f" "${f/accepted-d-/accepted-d-warmup-}"; done
fi
wrk_run dup-suite suite dup d "$SUITE_URL"
wrk_run dup-am am dup d "$AM_URL"

# 3. fixed rate (open model): RATE alerts/s for RATE_SECONDS, new alerts; nothing sent after RATE_SECONDS + 30 s
for target in suite am; do
  suite_settle 120
  echo "[bench] rate-$target: $((RATE * RATE_SECONDS)) new alerts due at $RATE/s to $target"
  url=$SUITE_URL; [ "$target" = am ] && url=$AM_URL
  open_run "rate-$target" "$target" "$url" r "$RATE" $((RATE * RATE_SECONDS)) $((RATE_SECONDS + 30))
done

# 4. stored against accepted, in detection's database: per shape (instance prefix u, d, r), the
# fingerprints of the 202s against the alert rows
echo "[bench] counting what the suite stored ..."
declare -A S
cat "$DATA"/fp/accepted-w[0-9]*-*.txt > "$DATA/accepted-w.txt" 2>/dev/null || : > "$DATA/accepted-w.txt"
cat "$DATA"/fp/accepted-u-*.txt > "$DATA/accepted-u.txt"
cat "$DATA"/fp/accepted-d-*.txt "$DATA/fp/accepted-prime-suite.txt" > "$DATA/accepted-d.txt"
cp "$DATA/fp/accepted-rate-suite.txt" "$DATA/accepted-r.txt"
for prefix in w u d r; do
  line=$(PGPASSWORD=postgres psql -X -q -h 127.0.0.1 -p "$PGPORT" -U postgres -d detection -At -F' ' -v ON_ERROR_STOP=1 <<SQL
CREATE TEMP TABLE accepted (fingerprint text);
\copy accepted FROM '$DATA/accepted-$prefix.txt'
CREATE TEMP TABLE stored AS
  SELECT fingerprint, receive_count FROM alert WHERE (labels::jsonb ->> 'instance') ~ '^$prefix[0-9]*-';
SELECT (SELECT count(*) FROM accepted),
       (SELECT count(DISTINCT fingerprint) FROM accepted),
       (SELECT count(*) FROM stored),
       (SELECT count(DISTINCT fingerprint) FROM stored),
       (SELECT count(DISTINCT a.fingerprint) FROM accepted a WHERE NOT EXISTS (SELECT 1 FROM stored s WHERE s.fingerprint = a.fingerprint)),
       (SELECT count(*) FROM stored) - (SELECT count(DISTINCT fingerprint) FROM stored),
       (SELECT count(DISTINCT s.fingerprint) FROM stored s WHERE NOT EXISTS (SELECT 1 FROM accepted a WHERE a.fingerprint = s.fingerprint)),
       (SELECT coalesce(sum(receive_count), 0) FROM stored);
SQL
)
  read -r S[$prefix.accepted] S[$prefix.accepted_distinct] S[$prefix.rows] S[$prefix.rows_distinct] \
    S[$prefix.lost] S[$prefix.twice] S[$prefix.unanswered] S[$prefix.receipts] <<< "$line"
done

# the report
ratio() { # suite/AM, and which of the two is how many times faster
  if [ "$(echo "$1 > 0 && $2 > 0" | bc)" = 1 ]; then
    if [ "$(echo "$1 >= $2" | bc)" = 1 ]; then
      printf '%.4f (the suite %.1fx faster)' "$(echo "scale=6; $1 / $2" | bc)" "$(echo "scale=4; $1 / $2" | bc)"
    else
      printf '%.4f (Alertmanager %.1fx faster)' "$(echo "scale=6; $1 / $2" | bc)" "$(echo "scale=4; $2 / $1" | bc)"
    fi
  else echo n/a; fi
}
echo
echo "== ingest: suite vs Alertmanager ($AM_VERSION), one alert per request, loopback, $(nproc) cores =="
printf '%-10s %-6s %10s %10s %10s %9s %8s %8s %s\n' shape target alerts/s p50_ms p99_ms 2xx non-2xx cut-off socket-errors
for shape in unique dup; do
  for target in suite am; do
    n=$shape-$target
    printf '%-10s %-6s %10s %10s %10s %9s %8s %8s %s\n' "$shape" "$target" "${R[$n.rps]}" "${R[$n.p50_ms]}" "${R[$n.p99_ms]}" \
      "${R[$n.ok]}" "${R[$n.non2xx]}" "${R[$n.cut_off]}" "$((R[$n.connect] + R[$n.read] + R[$n.write] + R[$n.timeout]))"
  done
  echo "           ratio suite/AM: $(ratio "${R[$shape-suite.rps]}" "${R[$shape-am.rps]}")"
done
echo "(wrk -t$THREADS -c$CONNECTIONS, $RUN_SECONDS s windows; alerts/s: answers within the window; p50/p99 over every answer)"
[ -n "$WARM_RATES" ] && echo "suite warm-up before the unique run, new alerts/s per 15 s window from a cold start:$WARM_RATES"
echo "suite outcomes: unique run new ${R[unique-suite.new]}, duplicate ${R[unique-suite.duplicate]};" \
  "duplicate run new ${R[dup-suite.new]}, duplicate ${R[dup-suite.duplicate]}"
for n in unique-suite unique-am dup-suite dup-am; do
  if [ "${R[$n.non2xx]}" != 0 ]; then echo "NON-2XX in $n: ${R[$n.codes]} (status x count)"; fi
done
echo
echo "fixed rate, $RATE alerts/s for $RATE_SECONDS s ($((RATE * RATE_SECONDS)) due, $CONNECTIONS connections, latency from when each was due):"
printf '%-6s %7s %9s %7s %8s %9s %10s %10s %10s %s\n' target sent answered 2xx non-2xx not-sent answers/s p50_ms p99_ms \
  "server-time p50/p99 ms"
for target in suite am; do
  n=rate-$target
  printf '%-6s %7s %9s %7s %8s %9s %10s %10s %10s %s\n' "$target" "${R[$n.sent]}" "${R[$n.answered]}" "${R[$n.ok]}" \
    "$((R[$n.non2xx] + R[$n.errors]))" "${R[$n.not_sent]}" "${R[$n.answered_per_s]}" "${R[$n.p50_ms]}" "${R[$n.p99_ms]}" \
    "${R[$n.service_p50_ms]} / ${R[$n.service_p99_ms]}"
done
echo "(n/a: fewer than 50% / 99% of the due alerts were answered before sending stopped at $((RATE_SECONDS + 30)) s)"
echo
echo "stored against accepted (detection's alert table; a 202 means committed):"
printf '%-10s %9s %9s %11s %12s %6s %12s %s\n' shape "202s" distinct rows distinct-fps lost stored-twice "stored, no 202 seen"
lost=0; twice=0
for prefix in w u d r; do
  case $prefix in w) shape=warm-up ;; u) shape=unique ;; d) shape=dup ;; r) shape=fixed-rate ;; esac
  printf '%-10s %9s %9s %11s %12s %6s %12s %s\n' "$shape" "${S[$prefix.accepted]}" "${S[$prefix.accepted_distinct]}" \
    "${S[$prefix.rows]}" "${S[$prefix.rows_distinct]}" "${S[$prefix.lost]}" "${S[$prefix.twice]}" "${S[$prefix.unanswered]}"
  lost=$((lost + S[$prefix.lost])); twice=$((twice + S[$prefix.twice]))
done
echo "duplicates: $SET rows expected, ${S[d.rows]} stored; receipts counted (sum of receive_count) ${S[d.receipts]} of ${S[d.accepted]} accepted"
echo "(stored, no 202 seen: requests still in flight when the load stopped, or timed out, and committed anyway)"
echo "lost: $lost, stored twice: $twice"

# issue 7's targets, how far each is, and the CPU that sets the new-alert rate
met() { if [ "$(echo "$1" | bc 2>/dev/null)" = 1 ]; then echo met; else echo "NOT MET"; fi; }
PER_ALERT=${UNIQUE_CPU##*all }
P99=${R[rate-suite.service_p99_ms]}
echo
echo "issue 7's targets on this machine ($(nproc) cores, the load generator on the same box):"
printf '  new alerts >= 5,000/s:               %s/s, %.0f%% of it: %s\n' "${R[unique-suite.rps]}" \
  "$(echo "${R[unique-suite.rps]} / 50" | bc -l)" "$(met "${R[unique-suite.rps]} >= 5000")"
printf '  duplicates >= 10,000/s:              %s/s: %s\n' "${R[dup-suite.rps]}" "$(met "${R[dup-suite.rps]} >= 10000")"
printf '  p99 of the 202 < 50 ms at %s/s:    server time %s ms (from the due time %s ms): %s\n' "$RATE" "$P99" \
  "${R[rate-suite.p99_ms]}" "$(if [ "$P99" = n/a ]; then echo "NOT MET"; else met "$P99 < 50"; fi)"
printf '  nothing lost, nothing stored twice:  lost %s, stored twice %s: %s\n' "$lost" "$twice" \
  "$(met "$lost == 0 && $twice == 0")"
echo "why: from the unique window's start until the suite was quiet again it used $PER_ALERT CPU ms per new alert"
echo "  ($UNIQUE_CPU; wrk not counted): at that cost $(nproc) cores carry about $(printf %.0f "$(echo "$(nproc) * 1000 / $PER_ALERT" | bc -l)")" \
  "new alerts a second with nothing else running (a window's rate can be higher: the work downstream ends after it), and 5,000 a second leaves $(printf %.2f "$(echo "$(nproc) * 1000 / 5000" | bc -l)") ms;"
echo "  at that cost $RATE new alerts a second keep $(printf %.2f "$(echo "$RATE * $PER_ALERT / 1000" | bc -l)") of the $(nproc) cores busy, and a request that finds them busy waits for one"
