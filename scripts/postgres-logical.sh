#!/usr/bin/env bash
# Makes the local PostgreSQL server (127.0.0.1:5432) ready for the postgres-cdc tests: wal_level = logical.
# Changing wal_level needs a server restart; this restarts a Debian-packaged cluster with pg_ctlcluster when it
# can, and otherwise says what to do. The CDC tests skip, saying why, on a server that is not ready.
set -euo pipefail
PSQL=(psql -h 127.0.0.1 -p 5432 -U "${PGUSER:-postgres}" -d "${PGDATABASE:-postgres}" -Atq)
if ! level=$("${PSQL[@]}" -c 'show wal_level' 2>/dev/null); then
  echo "postgres-logical: no PostgreSQL server at 127.0.0.1:5432" >&2
  exit 1
fi
if [ "$level" = logical ]; then
  echo "postgres-logical: wal_level is already logical"
  exit 0
fi
"${PSQL[@]}" -c 'ALTER SYSTEM SET wal_level = logical'
if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
  version=$(ls /etc/postgresql | head -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main restart
  for _ in $(seq 1 30); do
    "${PSQL[@]}" -c 'select 1' >/dev/null 2>&1 && break
    sleep 1
  done
  echo "postgres-logical: wal_level is now $("${PSQL[@]}" -c 'show wal_level')"
else
  echo "postgres-logical: wal_level set to logical; restart the server for it to take effect" >&2
  exit 1
fi
