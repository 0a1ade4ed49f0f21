#!/usr/bin/env bash
# S3-compatible object storage for the topology: moto's S3 server on loopback,
# with the public and the private media buckets (docs/object-storage.md).
#
#   scripts/topology/s3.sh start    start moto_server (idempotent), make the buckets
#   scripts/topology/s3.sh stop     stop the server this script started
#   scripts/topology/s3.sh status   exit 0 when it answers
#   scripts/topology/s3.sh env      the settings' variables, as `export` lines
#
# moto keeps everything in memory: a stop forgets every object.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

S3_DIR="$TOPOLOGY_DIR/s3"
S3_PID="$S3_DIR/moto.pid"
S3_LOG="$S3_DIR/moto.log"
S3_ENDPOINT="http://127.0.0.1:$S3_PORT"
S3_PUBLIC_BUCKET="${S3_PUBLIC_BUCKET:-nomi-media}"
S3_PRIVATE_BUCKET="${S3_PRIVATE_BUCKET:-nomi-private}"
# moto accepts any keys; these only have to be the same everywhere.
S3_ACCESS_KEY=nomi-topology
S3_SECRET_KEY=nomi-topology-secret
S3_REGION=us-east-1

running_pid() {
  local pid
  [[ -f "$S3_PID" ]] || return 1
  pid="$(cat "$S3_PID")"
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

answers() {
  "$PYTHON_BIN" -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=2)" \
    "$S3_ENDPOINT/moto-api/"
}

print_env() {
  cat <<ENV
export MEDIA_S3_BUCKET=$S3_PUBLIC_BUCKET
export MEDIA_S3_PRIVATE_BUCKET=$S3_PRIVATE_BUCKET
export AWS_S3_ENDPOINT_URL=$S3_ENDPOINT
export AWS_S3_REGION_NAME=$S3_REGION
export AWS_S3_ADDRESSING_STYLE=path
export AWS_ACCESS_KEY_ID=$S3_ACCESS_KEY
export AWS_SECRET_ACCESS_KEY=$S3_SECRET_KEY
ENV
}

make_buckets() {
  env AWS_ACCESS_KEY_ID="$S3_ACCESS_KEY" AWS_SECRET_ACCESS_KEY="$S3_SECRET_KEY" \
    "$PYTHON_BIN" "$TOPOLOGY_ROOT/scripts/topology/s3_buckets.py" \
    --endpoint "$S3_ENDPOINT" --region "$S3_REGION" \
    --public "$S3_PUBLIC_BUCKET" --private "$S3_PRIVATE_BUCKET"
}

start() {
  mkdir -p "$S3_DIR"
  if ! running_pid >/dev/null; then
    if answers 2>/dev/null; then
      echo "s3: port $S3_PORT already answers, but not for a server this script started" >&2
      exit 1
    fi
    # setsid: its own session, so stopping it never touches the caller's group.
    setsid "$PYTHON_BIN" -m moto.server -H 127.0.0.1 -p "$S3_PORT" \
      >"$S3_LOG" 2>&1 </dev/null &
    echo $! >"$S3_PID"
    if ! WAIT_SECONDS=30 wait_for answers; then
      tail -n 20 "$S3_LOG" >&2
      stop
      exit 1
    fi
  fi
  make_buckets
  echo "s3: moto on $S3_ENDPOINT (pid $(running_pid)), buckets $S3_PUBLIC_BUCKET (public-read), $S3_PRIVATE_BUCKET (private)"
}

stop() {
  local pid
  if pid="$(running_pid)"; then
    kill "$pid"
    wait_gone "$pid" 5 || kill -9 "$pid"
    echo "s3: stopped (pid $pid)"
  else
    echo "s3: not running"
  fi
  rm -f "$S3_PID"
}

status() {
  local pid
  if pid="$(running_pid)" && answers 2>/dev/null; then
    echo "s3: running on $S3_ENDPOINT (pid $pid)"
  else
    echo "s3: stopped"
    return 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) print_env ;;
  *)
    echo "usage: $0 start|stop|status|env" >&2
    exit 2
    ;;
esac
