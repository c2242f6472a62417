#!/bin/sh
# Make sure the local PostgreSQL cluster runs and holds the benchmark's database, the way
# .ci/run prepares CI (Debian's postgresql-15). Used by `make bench` when DATABASE_URL is unset.
set -eu
DB="${1:-clinic_bench}"
ADMIN_URL="postgres://clinic:clinic@127.0.0.1:5432/postgres"

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  pg_lsclusters -h | grep -q '^15 *main' || pg_createcluster 15 main
  pg_ctlcluster 15 main start
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
  done
fi
if ! psql "$ADMIN_URL" -qtAc 'SELECT 1' >/dev/null 2>&1; then
  su postgres -c "psql -q -v ON_ERROR_STOP=1" <<'SQL'
SELECT 'CREATE ROLE clinic LOGIN SUPERUSER PASSWORD ''clinic'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'clinic')\gexec
SQL
fi
if [ "$(psql "$ADMIN_URL" -qtAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
  psql "$ADMIN_URL" -qc "CREATE DATABASE $DB OWNER clinic"
fi
