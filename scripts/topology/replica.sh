#!/usr/bin/env bash
# A MariaDB primary and an asynchronous GTID replica on loopback (docs/replica.md).
#
#   scripts/topology/replica.sh start    create (first time) and start both, replicating
#   scripts/topology/replica.sh start --source PORT
#                                        (or REPLICA_SOURCE_PORT=PORT) start the replica
#                                        only, following the server on 127.0.0.1:PORT
#                                        (Galera node 1, 3311, in the whole topology)
#   scripts/topology/replica.sh stop     stop both (replica first)
#   scripts/topology/replica.sh status   running or not, and the replica's threads and lag
#   scripts/topology/replica.sh env      export DATABASE_URL=... DATABASE_REPLICA_URL=...
#                                        (following a source: DATABASE_REPLICA_URL only)
#   scripts/topology/replica.sh pause    stop applying on the replica (it still receives)
#   scripts/topology/replica.sh resume   apply again
#   scripts/topology/replica.sh sync     wait (10 s at most) until the replica has
#                                        applied everything the primary has written
#   scripts/topology/replica.sh clean    stop, then delete both servers' data
#
# Each server has its own datadir and --defaults-file under
# $TOPOLOGY_DIR/replica/, so the machine's own MariaDB (port 3306, /etc/mysql)
# is never read or touched. The primary writes a ROW binary log; the replica is
# read_only and follows it by GTID (MASTER_USE_GTID=slave_pos), so it resumes
# where it stopped after a restart. The site reads from the replica as
# nomi_reader, a user that may only SELECT: a write routed there by mistake
# fails loudly instead of forking the data (root would bypass read_only).
#
# Following a source (--source): the replica is seeded with a consistent
# mariadb-dump --gtid of the source's databases (not its users), then follows
# it from that GTID position, over TCP as the source's root (loopback, no
# password: galera.sh makes it so). The source must write a ROW binary log
# with log_slave_updates (galera.sh does). The source port is remembered in
# $TOPOLOGY_DIR/replica/replica/source: later commands without --source keep
# following it; a replica set up for another source must be cleaned first.
set -euo pipefail

# shellcheck source=scripts/topology/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

BASE="$TOPOLOGY_DIR/replica"
# REPLICA_SQL_PORT moves the replica off its usual port (e.g. beside another
# checkout's topology).
REPLICA_PORT="${REPLICA_SQL_PORT:-$REPLICA_PORT}"
SOURCE_FILE="$BASE/replica/source"
SOURCE_PORT="${REPLICA_SOURCE_PORT:-}"
if [ "${1:-}" = start ] && [ "${2:-}" = --source ]; then
  SOURCE_PORT="${3:?--source needs a port}"
fi
if [ -s "$SOURCE_FILE" ]; then
  if [ -n "$SOURCE_PORT" ] && [ "$SOURCE_PORT" != "$(cat "$SOURCE_FILE")" ]; then
    echo "replica: it follows 127.0.0.1:$(cat "$SOURCE_FILE"), not $SOURCE_PORT;" \
      "'$0 clean' first" >&2
    exit 1
  fi
  SOURCE_PORT="$(cat "$SOURCE_FILE")"
elif [ -n "$SOURCE_PORT" ] && [ -f "$BASE/replica/.ready" ]; then
  echo "replica: it follows its own primary, not $SOURCE_PORT; '$0 clean' first" >&2
  exit 1
fi
DATABASE="${REPLICA_DATABASE:-nomi}"
READER=nomi_reader
REPLICATOR=nomi_repl
# Loopback only, and only for this topology's own instances.
REPLICATOR_PASSWORD=nomi-repl-loopback

node_port() { if [ "$1" = primary ]; then echo "$REPLICA_PRIMARY_PORT"; else echo "$REPLICA_PORT"; fi; }
node_dir() { echo "$BASE/$1"; }
socket() { echo "$BASE/$1/mysqld.sock"; }

# sql NODE STATEMENTS...: run as root over the node's socket (unix_socket auth).
sql() {
  local node="$1"
  shift
  mariadb --defaults-file="$(node_dir "$node")/my.cnf" --socket="$(socket "$node")" \
    -uroot --batch --skip-column-names -e "$*"
}

