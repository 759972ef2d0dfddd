#!/usr/bin/env bash
# README command 1: builds what is missing, then runs the whole suite in the foreground
# (PostgreSQL, the AMQP broker and the four services) until Ctrl-C or SIGTERM.
# Options go to the launcher: ./run.sh --help
set -euo pipefail
cd "$(dirname "$0")"

command -v java >/dev/null || { echo "Java 17 or newer is needed (apt-get install openjdk-17-jdk-headless)"; exit 1; }
JAR=local-stack/target/local-stack-0.1.0-SNAPSHOT.jar
STAMP=local-stack/target/suite-build.stamp
# the launcher's own class data archive, recorded with the services' after a build (see below)
LAUNCHER_CDS=local-stack/target/launcher-cds.jsa
JVM=(java -Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager)

needs_build() {
  [ -f "$JAR" ] && [ -f "$STAMP" ] || return 0
  for service in detection triage remediation comms; do
    [ -f "$service-service/target/quarkus-app/quarkus-run.jar" ] || return 0
  done
  # any source, resource or POM changed since the last build?
  [ -n "$(find pom.xml incident-events local-stack detection-service triage-service remediation-service comms-service \
      -path '*/target' -prune -o -type f -newer "$STAMP" -print -quit)" ]
}

if needs_build; then
  echo "[suite] building the suite (the first build downloads dependencies and takes a few minutes) ..."
  ./mvnw -q -B -DskipTests install -pl local-stack,detection-service,triage-service,remediation-service,comms-service -am
  rm -f "$LAUNCHER_CDS"
  # one start of the whole suite on free ports, recording the classes each JVM loads: later starts map them
  # ready-made (about a third less CPU each, on cores the four services share) instead of parsing and verifying
  # them. The build's own archives only hold the classes of static init. A failed recording only costs speed.
  "${JVM[@]}" -XX:ArchiveClassesAtExit="$LAUNCHER_CDS" -Xlog:cds*=off -jar "$JAR" --record-class-data \
    || echo "[suite] class data not recorded: the suite starts, more slowly"
  touch "$STAMP"
fi
[ -f "$LAUNCHER_CDS" ] && JVM+=(-XX:SharedArchiveFile="$LAUNCHER_CDS")

# exec: the launcher gets Ctrl-C and SIGTERM itself and stops every process it started.
exec "${JVM[@]}" -jar "$JAR" "$@"
