#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: `source .ci/postgres.sh; postgres_start` sets
# LOVEBANK_TEST_POSTGRES to a URL of a fresh cluster (a temp folder, a free port, trust for local
# connections only) and `postgres_stop` removes it. PostgreSQL refuses to run as root, so as root
# the cluster belongs to the `postgres` system user the Debian package creates.

postgres_bin() {
  local initdb
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)
  [ -n "$initdb" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; return 1; }
  dirname "$initdb"
}

# `postgres_start durable` keeps PostgreSQL's disk syncs on (for benchmarks beside SQLite, which
# syncs every commit); the tests turn them off, as their data is thrown away.
postgres_start() {
  local bin port run sync="-c fsync=off -c synchronous_commit=off"
  [ "${1:-}" = durable ] && sync="-c fsync=on -c synchronous_commit=on"
  bin=$(postgres_bin) || return 1
  PG_DIR=$(mktemp -d /tmp/lovebank-pg.XXXXXX)
  # A free port: the kernel's choice when python3 is there, else a random high one.
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000)))
  run=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$PG_DIR"
    run=(runuser -u postgres --)
  fi
  # C collation: text sorts by code point, as SQLite's does, whatever the machine's locale.
  "${run[@]}" "$bin/initdb" -D "$PG_DIR/data" -U lovebank --auth=trust --locale=C -E UTF8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  "${run[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 $sync" start >/dev/null \
    || { cat "$PG_DIR/server.log" >&2; return 1; }
  PG_RUN=("${run[@]}")
  PG_BIN=$bin
  export LOVEBANK_TEST_POSTGRES="postgres://lovebank@127.0.0.1:$port/postgres"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on port $port ($PG_DIR)"
}

postgres_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  unset PG_DIR LOVEBANK_TEST_POSTGRES
}
