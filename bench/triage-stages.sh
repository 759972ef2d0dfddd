#!/usr/bin/env bash
# Where the time from an alert to its IncidentTriaged goes, stage by stage, over a steady background.
# Starts the suite (bench/lib/suite.sh), sends a background of alerts by wrk (bench/lib/background.lua: 20
# services, a share of them new), waits, then sends N alerts one every 0.5 s, each on a service of its own (a new
# incident each), and reads the timestamps the services wrote in their own tables: the alert's first_seen_at, the
# incident's detected_at, the IncidentOpened outbox row's created_at and published_at (detection), the event's
# processed_at and the first triage's triaged_at and its IncidentTriaged outbox row (triage). The machine's one
# clock stamps them all. Prints p50/p90/p99/max of each stage (bench/lib/stages.py), and the CPU each process used
# while the alerts were sent.
# Usage: bench/triage-stages.sh [alerts, default 200] [background alerts/s, default 1000] [new share, default 0.05]
#                               [seconds of background before the first alert, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-200}; BG=${2:-1000}; NEW=${3:-0.05}; WARM=${4:-60}
source bench/lib/suite.sh
bench_require wrk=wrk psql=postgresql-client
DATA=$(mktemp -d); TOKEN=bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
trap bench_cleanup EXIT
bench_header
suite_start
wrk -t2 -c64 -d$((WARM + N / 2 + 60))s --timeout 10s -s bench/lib/background.lua "$DETECTION/api/v1/alerts" -- \
  "$TOKEN" "$BG" 2 "$NEW" 20 x > "$DATA/background.out" 2>&1 &
BENCH_PIDS+=($!)
echo "[bench] background of $BG alerts/s ($NEW new) for $WARM s, then $N alerts one every 0.5 s"
sleep "$WARM"
PREFIX=m$(date +%s)
suite_ticks_by_process > "$DATA/cpu.before"; t0=$(date +%s.%N)
python3 bench/lib/stages.py send "$DETECTION" "$TOKEN" "$N" "$PREFIX" > "$DATA/sent.tsv"
suite_ticks_by_process > "$DATA/cpu.after"; t1=$(date +%s.%N)
sleep 5
pg detection "SELECT a.service, extract(epoch from a.first_seen_at), extract(epoch from i.detected_at),
    extract(epoch from o.created_at), extract(epoch from o.published_at), o.event_id, i.id
  FROM alert a JOIN incident i ON i.id = a.incident_id
  JOIN outbox_event o ON o.incident_id = i.id AND o.type = 'IncidentOpened' WHERE a.service LIKE '$PREFIX-%'" > "$DATA/detection.tsv"
pg triage "SELECT event_id, extract(epoch from processed_at) FROM processed_event WHERE type = 'IncidentOpened'" > "$DATA/processed.tsv"
pg triage "SELECT r.incident_id, extract(epoch from r.triaged_at), extract(epoch from o.created_at), extract(epoch from o.published_at)
  FROM triage_result r LEFT JOIN outbox_event o ON o.incident_id = r.incident_id AND o.type = 'IncidentTriaged'
    AND o.body LIKE '%\"version\":1,%' WHERE r.version = 1" > "$DATA/triaged.tsv"
python3 bench/lib/stages.py report "$DATA"
printf '[bench] CPU of the suite while the alerts were sent (%.0f s, background included; 2 cores = 2 CPU s a second):\n' \
  "$(echo "$t1 - $t0" | bc)"
CPU=$(suite_cpu_between "$DATA/cpu.before" "$DATA/cpu.after")
echo "$CPU"
echo "[bench] that is $(awk -v s="$(echo "$t1 - $t0" | bc)" '$1 == "all" { printf "%.2f", $2 / s }' <<< "$CPU")" \
  "of the $(nproc) cores on average while the alerts were sent"
echo "[bench] events detection wrote meanwhile: $(pg detection "SELECT string_agg(type || ' ' || n, ', ' ORDER BY type) FROM (
  SELECT type, count(*) AS n FROM outbox_event WHERE created_at BETWEEN to_timestamp($t0) AND to_timestamp($t1) GROUP BY type) t")"
