#!/usr/bin/env bash
# The web nodes: gunicorn servers of the same code on WEB_PORTS (loopback
# only: nginx is the way in), sharing the database, Redis and file storage.
#   web.sh start [N]   start node N (1 or 2), or every node; waits for /healthz
#   web.sh stop [N]    stop gracefully (SIGTERM: in-flight requests finish)
#   web.sh kill N      SIGKILL node N's master and workers at once, as a
#                      machine that dies would (the kill-a-node test)
#   web.sh status [N]  running and answering /healthz
#   web.sh env [N]     with N: every variable node N runs with; without:
#                      WEB_URLS, the nodes' addresses
# Node N's settings: $TOPOLOGY_DIR/env.sh (what up.sh collected from the other
# pieces), app.sh's defaults, and per node:
#  - DATABASE_URL: WEB_DATABASE_URLS (space-separated, N-th) when set; else,
#    when DATABASE_URL names a Galera node (GALERA_PORTS), Galera node N, so
#    each web node writes through its own node; else DATABASE_URL as is.
#  - the proxy's headers are trusted: TRUSTED_PROXY_HOPS=1 (the client
#    address for rate limits is the one nginx appends to X-Forwarded-For) and
#    DJANGO_BEHIND_TLS_PROXY (nginx always sets X-Forwarded-Proto itself). Safe
#    only because the nodes listen on loopback, behind nginx.
# Pid files and logs: $TOPOLOGY_DIR/web/node-N.pid, node-N.log.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/common.sh"
cd "$TOPOLOGY_ROOT"
WEB_DIR="$TOPOLOGY_DIR/web"
mkdir -p "$WEB_DIR"

