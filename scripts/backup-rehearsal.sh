#!/usr/bin/env bash
# Rehearse a backup and a restore with mariadb-backup, end to end (docs/backup.md):
#
#   1. start a throwaway MariaDB (the source, 127.0.0.1:$BACKUP_SOURCE_PORT,
#      binary log on), migrate a database on it and fill it with seed_demo
#      (members, listings, orders, payments, ledger);
#   2. take a full backup (mariadb-backup --backup), then write more (a later
#      seed_demo run): the writes a point-in-time recovery must bring back;
#   3. prepare the backup, copy it back into a fresh empty datadir and start a
#      second instance on it (127.0.0.1:$BACKUP_RESTORE_PORT): its row counts
#      must be the source's at backup time;
#   4. replay the source's binary log from the backup's position: every
#      table's row count and checksum must now equal the source's, and
#      `manage.py reconcile_ledger` on the restored database must exit 0.
#
# Both instances are stopped on exit, failure included; their files live in
# $TOPOLOGY_DIR/backup/ (removed after a success, kept after a failure for a
# look, removed by the next run). Nothing touches the machine's own MariaDB:
# each instance reads only its own --defaults-file, with its own socket.
#
# Prints `count TABLE SOURCE RESTORED` for the main tables and ends with
# "Backup rehearsal passed" (exit 0), or says what differed (exit 1).
# BACKUP_MEMBERS and BACKUP_LISTINGS size the seeded data (default 8 and 80: seed_demo trades once the demo seller has 4 items on sale).
set -euo pipefail

# shellcheck source=topology/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/topology/common.sh"

DIR="$TOPOLOGY_DIR/backup"
DATABASE=nomi_rehearsal
MEMBERS="${BACKUP_MEMBERS:-8}"
LISTINGS="${BACKUP_LISTINGS:-80}"
# The tables a restore must bring back, reported one by one (all are compared).
MAIN_TABLES=(accounts_user listings_listing listings_listingphoto orders_order
  orders_orderevent orders_offer orders_payment orders_gatewaycall
  orders_ledgerentry orders_rating marketplace_outboxemail)

"$TOPOLOGY_ROOT/scripts/system-packages.sh" --need mariadb-server mariadb-client mariadb-backup

started=$SECONDS
say() { printf '[%4ds] %s\n' "$((SECONDS - started))" "$*"; }

# --- One instance: its config, start and stop -------------------------------
config() { echo "$DIR/$1/my.cnf"; }

write_config() { # NAME PORT SERVER_ID [BINLOG]
  local name=$1 port=$2 server_id=$3 binlog=${4:-}
  mkdir -p "$DIR/$name/data"
  {
    echo "[client]"
    echo "user = root"
    echo "socket = $DIR/$name/mariadbd.sock"
    echo "[mysqld]"
    echo "datadir = $DIR/$name/data"
    echo "port = $port"
    echo "bind-address = 127.0.0.1"
    echo "socket = $DIR/$name/mariadbd.sock"
    echo "pid-file = $DIR/$name/mariadbd.pid"
    echo "log-error = $DIR/$name/mariadbd.err"
    echo "server_id = $server_id"
    echo "skip-name-resolve"
    echo "innodb_buffer_pool_size = 64M"
    # A rehearsal's data need not survive a power cut: commits skip the fsync
    # (the migrations are many small DDL transactions). Backups are unchanged.
    echo "innodb_flush_log_at_trx_commit = 2"
    echo "character-set-server = utf8mb4"
    echo "collation-server = utf8mb4_unicode_ci"
    # mariadbd refuses to run as root unless told to.
    [ "$(id -u)" = 0 ] && echo "user = root"
    if [ -n "$binlog" ]; then
      echo "log_bin = $DIR/$name/binlog/mariadb-bin"
      echo "binlog_format = ROW"
    fi
  } >"$(config "$name")"
  [ -z "$binlog" ] || mkdir -p "$DIR/$name/binlog"
}

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_instance() { # NAME PORT
  local name=$1 port=$2
  if port_taken "$port"; then
    echo "127.0.0.1:$port is already in use: not starting the $name instance." >&2
    return 1
  fi
  setsid mariadbd --defaults-file="$(config "$name")" </dev/null >/dev/null 2>&1 &
  if ! WAIT_SECONDS=60 wait_for sql "$name" -e "SELECT 1"; then
    tail -n 20 "$DIR/$name/mariadbd.err" >&2 || true
    return 1
  fi
}

