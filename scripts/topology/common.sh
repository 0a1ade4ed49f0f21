# Shared by the scripts in scripts/topology/: where each piece of the
# multi-node topology keeps its files and which loopback ports it uses.
# Sourced, not run. Every piece lives under $TOPOLOGY_DIR (default .topology/
# in the checkout, ignored by git) and never touches the machine's own
# services' data (the system MariaDB's datadir and configuration, nginx's).

TOPOLOGY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOPOLOGY_DIR="${TOPOLOGY_DIR:-$TOPOLOGY_ROOT/.topology}"
mkdir -p "$TOPOLOGY_DIR"

# Galera: three nodes (SQL port, group-communication port; IST is +1, SST by rsync).
GALERA_PORTS=(3311 3312 3313)
GALERA_GCOMM_PORTS=(4571 4581 4591)
# Asynchronous GTID replication: a primary and one replica.
# REPLICA_PRIMARY_SQL_PORT moves the primary (a test's private copy).
REPLICA_PRIMARY_PORT="${REPLICA_PRIMARY_SQL_PORT:-3321}"
REPLICA_PORT=3322
# Backup rehearsal (scripts/backup-rehearsal.sh): a source instance and the
# instance restored from its backup.
BACKUP_SOURCE_PORT=3331
BACKUP_RESTORE_PORT=3332
# S3-compatible object storage (moto's server).
S3_PORT=9310
# Redis: the machine's server; the topology uses its own database numbers.
REDIS_URL_BASE="${REDIS_URL_BASE:-redis://127.0.0.1:6379}"
TOPOLOGY_CACHE_DB=5
TOPOLOGY_BROKER_DB=6
# Web: gunicorn nodes, and nginx in front of them.
WEB_PORTS=(8101 8102)
NGINX_PORT=8100

PYTHON_BIN="${PYTHON_BIN:-$TOPOLOGY_ROOT/.venv/bin/python}"

# wait_for CMD... : run CMD until it succeeds, up to $WAIT_SECONDS (default 60).
wait_for() {
  local seconds="${WAIT_SECONDS:-60}" i
  for ((i = 0; i < seconds * 5; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "timed out after ${seconds}s waiting for: $*" >&2
  return 1
}

# wait_gone PID SECONDS: wait for process PID to exit; fails, saying nothing,
# if it is still there after SECONDS (the caller decides what comes next).
wait_gone() {
  local pid="$1" seconds="$2" i
  for ((i = 0; i < seconds * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  ! kill -0 "$pid" 2>/dev/null
}