nodes() {
  if [ -n "${1:-}" ]; then
    if ! [[ "$1" =~ ^[0-9]+$ ]] || [ "$1" -lt 1 ] || [ "$1" -gt ${#WEB_PORTS[@]} ]; then
      echo "web: no node $1 (nodes 1..${#WEB_PORTS[@]})" >&2
      exit 2
    fi
    echo "$1"
  else
    seq 1 ${#WEB_PORTS[@]}
  fi
}

port_of() { echo "${WEB_PORTS[$(($1 - 1))]}"; }
pid_file() { echo "$WEB_DIR/node-$1.pid"; }

# The master's pid when it is alive, else nothing.
running_pid() {
  local file pid
  file="$(pid_file "$1")"
  [ -s "$file" ] || return 1
  pid="$(cat "$file")"
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

healthy() { curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$(port_of "$1")/healthz" 2>/dev/null; }

# DATABASE_URL of node N (see the header).
node_database_url() {
  local n="$1" urls port i
  if [ -n "${WEB_DATABASE_URLS:-}" ]; then
    read -r -a urls <<<"$WEB_DATABASE_URLS"
    i=$((n - 1 < ${#urls[@]} ? n - 1 : ${#urls[@]} - 1))
    echo "${urls[$i]}"
    return
  fi
  port="$(sed -nE 's#^[a-z0-9+]+://[^/]*@?[^/:]+:([0-9]+)/.*#\1#p' <<<"$DATABASE_URL")"
  for i in "${!GALERA_PORTS[@]}"; do
    if [ "$port" = "${GALERA_PORTS[$i]}" ]; then
      port="${GALERA_PORTS[$(((n - 1) % ${#GALERA_PORTS[@]}))]}"
      sed -E "s#:[0-9]+/#:$port/#" <<<"$DATABASE_URL"
      return
    fi
  done
  echo "$DATABASE_URL"
}

load_env() {
  if [ -f "$TOPOLOGY_DIR/env.sh" ]; then source "$TOPOLOGY_DIR/env.sh"; fi
  eval "$("$HERE/app.sh" env)"
}

node_env() {
  local n="$1"
  printf 'export DATABASE_URL=%q\n' "$(node_database_url "$n")"
  printf 'export GUNICORN_BIND=%q\n' "127.0.0.1:$(port_of "$n")"
  printf 'export GUNICORN_WORKERS=%q\n' "${WEB_WORKERS:-2}"
  printf 'export TRUSTED_PROXY_HOPS=1\n'
  printf 'export DJANGO_BEHIND_TLS_PROXY=true\n'
}

start_node() {
  local n="$1" pid log
  if pid="$(running_pid "$n")"; then
    echo "web: node $n already running (pid $pid, port $(port_of "$n"))"
    return 0
  fi
  if ! "$PYTHON_BIN" -c "import gunicorn" 2>/dev/null; then
    echo "web: gunicorn is not installed in $PYTHON_BIN's environment (make setup)" >&2
    return 1
  fi
  if healthy "$n"; then
    echo "web: port $(port_of "$n") is taken by a server this script did not start" >&2
    return 1
  fi
  log="$WEB_DIR/node-$n.log"
  echo "web: starting node $n on 127.0.0.1:$(port_of "$n") (log $log)"
  (
    load_env
    eval "$(node_env "$n")"
    # Its own session, so that `kill N` reaches the master and every worker.
    exec setsid "$PYTHON_BIN" -m gunicorn -c gunicorn.conf.py \
      --pid "$(pid_file "$n")" marketplace.wsgi >>"$log" 2>&1 </dev/null
  ) &
  disown
  if ! WAIT_SECONDS="${WEB_START_SECONDS:-60}" wait_for healthy "$n"; then
    echo "web: node $n did not answer /healthz; the end of its log:" >&2
    tail -n 30 "$log" >&2
    return 1
  fi
  echo "web: node $n up (pid $(cat "$(pid_file "$n")"))"
}

stop_node() {
  local n="$1" pid
  if ! pid="$(running_pid "$n")"; then
    echo "web: node $n not running"
    rm -f "$(pid_file "$n")"
    return 0
  fi
  kill -TERM "$pid"
  # gunicorn lets workers finish their requests (graceful_timeout, 30 s).
  if ! wait_gone "$pid" 35; then
    echo "web: node $n still running after 35 s: SIGKILL" >&2
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid"
  fi
  rm -f "$(pid_file "$n")"
  echo "web: node $n stopped"
}

kill_node() {
  local n="$1" pid pgid
  if ! pid="$(running_pid "$n")"; then
    echo "web: node $n not running" >&2
    return 1
  fi
  pgid="$(ps -o pgid= -p "$pid" | tr -d ' ')"
  if [ "$pgid" = "$pid" ]; then
    kill -KILL -- "-$pgid"
  else
    kill -KILL "$pid" $(pgrep -P "$pid") 2>/dev/null || true
  fi
  wait_gone "$pid" 5 || true
  # gunicorn leaves its pid file behind when killed: `start` must not
  # mistake a recycled pid for the node.
  rm -f "$(pid_file "$n")"
  echo "web: node $n killed (SIGKILL to pid $pid and its workers)"
}

status_node() {
  local n="$1" pid
  if pid="$(running_pid "$n")" && healthy "$n"; then
    echo "web: node $n running (pid $pid, http://127.0.0.1:$(port_of "$n"))"
  elif pid="$(running_pid "$n")"; then
    echo "web: node $n running (pid $pid) but not answering /healthz"
    return 1
  else
    echo "web: node $n stopped"
    return 1
  fi
}

command="${1:-}"
shift || true
case "$command" in
  start | stop | status)
    targets="$(nodes "${1:-}")"
    failed=0
    for n in $targets; do "${command}_node" "$n" || failed=1; done
    exit "$failed"
    ;;
  kill)
    [ -n "${1:-}" ] || { echo "usage: $0 kill N" >&2; exit 2; }
    target="$(nodes "$1")"
    kill_node "$target"
    ;;
  env)
    if [ -n "${1:-}" ]; then
      n="$(nodes "$1")"
      if [ -f "$TOPOLOGY_DIR/env.sh" ]; then cat "$TOPOLOGY_DIR/env.sh"; fi
      "$HERE/app.sh" env
      (load_env && node_env "$n")
    else
      urls=()
      for n in $(nodes); do urls+=("http://127.0.0.1:$(port_of "$n")"); done
      printf 'export WEB_URLS=%q\n' "${urls[*]}"
    fi
    ;;
  *)
    echo "usage: $0 start|stop|status [N] | kill N | env [N]" >&2
    exit 2
    ;;
esac
