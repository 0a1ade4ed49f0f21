#!/usr/bin/env bash
# Bring up the whole multi-node topology on this machine, in order:
#   Galera (galera.sh) -> read replica (replica.sh) -> S3 on moto (s3.sh)
#   -> Redis (redis.sh, else the machine's) -> the app's settings, schema and
#   demo data (app.sh) -> a Celery worker (worker.sh) -> 2 web nodes (web.sh)
#   -> nginx (nginx.sh)
# Each piece is `<piece>.sh start`, then its `<piece>.sh env` is appended to
# $TOPOLOGY_DIR/env.sh, which the next pieces read. A piece whose script is
# missing is skipped with a message. The first DATABASE_URL printed wins
# (Galera's before the replica's); with none, app.sh falls back to the
# database nomi_topology on the machine's MariaDB. With Galera, the read
# replica follows Galera node 1 (replica.sh start --source), so the web nodes
# read what they wrote; without it, the replica has its own primary. Idempotent: what is
# already running is left as it is (down.sh first to apply new settings).
# Docs: docs/topology.md.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/common.sh"
ENV_FILE="$TOPOLOGY_DIR/env.sh"

# The topology's settings come from its pieces, never from the shell that
# runs this script (a DATABASE_URL there is someone else's database).
while read -r name; do
  unset "$name"
done < <("$HERE/app.sh" names)
unset DATABASE_REPLICA_URL WEB_DATABASE_URLS TRUSTED_PROXY_HOPS DJANGO_BEHIND_TLS_PROXY
unset REPLICA_SOURCE_PORT REPLICA_DATABASE

: >"$ENV_FILE.new"
mv "$ENV_FILE.new" "$ENV_FILE"

# Append a piece's `env` output to env.sh and read it.
collect() {
  local piece="$1" output
  output="$("$HERE/$piece.sh" env)"
  if grep -q '^export DATABASE_URL=' "$ENV_FILE" && grep -q '^export DATABASE_URL=' <<<"$output"; then
    echo "up: $piece: its DATABASE_URL is not used: the database is already $(grep '^export DATABASE_URL=' "$ENV_FILE" | tail -n 1 | cut -d= -f2-)"
    # A replica of that unused primary holds other data: no replica then.
    if grep -q '^export DATABASE_REPLICA_URL=' <<<"$output"; then
      echo "up: $piece: its DATABASE_REPLICA_URL is not used either: it replicates its own primary"
    fi
    output="$(grep -v -e '^export DATABASE_URL=' -e '^export DATABASE_REPLICA_URL=' <<<"$output" || true)"
  fi
  {
    echo "# $piece.sh env"
    echo "$output"
  } >>"$ENV_FILE"
  source "$ENV_FILE"
}

piece() {
  local piece="$1"
  if [ ! -x "$HERE/$piece.sh" ]; then
    echo "up: $piece: scripts/topology/$piece.sh is not there: skipped"
    return 0
  fi
  echo "up: $piece"
  "$HERE/$piece.sh" start
  collect "$piece"
}

piece galera
if [ "${DATABASE_GALERA:-}" = true ] && [ -n "${GALERA_URL_1:-}" ]; then
  # Node 1 writes the binary log the replica follows; the replica's URL names
  # the cluster's database.
  galera_node1="${GALERA_URL_1#*@}"
  export REPLICA_SOURCE_PORT="${galera_node1#*:}" REPLICA_DATABASE="${GALERA_URL_1##*/}"
  REPLICA_SOURCE_PORT="${REPLICA_SOURCE_PORT%%/*}"
fi
piece replica
unset REPLICA_SOURCE_PORT REPLICA_DATABASE
piece s3
if [ -x "$HERE/redis.sh" ]; then
  piece redis
else
  # The machine's Redis, on the topology's own database number.
  redis_host_port="${REDIS_URL_BASE#redis://}"
  if ! redis-cli -h "${redis_host_port%:*}" -p "${redis_host_port##*:}" ping >/dev/null 2>&1; then
    echo "up: redis: nothing answers on $REDIS_URL_BASE; the web nodes need one Redis for sessions, cache and rate limits" >&2
    exit 1
  fi
  echo "up: redis: the machine's, on $REDIS_URL_BASE, database $TOPOLOGY_CACHE_DB"
  {
    echo "# the machine's Redis"
    echo "export CACHE_URL=$REDIS_URL_BASE/$TOPOLOGY_CACHE_DB"
  } >>"$ENV_FILE"
  source "$ENV_FILE"
fi
echo "up: app (settings, migrations, demo data)"
collect app
"$HERE/app.sh" start
piece worker
# The one scheduler of the periodic jobs (process_deadlines every minute...).
[ -x "$HERE/worker.sh" ] && "$HERE/worker.sh" start beat
piece web
piece nginx
echo "up: done. The site: ${NGINX_URL:-?}; every piece's settings: $ENV_FILE"
echo "    (source it to run manage.py against the topology; scripts/topology/down.sh stops it)"
