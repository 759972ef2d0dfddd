#!/usr/bin/env bash
# README command 1: builds what is missing, then runs the whole suite in the foreground
# (PostgreSQL, the AMQP broker and the four services) until Ctrl-C or SIGTERM.
# Options go to the launcher: ./run.sh --help
set -euo pipefail
cd "$(dirname "$0")"

command -v java >/dev/null || { echo "Java 17 or newer is needed (apt-get install openjdk-17-jdk-headless)"; exit 1; }
JAR=local-stack/target/local-stack-0.1.0-SNAPSHOT.jar
STAMP=local-stack/target/suite-build.stamp

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
  touch "$STAMP"
fi

# exec: the launcher gets Ctrl-C and SIGTERM itself and stops every process it started.
exec java -Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -jar "$JAR" "$@"
