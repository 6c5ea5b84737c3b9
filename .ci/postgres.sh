#!/usr/bin/env bash
# A throwaway PostgreSQL server for the database tests, shared by .ci/run and local test runs.
#   .ci/postgres.sh start   installs Debian's postgresql if missing, starts (or reuses) a cluster in a
#                           temporary directory on a free local port, prints its URL on stdout
#   .ci/postgres.sh stop    stops it and removes its directory
# The cluster asks for a password over TCP (scram-sha-256), so wrong credentials can be tested.
set -euo pipefail
cd "$(dirname "$0")/.."
key=$(pwd | md5sum | cut -c1-8)
state=${DOPPEL_PG_DIR:-/tmp/doppel-test-pg-$key}
log() { echo "postgres.sh: $*" >&2; }

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$dir" ]; then
    log "installing Debian's postgresql"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$dir"
}

url() { echo "postgres://doppel:$(cat "$state/password")@127.0.0.1:$(cat "$state/port")/doppel_test"; }

start() {
  local bin port
  bin=$(pg_bin)
  if [ -f "$state/data/postmaster.pid" ] && as_postgres "$bin/pg_ctl" -D "$state/data" status >/dev/null 2>&1; then
    url
    return
  fi
  rm -rf "$state"
  mkdir -p "$state"
  port=$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
  echo "$port" >"$state/port"
  node -e 'console.log(require("node:crypto").randomBytes(12).toString("hex"))' >"$state/password"
  chown -R postgres "$state" 2>/dev/null || true
  as_postgres "$bin/initdb" -D "$state/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$state/initdb.log" 2>&1 || { cat "$state/initdb.log" >&2; exit 1; }
  as_postgres "$bin/pg_ctl" -D "$state/data" -l "$state/server.log" -w \
    -o "-p $port -k $state -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >&2 || { cat "$state/server.log" >&2; exit 1; }
  as_postgres "$bin/psql" -h "$state" -p "$port" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE doppel LOGIN CREATEDB PASSWORD '$(cat "$state/password")'" \
    -c "CREATE DATABASE doppel_test OWNER doppel" >&2
  url
}

stop() {
  [ -d "$state/data" ] || return 0
  as_postgres "$(pg_bin)/pg_ctl" -D "$state/data" -m fast -w stop >&2 || true
  rm -rf "$state"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
