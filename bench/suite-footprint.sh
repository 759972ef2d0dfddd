#!/usr/bin/env bash
# Measures the local suite: time from launch to ready, and the resident memory (RSS) of every
# process at rest; then stops it with SIGTERM and checks that no process is left behind.
# Usage: bench/suite-footprint.sh [seconds-at-rest, default 30]   (build first: ./run.sh builds)
set -euo pipefail
cd "$(dirname "$0")/.."
rest=${1:-30}
jar=local-stack/target/local-stack-0.1.0-SNAPSHOT.jar
[ -f "$jar" ] || { echo "build first: ./mvnw -DskipTests install"; exit 1; }
data=$(mktemp -d)
out=$data/launcher.out
start=$(date +%s.%N)
java -Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -jar "$jar" --data-dir "$data" --postgres-port 0 --amqp-port 0 \
  --detection-port 0 --triage-port 0 --remediation-port 0 --comms-port 0 > "$out" 2>&1 &
launcher=$!
# whatever happens below, do not leave the suite running
trap 'kill -TERM $launcher 2>/dev/null || true' EXIT
until grep -qs '^\[suite\] READY' "$out"; do
  kill -0 $launcher 2>/dev/null || { cat "$out"; echo "launcher died"; exit 1; }
  sleep 0.2
done
ready=$(date +%s.%N)
printf 'time to ready: %.1f s\n' "$(echo "$ready - $start" | bc)"
sleep "$rest"

descendants() { local p; for p in $(pgrep -P "$1"); do echo "$p"; descendants "$p"; done; }
# RSS counts shared pages in every process (PostgreSQL's backends share its buffers); PSS splits
# them fairly, so the PSS column adds up to what the suite really holds.
total=0
total_rss=0
printf '%-8s %9s %9s  %s\n' PID RSS_MiB PSS_MiB COMMAND
# PostgreSQL runs detached (pg_ctl), so it is counted through its pid, with its own children
postgres=$(sed -nE 's/.*PostgreSQL \(pid ([0-9]+)\).*/\1/p' "$out")
for pid in $launcher $(descendants $launcher) $postgres $(descendants "$postgres"); do
  # skip the watchdog's one-second sleeps, which come and go while we read
  [ "$(cat /proc/$pid/comm 2>/dev/null)" = sleep ] && continue
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null || true)
  pss=$(awk '/^Pss:/ {print $2}' /proc/$pid/smaps_rollup 2>/dev/null || true)
  [ -n "$rss" ] && [ -n "$pss" ] || continue
  cmd=$(tr '\0' ' ' < /proc/$pid/cmdline 2>/dev/null | sed -E 's#.*/([a-z]+-service)/target.*#\1#; s#.*local-stack-[^ ]*\.jar.*#launcher (local-stack: broker in-process)#; s#^([^ ]*/)?(postgres)[^ ]* .*#\2#' | cut -c1-60)
  printf '%-8s %9.1f %9.1f  %s\n' "$pid" "$(echo "$rss / 1024" | bc -l)" "$(echo "$pss / 1024" | bc -l)" "$cmd"
  total=$((total + pss))
  total_rss=$((total_rss + rss))
done
printf '%-8s %9.1f %9.1f  %s\n' all "$(echo "$total_rss / 1024" | bc -l)" "$(echo "$total / 1024" | bc -l)" "(after ${rest} s at rest)"

all=$(echo $launcher $(descendants $launcher) $postgres)
kill -TERM $launcher
wait $launcher || true
sleep 2
left=$(for p in $all; do kill -0 "$p" 2>/dev/null && echo "$p"; done || true)
if [ -n "$left" ]; then echo "LEFT BEHIND: $left"; exit 1; fi
echo "stopped: no process left behind"
rm -rf "$data"
