#!/usr/bin/env bash
# nginx in front of the web nodes, on 127.0.0.1:$NGINX_PORT: Debian's nginx
# binary with our own configuration (scripts/topology/nginx.conf), run as
#   nginx -c $TOPOLOGY_DIR/nginx/nginx.conf -p $TOPOLOGY_DIR/nginx/ -e .../error.log
# with its pid, logs and temporary files in $TOPOLOGY_DIR/nginx/. The
# system's nginx service and /etc/nginx are never used or touched.
#   nginx.sh start    write the configuration, test it, start (web nodes first:
#                     with max_fails, a node found down is skipped for 5 s)
#   nginx.sh stop     graceful stop (SIGQUIT)
#   nginx.sh reload   write the configuration again and reload it (SIGHUP)
#   nginx.sh status   running and answering
#   nginx.sh env      NGINX_URL, the topology's public address
#   nginx.sh config   print the configuration it would write
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/common.sh"
cd "$TOPOLOGY_ROOT"
PREFIX="$TOPOLOGY_DIR/nginx"
CONF="$PREFIX/nginx.conf"
PID_FILE="$PREFIX/nginx.pid"
ERROR_LOG="$PREFIX/logs/error.log"
NGINX_URL="http://127.0.0.1:$NGINX_PORT"
NGINX_BIN="${NGINX_BIN:-/usr/sbin/nginx}"

ensure_installed() {
  [ -x "$NGINX_BIN" ] || "$TOPOLOGY_ROOT/scripts/system-packages.sh" --need nginx
}

# REQUEST_MAX_BYTES as the application reads it (its environment included).
request_max_bytes() {
  if [ -f "$TOPOLOGY_DIR/env.sh" ]; then source "$TOPOLOGY_DIR/env.sh"; fi
  eval "$("$HERE/app.sh" env)"
  "$PYTHON_BIN" -c 'from django.conf import settings; print(settings.REQUEST_MAX_BYTES)'
}

render() {
  local servers="" port user=""
  for port in "${WEB_PORTS[@]}"; do
    servers+="        server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"$'\n'
  done
  # Started as root, the workers drop to nobody (they only proxy and write
  # the temporary files nginx creates for them).
  if [ "$(id -u)" = 0 ]; then user="user nobody nogroup;"; fi
  local body_bytes
  body_bytes="$(request_max_bytes)"
  sed -e "s#@PREFIX@#$PREFIX#g" \
    -e "s#@NGINX_PORT@#$NGINX_PORT#g" \
    -e "s#@CLIENT_MAX_BODY_SIZE@#$body_bytes#g" \
    -e "s#@USER@#$user#g" \
    "$HERE/nginx.conf" | awk -v servers="${servers%$'\n'}" '{ if ($0 == "@UPSTREAM_SERVERS@") print servers; else print }'
}

write_config() {
  mkdir -p "$PREFIX/logs" "$PREFIX/temp"
  render >"$CONF.new"
  "$NGINX_BIN" -t -q -c "$CONF.new" -p "$PREFIX/" -e "$ERROR_LOG"
  mv "$CONF.new" "$CONF"
}

running_pid() {
  local pid
  [ -s "$PID_FILE" ] || return 1
  pid="$(cat "$PID_FILE")"
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

answering() { curl -sS -o /dev/null --max-time 2 "$NGINX_URL/healthz" 2>/dev/null; }

start() {
  local pid n up=0
  ensure_installed
  if pid="$(running_pid)"; then
    echo "nginx: already running (pid $pid, $NGINX_URL)"
    return 0
  fi
  for port in "${WEB_PORTS[@]}"; do
    curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/healthz" 2>/dev/null && up=$((up + 1))
  done
  if [ "$up" -lt "${#WEB_PORTS[@]}" ]; then
    echo "nginx: warning: $up of ${#WEB_PORTS[@]} web nodes answer; start them first (scripts/topology/web.sh start)" >&2
  fi
  write_config
  "$NGINX_BIN" -c "$CONF" -p "$PREFIX/" -e "$ERROR_LOG"
  if ! WAIT_SECONDS=10 wait_for answering; then
    echo "nginx: not answering on $NGINX_URL; the end of $ERROR_LOG:" >&2
    tail -n 20 "$ERROR_LOG" >&2
    return 1
  fi
  echo "nginx: up on $NGINX_URL (pid $(cat "$PID_FILE"), logs $PREFIX/logs/)"
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    echo "nginx: not running"
    return 0
  fi
  kill -QUIT "$pid"
  if ! wait_gone "$pid" 30; then
    echo "nginx: still running after 30 s: SIGTERM" >&2
    kill -TERM "$pid"
  fi
  echo "nginx: stopped"
}

reload() {
  local pid
  pid="$(running_pid)" || { echo "nginx: not running" >&2; return 1; }
  write_config
  kill -HUP "$pid"
  echo "nginx: configuration reloaded"
}

status() {
  local pid
  if pid="$(running_pid)" && answering; then
    echo "nginx: running (pid $pid, $NGINX_URL)"
  elif pid="$(running_pid)"; then
    echo "nginx: running (pid $pid) but not answering on $NGINX_URL"
    return 1
  else
    echo "nginx: stopped"
    return 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  reload) reload ;;
  status) status ;;
  config) render ;;
  env) printf 'export NGINX_URL=%q\n' "$NGINX_URL" ;;
  *) echo "usage: $0 start|stop|reload|status|env|config" >&2; exit 2 ;;
esac
