#!/usr/bin/env bash
# Celery for the multi-node topology: a worker and the beat scheduler, against
# the machine's Redis (database TOPOLOGY_BROKER_DB) and a database both the
# web nodes and the worker reach. Docs: docs/background-work.md.
#
#   scripts/topology/worker.sh start  [worker|beat]   start (idempotent), wait until ready
#   scripts/topology/worker.sh stop   [worker|beat]   warm shutdown (the task in hand ends), then KILL
#   scripts/topology/worker.sh kill   [worker|beat]   kill -9 the whole process group (failure drills)
#   scripts/topology/worker.sh status [worker|beat]   exit 0 when running
#   scripts/topology/worker.sh env                    export lines for the other pieces
#
# The part defaults to the worker. Taken from the environment when set:
# CELERY_BROKER_URL (default redis://127.0.0.1:6379/$TOPOLOGY_BROKER_DB),
# DATABASE_URL (default: a SQLite file under $TOPOLOGY_DIR/celery/, migrated
# on start), WORKER_CONCURRENCY (default 2), and every other setting the
# Django settings read (EMAIL_URL, CELERY_VISIBILITY_TIMEOUT...).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

CELERY_DIR="$TOPOLOGY_DIR/celery"
mkdir -p "$CELERY_DIR"
DEFAULT_DATABASE_URL="sqlite:///$CELERY_DIR/nomi.sqlite3"
export CELERY_BROKER_URL="${CELERY_BROKER_URL:-$REDIS_URL_BASE/$TOPOLOGY_BROKER_DB}"
export DATABASE_URL="${DATABASE_URL:-$DEFAULT_DATABASE_URL}"
cd "$TOPOLOGY_ROOT"

pid_of() { # running pid of a part, or nothing
  local file="$CELERY_DIR/$1.pid" pid
  [[ -f "$file" ]] || return 0
  pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then echo "$pid"; fi
}

command_of() { # the command line of a part (the image and manifests run the same)
  case "$1" in
    worker)
      echo "$PYTHON_BIN -m celery -A marketplace worker --loglevel INFO" \
        "--concurrency ${WORKER_CONCURRENCY:-2} --hostname ${WORKER_NAME:-worker}@%h"
      ;;
    beat)
      echo "$PYTHON_BIN -m celery -A marketplace beat --loglevel INFO" \
        "--schedule $CELERY_DIR/beat-schedule"
      ;;
    *) echo "unknown part: $1 (worker or beat)" >&2; return 2 ;;
  esac
}

ready_line() {
  case "$1" in
    worker) echo " ready." ;;
    beat) echo "beat: Starting" ;;
  esac
}

start() {
  local part="$1" pid log lines
  command_of "$part" >/dev/null
  pid="$(pid_of "$part")"
  if [[ -n "$pid" ]]; then
    echo "$part already running (pid $pid)"
    return 0
  fi
  if [[ "$DATABASE_URL" == "$DEFAULT_DATABASE_URL" ]]; then
    "$PYTHON_BIN" manage.py migrate --noinput >"$CELERY_DIR/migrate.log" 2>&1
  fi
  log="$CELERY_DIR/$part.log"
  touch "$log"
  lines="$(wc -l <"$log")"
  # Its own session and process group: stop and kill reach the pool's
  # children too, as a container runtime stopping the pod would.
  # shellcheck disable=SC2046
  setsid $(command_of "$part") >>"$log" 2>&1 </dev/null &
  echo $! >"$CELERY_DIR/$part.pid"
  if ! wait_for bash -c "tail -n +$((lines + 1)) '$log' | grep -q '$(ready_line "$part")'"; then
    tail -n 30 "$log" >&2
    return 1
  fi
  echo "$part started (pid $(cat "$CELERY_DIR/$part.pid")), log $log"
}

stop() {
  local part="$1" pid
  pid="$(pid_of "$part")"
  if [[ -z "$pid" ]]; then
    rm -f "$CELERY_DIR/$part.pid"
    echo "$part not running"
    return 0
  fi
  # Warm shutdown: the worker stops taking tasks and ends the ones in hand.
  kill -TERM -- "-$pid" 2>/dev/null || true
  wait_gone "$pid" "${STOP_SECONDS:-30}" || true
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$CELERY_DIR/$part.pid"
  echo "$part stopped"
}

hard_kill() {
  local part="$1" pid
  pid="$(pid_of "$part")"
  if [[ -n "$pid" ]]; then
    kill -KILL -- "-$pid" 2>/dev/null || true
    wait_gone "$pid" 30 || true
  fi
  rm -f "$CELERY_DIR/$part.pid"
  echo "$part killed"
}

status() {
  local part="$1" pid
  pid="$(pid_of "$part")"
  if [[ -n "$pid" ]]; then
    echo "$part running (pid $pid), broker $CELERY_BROKER_URL"
    return 0
  fi
  echo "$part not running"
  return 1
}

case "${1:-}" in
  start) start "${2:-worker}" ;;
  stop) stop "${2:-worker}" ;;
  kill) hard_kill "${2:-worker}" ;;
  status) status "${2:-worker}" ;;
  env)
    echo "export CELERY_BROKER_URL=$CELERY_BROKER_URL"
    echo "export DATABASE_URL=$DATABASE_URL"
    ;;
  *)
    echo "usage: $0 start|stop|kill|status [worker|beat] | env" >&2
    exit 2
    ;;
esac
