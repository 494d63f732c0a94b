#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the tests and print "URL DATADIR" on stdout.
# Installs Debian's postgresql package when it is missing and this is root on Debian/Ubuntu; otherwise
# prints nothing, and the PostgreSQL tests skip with a message. Stop it with: pg_ctl -D DATADIR stop
set -euo pipefail
pgbin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
PGBIN=$(pgbin)
if [ -z "$PGBIN" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1 || true
    PGBIN=$(pgbin)
  fi
fi
if [ -z "$PGBIN" ]; then
  echo "scripts/postgres.sh: PostgreSQL is not installed and cannot be installed here; its tests will skip" >&2
  exit 0
fi
DATA=$(mktemp -d /tmp/rashomon-pg.XXXXXX)
PORT=$(( 20000 + RANDOM % 20000 ))
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$DATA"
as_owner "$PGBIN/initdb" -D "$DATA" -A trust -U postgres >/dev/null
as_owner "$PGBIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
  -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres $DATA"
