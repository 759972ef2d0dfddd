# Shared by bench/ingest.sh and bench/storm.sh (sourced, not run): installs the tools, starts the
# suite's launcher on free ports with a throw-away data folder and a known admin token, queries its
# PostgreSQL, waits for the machine to be quiet, and stops everything it started.
# Expects: set -euo pipefail, the current directory at the repository root.

JAR=local-stack/target/local-stack-0.1.0-SNAPSHOT.jar
BENCH_PIDS=()        # every process started here, stopped by bench_cleanup (by pid, never by name)
SUITE_PIDS=()        # the launcher, its children and PostgreSQL, to check that none is left behind

# Installs the Debian packages that provide the missing commands (apt-get update once, as root).
bench_require() {
  local missing=() cmd pkg
  for pair in "$@"; do
    cmd=${pair%%=*}; pkg=${pair#*=}
    command -v "$cmd" >/dev/null || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "[bench] installing ${missing[*]} ..."
  [ "$(id -u)" = 0 ] || { echo "run as root, or install: apt-get install -y ${missing[*]}"; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# One line for the record: when, on what, at which commit, and how busy the machine already is.
bench_header() {
  local load cores
  load=$(cut -d' ' -f1 /proc/loadavg); cores=$(nproc)
  echo "[bench] $(date -u +%FT%TZ), $cores cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)," \
    "$(java -version 2>&1 | head -1), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')," \
    "load average $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "$(echo "$load > $cores / 2" | bc)" = 1 ]; then
    echo "[bench] WARNING: the machine is already busy (load average $load on $cores cores): the figures will be low and noisy"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

descendants() { local p; for p in $(pgrep -P "$1" || true); do echo "$p"; descendants "$p"; done; }

# Starts the launcher as run.sh does, on free ports, in $DATA/suite, with IR_ADMIN_TOKEN=$TOKEN.
# Sets DETECTION, TRIAGE (base URLs), PGPORT and SUITE_LOG.
suite_start() {
  [ -f "$JAR" ] || { echo "build first: ./mvnw -DskipTests install (or ./run.sh once)"; exit 1; }
  SUITE_LOG=$DATA/launcher.out
  local t0; t0=$(date +%s.%N)
  IR_ADMIN_TOKEN=$TOKEN java -Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -jar "$JAR" --data-dir "$DATA/suite" --postgres-port 0 --amqp-port 0 \
    --detection-port 0 --triage-port 0 --remediation-port 0 --comms-port 0 > "$SUITE_LOG" 2>&1 &
  LAUNCHER=$!
  BENCH_PIDS+=("$LAUNCHER")
  until grep -qs '^\[suite\] READY' "$SUITE_LOG"; do
    kill -0 "$LAUNCHER" 2>/dev/null || { cat "$SUITE_LOG"; echo "launcher died"; exit 1; }
    sleep 0.2
  done
  DETECTION=$(sed -nE 's/^\[suite\] detection-service ready at (http[^ ]+).*/\1/p' "$SUITE_LOG")
  TRIAGE=$(sed -nE 's/^\[suite\] triage-service ready at (http[^ ]+).*/\1/p' "$SUITE_LOG")
  PGPORT=$(sed -nE 's/.*PostgreSQL \(pid [0-9]+\) on 127\.0\.0\.1:([0-9]+).*/\1/p' "$SUITE_LOG")
  local postgres; postgres=$(sed -nE 's/.*PostgreSQL \(pid ([0-9]+)\).*/\1/p' "$SUITE_LOG")
  SUITE_PIDS=("$LAUNCHER" $(descendants "$LAUNCHER") "$postgres")
  printf '[bench] suite ready in %.1f s: detection %s, triage %s, PostgreSQL port %s\n' \
    "$(echo "$(date +%s.%N) - $t0" | bc)" "$DETECTION" "$TRIAGE" "$PGPORT"
}

# psql DATABASE SQL: one query against the launcher's PostgreSQL, unaligned output.
pg() {
  PGPASSWORD=postgres psql -X -q -h 127.0.0.1 -p "$PGPORT" -U postgres -d "$1" -At -v ON_ERROR_STOP=1 -c "$2"
}

# CPU time (clock ticks) used so far by the suite's processes (PostgreSQL's backends included): the
# process tree below SUITE_PIDS from one ps, then utime + stime from /proc/<pid>/stat.
suite_ticks() {
  local pids
  pids=$(ps -e -o pid=,ppid= | awk -v roots="${SUITE_PIDS[*]}" '
      BEGIN { n = split(roots, r, " "); for (i = 1; i <= n; i++) keep[r[i]] = 1 }
      { parent[$1] = $2 }
      END { do { more = 0; for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; more = 1 } } while (more)
            for (p in keep) print "/proc/" p "/stat" }')
  # shellcheck disable=SC2086 # a list of paths; a process gone meanwhile is skipped
  { cat $pids 2>/dev/null || true; } | awk '{ sub(/.*[)] /, ""); s += $12 + $13 } END { print s + 0 }'
}

# CPU time (clock ticks) used so far per process of the suite, one "name ticks" line each: detection,
# triage, remediation, comms (by the jar on their command line), postgresql (the server and its backends)
# and launcher (the launcher with the broker inside it). A process gone meanwhile is not counted.
suite_ticks_by_process() {
  local postgres; postgres=${SUITE_PIDS[${#SUITE_PIDS[@]}-1]}
  ps -e -o pid=,ppid= | awk -v roots="${SUITE_PIDS[*]}" -v pg="$postgres" '
      BEGIN { n = split(roots, r, " "); for (i = 1; i <= n; i++) keep[r[i]] = 1 }
      { parent[$1] = $2 }
      END { do { more = 0; for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; more = 1 } } while (more)
            for (p in keep) { q = p; while (q in parent && q != pg) q = parent[q]; print p, (q == pg ? "postgresql" : "") } }' |
  while read -r pid kind; do
    [ -r "/proc/$pid/stat" ] || continue
    if [ -z "$kind" ]; then
      case "$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null)" in
        *detection-service*) kind=detection ;; *triage-service*) kind=triage ;;
        *remediation-service*) kind=remediation ;; *comms-service*) kind=comms ;; *) kind=launcher ;;
      esac
    fi
    awk -v k="$kind" '{ sub(/.*[)] /, ""); print k, $12 + $13 }' "/proc/$pid/stat" 2>/dev/null || true
  done | awk '{ s[$1] += $2 } END { for (k in s) print k, s[k] }' | sort
}

# The CPU seconds each process used between two suite_ticks_by_process outputs (files), and the sum.
suite_cpu_between() {
  awk -v hz="$(getconf CLK_TCK)" 'NR == FNR { a[$1] = $2; next } { d = ($2 - a[$1]) / hz; all += d; printf "  %-12s %7.1f CPU s\n", $1, d }
      END { printf "  %-12s %7.1f CPU s\n", "all", all }' "$1" "$2"
}

# The CPU milliseconds per item (e.g. per new alert) each process used between two suite_ticks_by_process
# outputs (files), on one line ending with "all X": suite_cpu_ms_per BEFORE AFTER ITEMS.
suite_cpu_ms_per() {
  awk -v hz="$(getconf CLK_TCK)" -v n="$3" 'NR == FNR { a[$1] = $2; next }
      { d = ($2 - a[$1]) / hz; all += d; printf "%s %.2f, ", $1, d * 1000 / (n > 0 ? n : 1) }
      END { printf "all %.2f\n", all * 1000 / (n > 0 ? n : 1) }' "$1" "$2"
}

# Waits until the suite has used less than 10% of one core for a second (its background work on
# the previous load, e.g. triage, is done), at most $1 seconds (default 60), so that each measured
# run starts from a quiet machine.
suite_settle() {
  local limit=${1:-60} hz before after waited=0
  hz=$(getconf CLK_TCK)
  while [ "$waited" -lt "$limit" ]; do
    before=$(suite_ticks); sleep 1; after=$(suite_ticks)
    waited=$((waited + 1))
    [ $((after - before)) -lt $((hz / 10)) ] && { echo "[bench] suite quiet after ${waited} s"; return 0; }
  done
  echo "[bench] suite still busy after ${limit} s; going on"
}

# Stops what was started here, newest first (SIGTERM; SIGKILL after 60 s), then checks that none
# of the suite's processes is left. Meant for trap ... EXIT.
bench_cleanup() {
  local rc=$? i pid left=""
  trap - EXIT INT TERM
  for ((i = ${#BENCH_PIDS[@]} - 1; i >= 0; i--)); do
    pid=${BENCH_PIDS[i]}
    kill -0 "$pid" 2>/dev/null || continue
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  sleep 2
  for pid in "${SUITE_PIDS[@]}" "${BENCH_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && left="$left $pid"; done
  if [ -n "$left" ]; then
    echo "[bench] LEFT BEHIND:$left (data kept in $DATA)"
    exit 1
  fi
  echo "[bench] stopped: no process left behind"
  if [ "${KEEP_DATA:-0}" = 1 ]; then echo "[bench] data and logs kept in $DATA"; else rm -rf "$DATA"; fi
  exit "$rc"
}
