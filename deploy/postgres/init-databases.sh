#!/bin/bash
# Runs once, when the data directory is first initialised: one login role and one database per
# service (each service owns its data), with the credentials of that service's Secret.
set -euo pipefail
for svc in detection triage remediation comms; do
  user_var="${svc^^}_DB_USER"
  pass_var="${svc^^}_DB_PASSWORD"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v role="${!user_var}" -v pass="${!pass_var}" -v db="$svc" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'pass';
CREATE DATABASE :"db" OWNER :"role";
SQL
done
