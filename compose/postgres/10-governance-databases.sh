#!/bin/sh
# Run once by the postgres image on an empty data directory (/docker-entrypoint-initdb.d): each service
# gets its own database, owned by a login role of its own, as in production; the password is the
# compose file's development one (GOVERNANCE_DB_PASSWORD).
set -eu
for service in meetings cases reminders surveys; do
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
        -v service="$service" -v password="$GOVERNANCE_DB_PASSWORD" <<'SQL'
CREATE ROLE :"service" LOGIN PASSWORD :'password';
CREATE DATABASE :"service" OWNER :"service";
REVOKE ALL ON DATABASE :"service" FROM PUBLIC;
SQL
done