write_config() {
  local node="$1" dir port id
  dir="$(node_dir "$node")"
  port="$(node_port "$node")"
  id=1
  [ "$node" = replica ] && id=2
  mkdir -p "$dir/data"
  {
    echo "[client]"
    echo "socket=$dir/mysqld.sock"
    echo "port=$port"
    echo
    echo "[mariadbd]"
    [ "$(id -u)" = 0 ] && echo "user=root"
    echo "datadir=$dir/data"
    echo "socket=$dir/mysqld.sock"
    echo "pid-file=$dir/mysqld.pid"
    echo "log-error=$dir/error.log"
    echo "port=$port"
    echo "bind-address=127.0.0.1"
    echo "server_id=$id"
    echo "character-set-server=utf8mb4"
    echo "collation-server=utf8mb4_unicode_ci"
    echo "innodb_buffer_pool_size=64M"
    echo "max_connections=200"
    echo "gtid_strict_mode=1"
    if [ "$node" = primary ]; then
      echo "log_bin=$dir/data/binlog"
      echo "binlog_format=ROW"
      echo "expire_logs_days=2"
    else
      echo "relay_log=$dir/data/relay"
      echo "read_only=1"
    fi
  } >"$dir/my.cnf"
}

running() {
  local pidfile
  pidfile="$(node_dir "$1")/mysqld.pid"
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

start_node() {
  local node="$1" dir
  dir="$(node_dir "$node")"
  write_config "$node"
  if [ ! -d "$dir/data/mysql" ]; then
    mariadb-install-db --defaults-file="$dir/my.cnf" --skip-test-db \
      >"$dir/install.log" 2>&1 || {
      cat "$dir/install.log" >&2
      return 1
    }
  fi
  if ! running "$node"; then
    # setsid: the server outlives this script and the shell that ran it.
    setsid mariadbd --defaults-file="$dir/my.cnf" >>"$dir/stdout.log" 2>&1 </dev/null &
  fi
  WAIT_SECONDS=30 wait_for sql "$node" "SELECT 1" || {
    tail -20 "$dir/error.log" >&2
    return 1
  }
}

# First start only: users, the database, and the replica following the primary.
setup_primary() {
  [ -f "$BASE/primary/.ready" ] && return 0
  # Django connects over TCP as root without a password (loopback only).
  sql primary "
    ALTER USER root@localhost IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket;
    CREATE USER IF NOT EXISTS '$REPLICATOR'@'localhost' IDENTIFIED BY '$REPLICATOR_PASSWORD';
    GRANT REPLICATION SLAVE ON *.* TO '$REPLICATOR'@'localhost';
    CREATE USER IF NOT EXISTS '$READER'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('');
    GRANT SELECT ON \`nomi%\`.* TO '$READER'@'localhost';
    CREATE DATABASE IF NOT EXISTS \`$DATABASE\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
  touch "$BASE/primary/.ready"
}

setup_replica() {
  [ -f "$BASE/replica/.ready" ] && return 0
  # slave_pos starts empty: the replica replays the primary's whole binary log,
  # which holds every change since its first start (the users, the database).
  sql replica "
    CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$REPLICA_PRIMARY_PORT,
      MASTER_USER='$REPLICATOR', MASTER_PASSWORD='$REPLICATOR_PASSWORD',
      MASTER_CONNECT_RETRY=1, MASTER_USE_GTID=slave_pos;
    START SLAVE;"
  touch "$BASE/replica/.ready"
}

# SQL on the source being followed, over TCP as its root.
source_sql() {
  mariadb --protocol=tcp -h 127.0.0.1 -P "$SOURCE_PORT" -uroot --batch --skip-column-names -e "$*"
}

# First start of a replica of an existing source: its databases as of one
# GTID position (the dump sets gtid_slave_pos), then replication from there.
# The dump, not the binary log from its start: the source may have been
# written to before it had a binary log.
setup_follower() {
  [ -f "$BASE/replica/.ready" ] && return 0
  local databases
  databases="$(source_sql "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME
    NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')")"
  [ "$(source_sql "SELECT @@log_bin")" = 1 ] || {
    echo "replica: 127.0.0.1:$SOURCE_PORT writes no binary log" >&2
    return 1
  }
  echo "replica: seeding from 127.0.0.1:$SOURCE_PORT:" $databases
  # shellcheck disable=SC2086  # one database a word
  mariadb-dump --protocol=tcp -h 127.0.0.1 -P "$SOURCE_PORT" -uroot --single-transaction \
    --master-data=1 --gtid --routines --triggers --events --databases $databases \
    | mariadb --defaults-file="$(node_dir replica)/my.cnf" --socket="$(socket replica)" -uroot
  # Root over TCP without a password (loopback only), as on the source.
  sql replica "
    ALTER USER root@localhost IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket;
    CREATE USER IF NOT EXISTS '$READER'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('');
    GRANT SELECT ON \`nomi%\`.* TO '$READER'@'localhost';
    CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$SOURCE_PORT,
      MASTER_USER='root', MASTER_PASSWORD='', MASTER_CONNECT_RETRY=1,
      MASTER_USE_GTID=slave_pos;
    START SLAVE;"
  echo "$SOURCE_PORT" >"$SOURCE_FILE"
  touch "$BASE/replica/.ready"
}

# Wait until the replica has applied what the primary had written when asked.
sync_replica() {
  local position
  if [ -n "$SOURCE_PORT" ]; then
    position="$(source_sql "SELECT @@gtid_binlog_pos")"
  else
    position="$(sql primary "SELECT @@gtid_binlog_pos")"
  fi
  [ "$(sql replica "SELECT MASTER_GTID_WAIT('$position', 10)")" = 0 ] || {
    echo "replica did not reach $position within 10 s" >&2
    return 1
  }
}

stop_node() {
  local node="$1" pidfile pid
  pidfile="$(node_dir "$node")/mysqld.pid"
  running "$node" || return 0
  pid="$(cat "$pidfile")"
  kill "$pid"
  WAIT_SECONDS=60 wait_for bash -c "! kill -0 $pid"
}

replica_status() {
  mariadb --defaults-file="$(node_dir replica)/my.cnf" -uroot -e "SHOW SLAVE STATUS\G" 2>/dev/null \
    | grep -E "Slave_(IO|SQL)_Running:|Seconds_Behind_Master|Gtid_IO_Pos|Last_(IO|SQL)_Error:" \
    | sed 's/^ */  /'
}

case "${1:-}" in
  start)
    command -v mariadbd >/dev/null 2>&1 || "$TOPOLOGY_ROOT/scripts/system-packages.sh" --need mariadb-server
    if [ -n "$SOURCE_PORT" ]; then
      wait_for source_sql "SELECT 1" || {
        echo "replica: nothing answers on 127.0.0.1:$SOURCE_PORT" >&2
        exit 1
      }
      start_node replica
      setup_follower
      sync_replica
      echo "replica on 127.0.0.1:$REPLICA_PORT, following 127.0.0.1:$SOURCE_PORT"
      exit 0
    fi
    start_node primary
    setup_primary
    start_node replica
    setup_replica
    sync_replica
    echo "primary on 127.0.0.1:$REPLICA_PRIMARY_PORT, replica on 127.0.0.1:$REPLICA_PORT"
    ;;
  stop)
    stop_node replica
    stop_node primary
    ;;
  status)
    code=0
    for node in primary replica; do
      if [ "$node" = primary ] && [ -n "$SOURCE_PORT" ]; then
        echo "primary: none of its own: the replica follows 127.0.0.1:$SOURCE_PORT"
        continue
      fi
      if running "$node"; then
        echo "$node: running on 127.0.0.1:$(node_port "$node")"
      else
        echo "$node: stopped"
        code=3
      fi
    done
    running replica && replica_status
    exit "$code"
    ;;
  env)
    [ -n "$SOURCE_PORT" ] || echo "export DATABASE_URL=mysql://root@127.0.0.1:$REPLICA_PRIMARY_PORT/$DATABASE"
    echo "export DATABASE_REPLICA_URL=mysql://$READER@127.0.0.1:$REPLICA_PORT/$DATABASE"
    ;;
  pause)
    # The I/O thread keeps receiving, so a resume catches up at once.
    sql replica "STOP SLAVE SQL_THREAD"
    ;;
  resume)
    sql replica "START SLAVE"
    ;;
  sync)
    sync_replica
    ;;
  clean)
    stop_node replica
    stop_node primary
    rm -rf "$BASE"
    ;;
  *)
    echo "usage: $0 start [--source PORT]|stop|status|env|pause|resume|sync|clean" >&2
    exit 2
    ;;
esac
