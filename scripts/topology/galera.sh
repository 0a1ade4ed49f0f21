#!/usr/bin/env bash
# A three-node MariaDB Galera cluster on loopback (docs/galera.md).
#   scripts/topology/galera.sh start    start the nodes that are down; bootstraps
#                                       a new cluster when none is up; waits
#                                       until every node is Synced
#   scripts/topology/galera.sh stop     stop the nodes, the first one last (so
#                                       it is the one that may bootstrap again)
#   scripts/topology/galera.sh status   each node's state; fails unless all Synced
#   scripts/topology/galera.sh env      export lines: GALERA_URL_1..3, DATABASE_URL
#   scripts/topology/galera.sh clean    stop, then delete the nodes' data
# Each node has its own datadir, socket and log under $TOPOLOGY_DIR/galera/nodeN
# and its own --defaults-file (from galera.cnf.in): the machine's MariaDB, its
# port 3306 and its configuration are never touched. Every node writes a ROW
# binary log with GTIDs of the cluster's own domain, so an asynchronous replica
# can follow node 1 (replica.sh start --source 3311; docs/replica.md).
# GALERA_SQL_PORTS / GALERA_GCOMM_PORT_LIST (space-separated) move the nodes to
# other ports, e.g. beside a cluster of another checkout.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=common.sh
source "$here/common.sh"

GALERA_DIR="$TOPOLOGY_DIR/galera"
GALERA_DATABASE="${GALERA_DATABASE:-nomi_galera}"
if [ -n "${GALERA_SQL_PORTS:-}" ]; then read -ra GALERA_PORTS <<<"$GALERA_SQL_PORTS"; fi
if [ -n "${GALERA_GCOMM_PORT_LIST:-}" ]; then
  read -ra GALERA_GCOMM_PORTS <<<"$GALERA_GCOMM_PORT_LIST"
