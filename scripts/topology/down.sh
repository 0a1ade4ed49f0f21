#!/usr/bin/env bash
# Stop the whole topology, in the reverse order of up.sh; a piece whose
# script is missing is skipped. Data stays (databases, media) for the next
# up.sh, except with --purge: then also the fallback database nomi_topology,
# the topology's Redis database ($TOPOLOGY_CACHE_DB), the shared secret key
# and the web nodes' and nginx's files under $TOPOLOGY_DIR. Other pieces keep
# their data dirs (see each script). Docs: docs/topology.md.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/common.sh"

purge=false
[ "${1:-}" = "--purge" ] && purge=true

failed=0
# Beat first (the worker's script stops the worker alone by default).
[ -x "$HERE/worker.sh" ] && { "$HERE/worker.sh" stop beat || failed=1; }
for piece in nginx web worker app redis s3 replica galera; do
  if [ -x "$HERE/$piece.sh" ]; then
    "$HERE/$piece.sh" stop || failed=1
  fi
done

if $purge; then
  echo "down: purging the fallback database, Redis database $TOPOLOGY_CACHE_DB and the web files"
  mariadb --protocol=tcp -h 127.0.0.1 -P 3306 -u root -e "DROP DATABASE IF EXISTS nomi_topology" || failed=1
  redis_host_port="${REDIS_URL_BASE#redis://}"
  redis-cli -h "${redis_host_port%:*}" -p "${redis_host_port##*:}" -n "$TOPOLOGY_CACHE_DB" flushdb >/dev/null || failed=1
  rm -rf "$TOPOLOGY_DIR/web" "$TOPOLOGY_DIR/nginx" "$TOPOLOGY_DIR/media" \
    "$TOPOLOGY_DIR/private-media" "$TOPOLOGY_DIR/static" "$TOPOLOGY_DIR/env.sh" \
    "$TOPOLOGY_DIR/secret-key"
fi
exit "$failed"
