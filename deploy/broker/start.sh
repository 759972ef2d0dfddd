#!/bin/bash
# Builds the broker instance in an emptyDir at every start (the image's own entrypoint applies
# etc-override only on the first start), then runs it with this broker.xml; messages live on the
# persistent volume named in broker.xml. The root file system stays read-only.
set -euo pipefail
instance=/var/lib/artemis-instance
/opt/activemq-artemis/bin/artemis create "$instance" --silent --force --no-web \
  --user "$ARTEMIS_USER" --password "$ARTEMIS_PASSWORD" --role amq --require-login \
  --java-memory "${ARTEMIS_JAVA_MEMORY:-512M}"
cp /opt/ir-broker/broker.xml /opt/ir-broker/log4j2.properties "$instance/etc/"
# the broker plugin broker.xml names (OrphanedSessionReaper), compiled against this image's Artemis into the
# instance's lib/ (on the broker's class path); the image's JDK has javac and jar
classes=$(mktemp -d)
javac -nowarn -d "$classes" -cp "/opt/activemq-artemis/lib/*" /opt/ir-broker/OrphanedSessionReaper.java
jar cf "$instance/lib/ir-broker-plugin.jar" -C "$classes" .
exec "$instance/bin/artemis" run