fi
NODES=${#GALERA_PORTS[@]}
# GTIDs (docs/galera.md, "A read replica of the cluster"): every write set gets
# the cluster's domain, the same on every node, with the same server_id; what a
# node writes outside the cluster (wsrep_on=OFF) gets the node's own domain.
GALERA_GTID_DOMAIN=100
GALERA_SERVER_ID=10
OS_USER="$(id -un)"
# Run as root, the nodes run as the mysql user: the rsync daemon of a state
# transfer drops root for "nobody", who could not write a root-owned datadir.
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  RUN_AS=(--user=mysql)
fi

node_dir() { echo "$GALERA_DIR/node$1"; }
node_cnf() { echo "$GALERA_DIR/node$1/my.cnf"; }
sql_port() { echo "${GALERA_PORTS[$(($1 - 1))]}"; }
gcomm_port() { echo "${GALERA_GCOMM_PORTS[$(($1 - 1))]}"; }

write_config() {
  local n=$1 dir cluster="" i gcomm
  dir="$(node_dir "$n")"
  gcomm="$(gcomm_port "$n")"
  for ((i = 1; i <= NODES; i++)); do
    cluster+="${cluster:+,}127.0.0.1:$(gcomm_port "$i")"
  done
  mkdir -p "$dir/data"
  sed -e "s|@DIR@|$dir|g" -e "s|@PORT@|$(sql_port "$n")|g" -e "s|@N@|$n|g" \
    -e "s|@CLUSTER@|$cluster|g" -e "s|@GCOMM@|$gcomm|g" \
    -e "s|@IST@|$((gcomm + 1))|g" -e "s|@SST@|$((gcomm + 2))|g" \
    "$here/galera.cnf.in" >"$dir/my.cnf"
  # The binary log an asynchronous replica reads: on every node, with the same
  # file names, holding the other nodes' write sets too (log_slave_updates).
  cat >>"$dir/my.cnf" <<EOF

# Binary log and GTIDs for an asynchronous replica (written by galera.sh).
log_bin = binlog
log_slave_updates = ON
expire_logs_days = 2
server_id = $GALERA_SERVER_ID
wsrep_gtid_mode = ON
wsrep_gtid_domain_id = $GALERA_GTID_DOMAIN
gtid_domain_id = $n
EOF
  [ ${#RUN_AS[@]} -eq 0 ] || chown -R mysql:mysql "$dir"
}

node_pid() {
  local file
  file="$(node_dir "$1")/mariadbd.pid"
  [ -s "$file" ] && kill -0 "$(cat "$file")" 2>/dev/null && cat "$file"
}

# SQL on node N through its socket, as the OS user's unix_socket account.
node_sql() {
  mariadb --defaults-file="$(node_cnf "$1")" -u "$OS_USER" -N -B -e "$2"
}

node_state() {
  node_sql "$1" "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS
    WHERE VARIABLE_NAME = 'WSREP_LOCAL_STATE_COMMENT'" 2>/dev/null
}

node_synced() { [ "$(node_state "$1")" = Synced ]; }

# safe_to_bootstrap: 1 marks the node that left the cluster last (cleanly):
# only it has every transaction, so only it may start a new cluster.
safe_to_bootstrap() {
  grep -qs '^safe_to_bootstrap: *1' "$(node_dir "$1")/data/grastate.dat"
}

launch() {
  local n=$1 dir
  shift
  dir="$(node_dir "$n")"
  echo "galera: starting node $n (port $(sql_port "$n"))${1:+ with $*}"
  setsid mariadbd --defaults-file="$dir/my.cnf" "${RUN_AS[@]}" "$@" \
    </dev/null >>"$dir/mariadbd.out" 2>&1 &
  if ! WAIT_SECONDS=120 wait_for node_synced "$n"; then
    echo "galera: node $n did not reach Synced; see $dir/mariadbd.err" >&2
    tail -n 20 "$dir/mariadbd.err" >&2 || true
    return 1
  fi
}

any_running() {
  local i
  for ((i = 1; i <= NODES; i++)); do node_pid "$i" >/dev/null && return 0; done
  return 1
}

start() {
  "$TOPOLOGY_ROOT/scripts/system-packages.sh" --need galera-4 rsync
  local i first=""
  for ((i = 1; i <= NODES; i++)); do write_config "$i"; done
  if ! any_running; then
    if [ ! -d "$(node_dir 1)/data/mysql" ]; then
      # A new cluster: node 1 gets the system tables, the others theirs by SST.
      local socket_user=()
      [ "$OS_USER" != root ] && socket_user=(--auth-root-socket-user="$OS_USER")
      mariadb-install-db --defaults-file="$(node_cnf 1)" --skip-test-db \
        --auth-root-authentication-method=socket "${socket_user[@]}" \
        "${RUN_AS[@]}" >"$(node_dir 1)/install.log" 2>&1
      first=1
    else
      for ((i = 1; i <= NODES; i++)); do
        if safe_to_bootstrap "$i"; then first=$i && break; fi
      done
      if [ -z "$first" ]; then
        echo "galera: no node has safe_to_bootstrap: 1 (the cluster did not stop" \
          "cleanly). Pick the node with the highest seqno in data/grastate.dat" \
          "(mariadbd --wsrep-recover), set its safe_to_bootstrap to 1, start" \
          "again; or '$0 clean' for an empty cluster. See docs/galera.md." >&2
        return 1
      fi
    fi
    launch "$first" --wsrep-new-cluster
    # Root over TCP without a password, for the app and the tests (loopback
    # only); the statement replicates to every node.
    node_sql "$first" "ALTER USER root@localhost IDENTIFIED VIA mysql_native_password
      USING PASSWORD('') OR unix_socket"
  fi
  # Joiners one at a time: a donor serves one state transfer at once.
  for ((i = 1; i <= NODES; i++)); do
    node_pid "$i" >/dev/null || launch "$i"
  done
  for ((i = 1; i <= NODES; i++)); do wait_for node_synced "$i"; done
  node_sql 1 "CREATE DATABASE IF NOT EXISTS \`$GALERA_DATABASE\`
    CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
  echo "galera: $NODES nodes Synced (ports ${GALERA_PORTS[*]})"
}

stop() {
  local i pid
  # The last node to leave is the one marked safe_to_bootstrap: node 1.
  for ((i = NODES; i >= 1; i--)); do
    pid="$(node_pid "$i")" || continue
    echo "galera: stopping node $i"
    kill -TERM "$pid"
    WAIT_SECONDS=120 wait_for bash -c "! kill -0 $pid" || return 1
  done
}

status() {
  local i pid ok=0
  for ((i = 1; i <= NODES; i++)); do
    if pid="$(node_pid "$i")"; then
      echo "node $i: port $(sql_port "$i"), pid $pid, $(node_state "$i" || echo unreachable)"
      node_synced "$i" || ok=1
    else
      echo "node $i: port $(sql_port "$i"), stopped"
      ok=1
    fi
  done
  return $ok
}

env_lines() {
  local i
  for ((i = 1; i <= NODES; i++)); do
    echo "export GALERA_URL_$i=mysql://root@127.0.0.1:$(sql_port "$i")/$GALERA_DATABASE"
  done
  echo "export DATABASE_URL=mysql://root@127.0.0.1:$(sql_port 1)/$GALERA_DATABASE"
  echo "export DATABASE_GALERA=true"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) env_lines ;;
  clean) stop && rm -rf "$GALERA_DIR" ;;
  *)
    echo "usage: $0 start|stop|status|env|clean" >&2
    exit 2
    ;;
esac
