#!/usr/bin/env bash
# Measures alert received -> IncidentTriaged emitted through the running suite: p50/p95/p99/max of
# N alerts sent one at a time, then of N alerts at a fixed rate; stops the suite when done.
# Usage: bench/triage-latency.sh [alerts, default 300] [alerts per second of the second pass, default 5; 0 skips it]
#        [background alerts per second on other services during both passes, default 0] [share of those that are new, default 0.05]
set -euo pipefail
cd "$(dirname "$0")/.."
built=true
[ -f local-stack/target/local-stack-0.1.0-SNAPSHOT.jar ] || built=false
for service in detection triage remediation comms; do
  [ -f "$service-service/target/quarkus-app/quarkus-run.jar" ] || built=false
done
$built || ./mvnw -q -DskipTests install
if [ "${3:-0}" != 0 ]; then   # the background load is sent by wrk (bench/lib/background.lua)
  source bench/lib/suite.sh
  bench_require wrk=wrk
fi
./mvnw -q -pl system-tests test-compile exec:java -Dexec.args="${1:-300} ${2:-5} ${3:-0} ${4:-0.05}"
