#!/usr/bin/env bash
# Creates the Secrets the dev overlay expects, with random passwords and an admin token, in
# namespace ir-suite of the current kubectl context. A Secret that exists is kept (PostgreSQL's
# roles are created once, with the first passwords). Nothing is written to disk; the admin token
# is printed when it is created. Usage: deploy/dev-secrets.sh [namespace]
set -euo pipefail
ns="${1:-ir-suite}"
rand() { head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32; }
apply() {
  if kubectl -n "$ns" get secret "$1" >/dev/null 2>&1; then echo "keeping secret $1"; return 1; fi
  kubectl -n "$ns" create secret generic "$@"
}

kubectl get namespace "$ns" >/dev/null 2>&1 || kubectl create namespace "$ns"
admin="$(rand)"
apply ir-suite-tokens --from-literal=IR_ADMIN_TOKEN="$admin" --from-literal=IR_API_TOKENS="" \
  && echo "IR_ADMIN_TOKEN=$admin" || true
apply ir-suite-broker --from-literal=AMQP_HOST=artemis --from-literal=AMQP_PORT=5672 \
  --from-literal=AMQP_USERNAME=ir --from-literal=AMQP_PASSWORD="$(rand)" || true
apply postgres-admin --from-literal=POSTGRES_PASSWORD="$(rand)" || true
for svc in detection triage remediation comms; do
  apply "$svc-service-db" \
    --from-literal=QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://postgres:5432/$svc" \
    --from-literal=QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://postgres:5432/$svc" \
    --from-literal=QUARKUS_DATASOURCE_USERNAME="$svc" \
    --from-literal=QUARKUS_DATASOURCE_PASSWORD="$(rand)" || true
done