stop_instance() { # NAME: by the pid in its own pid file, never by name
  local pidfile="$DIR/$1/mariadbd.pid" pid i
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if kill "$pid" 2>/dev/null; then
    for ((i = 0; i < 300; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  fi
  rm -f "$pidfile"
}

sql() { # NAME ARGS...: the mariadb client on that instance's socket
  local name=$1
  shift
  mariadb --defaults-file="$(config "$name")" "$@"
}

manage() { # PORT ARGS...: manage.py on that instance's database
  local port=$1
  shift
  # In-process work and a private cache: nothing reaches the topology's Redis.
  env -u DATABASE_REPLICA_URL -u CELERY_BROKER_URL \
    DATABASE_URL="mysql://root@127.0.0.1:$port/$DATABASE" \
    CACHE_URL="locmemcache://" \
    MEDIA_ROOT="$DIR/media" PRIVATE_MEDIA_ROOT="$DIR/private-media" \
    "$PYTHON_BIN" "$TOPOLOGY_ROOT/manage.py" "$@"
}

# Every base table's exact row count, one "table count" line each.
row_counts() { # NAME
  local name=$1 tables query=""
  tables=$(sql "$1" -N -B -e "SELECT table_name FROM information_schema.tables
    WHERE table_schema = '$DATABASE' AND table_type = 'BASE TABLE' ORDER BY 1")
  for table in $tables; do
    query+="${query:+ UNION ALL }SELECT '$table', COUNT(*) FROM \`$table\`"
  done
  sql "$name" -N -B "$DATABASE" -e "$query"
}

checksums() { # NAME: CHECKSUM TABLE of every base table
  local tables
  tables=$(sql "$1" -N -B -e "SELECT GROUP_CONCAT(CONCAT('\`', table_name, '\`')
    ORDER BY table_name) FROM information_schema.tables
    WHERE table_schema = '$DATABASE' AND table_type = 'BASE TABLE'")
  sql "$1" -N -B "$DATABASE" -e "CHECKSUM TABLE $tables EXTENDED"
}

count_of() { # COUNTS_TEXT TABLE
  awk -v t="$2" '$1 == t { print $2 }' <<<"$1"
}

succeeded=0
cleanup() {
  stop_instance restore
  stop_instance source
  if [ "$succeeded" = 1 ]; then
    rm -rf "$DIR"
  else
    echo "Backup rehearsal FAILED; files kept for a look in $DIR" >&2
  fi
}

# --- The rehearsal -----------------------------------------------------------
# A run killed before its cleanup may have left its instances running.
stop_instance restore
stop_instance source
rm -rf "$DIR"
mkdir -p "$DIR"
trap cleanup EXIT

say "source instance on 127.0.0.1:$BACKUP_SOURCE_PORT ($DIR/source)"
write_config source "$BACKUP_SOURCE_PORT" 31 binlog
mariadb-install-db --defaults-file="$(config source)" --auth-root-authentication-method=normal \
  --skip-test-db >"$DIR/source/install.log" 2>&1
start_instance source "$BACKUP_SOURCE_PORT"
sql source -e "CREATE DATABASE $DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"

say "migrate and seed_demo --members $MEMBERS --listings $LISTINGS"
manage "$BACKUP_SOURCE_PORT" migrate --noinput -v 0
manage "$BACKUP_SOURCE_PORT" seed_demo --members "$MEMBERS" --listings "$LISTINGS" --seed 1 -v 0
manage "$BACKUP_SOURCE_PORT" reconcile_ledger >/dev/null

say "mariadb-backup --backup, as a user with only the privileges docs/backup.md grants"
sql source -e "CREATE USER backup@localhost IDENTIFIED BY 'rehearsal';
  GRANT RELOAD, PROCESS, LOCK TABLES, BINLOG MONITOR ON *.* TO backup@localhost"
mariadb-backup --defaults-file="$(config source)" --backup --target-dir="$DIR/full" \
  --user=backup --password=rehearsal >"$DIR/backup.log" 2>&1 || {
  tail -n 20 "$DIR/backup.log" >&2
  exit 1
}
if grep -i "missing required privilege" "$DIR/backup.log" >&2; then
  exit 1
fi
# Where the binary log stood when the backup's copy was consistent.
read -r binlog_file binlog_position _ <"$DIR/full/xtrabackup_binlog_info"
at_backup=$(row_counts source)
say "backup taken: $(du -sh "$DIR/full" | cut -f1), binary log at $binlog_file:$binlog_position"

say "writes after the backup (seed_demo --seed 2), for the point-in-time recovery"
manage "$BACKUP_SOURCE_PORT" seed_demo --members 2 --listings 5 --seed 2 -v 0
source_counts=$(row_counts source)
source_checksums=$(checksums source)

say "mariadb-backup --prepare, --copy-back into an empty datadir"
mariadb-backup --defaults-file="$(config source)" --prepare --target-dir="$DIR/full" \
  >"$DIR/prepare.log" 2>&1 || {
  tail -n 20 "$DIR/prepare.log" >&2
  exit 1
}
write_config restore "$BACKUP_RESTORE_PORT" 32
mariadb-backup --defaults-file="$(config restore)" --copy-back --target-dir="$DIR/full" \
  >"$DIR/copy-back.log" 2>&1 || {
  tail -n 20 "$DIR/copy-back.log" >&2
  exit 1
}

say "restored instance on 127.0.0.1:$BACKUP_RESTORE_PORT ($DIR/restore)"
start_instance restore "$BACKUP_RESTORE_PORT"
restored_counts=$(row_counts restore)
if [ "$restored_counts" != "$at_backup" ]; then
  echo "The restore differs from the source at backup time:" >&2
  diff <(echo "$at_backup") <(echo "$restored_counts") >&2 || true
  exit 1
fi
say "the restore holds the source's rows at backup time ($(wc -l <<<"$restored_counts") tables)"

say "replay the binary log from $binlog_file:$binlog_position (point in time: now)"
sql source -e "FLUSH BINARY LOGS"
binlogs=()
while read -r name; do
  binlogs+=("$DIR/source/binlog/$(basename "$name")")
done < <(awk -v first="$binlog_file" '{ n = split($0, p, "/") } p[n] >= first' \
  "$DIR/source/binlog/mariadb-bin.index")
mariadb-binlog --start-position="$binlog_position" "${binlogs[@]}" | sql restore

say "reconcile_ledger on the restored database"
manage "$BACKUP_RESTORE_PORT" reconcile_ledger | tail -n 1

restored_counts=$(row_counts restore)
restored_checksums=$(checksums restore)
failed=0
for table in "${MAIN_TABLES[@]}"; do
  source_count=$(count_of "$source_counts" "$table")
  restored_count=$(count_of "$restored_counts" "$table")
  echo "count $table ${source_count:-missing} ${restored_count:-missing}"
  [ -n "$source_count" ] && [ "$source_count" = "$restored_count" ] || failed=1
done
if [ "$restored_counts" != "$source_counts" ]; then
  echo "Row counts differ between the source and the restore:" >&2
  diff <(echo "$source_counts") <(echo "$restored_counts") >&2 || true
  failed=1
fi
if [ "$restored_checksums" != "$source_checksums" ]; then
  echo "Table checksums differ between the source and the restore:" >&2
  diff <(echo "$source_checksums") <(echo "$restored_checksums") >&2 || true
  failed=1
fi
[ "$failed" = 0 ] || exit 1

total_rows() { awk '{ s += $2 } END { print s }' <<<"$1"; }
tables=$(wc -l <<<"$source_counts")
rows=$(total_rows "$source_counts")
added=$((rows - $(total_rows "$at_backup")))
succeeded=1
say "Backup rehearsal passed: $tables tables, $rows rows restored ($added written after the backup, from the binary log); counts and checksums equal, ledger reconciled"
