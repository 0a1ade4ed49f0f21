#!/usr/bin/env bash
# The Django application's share of the topology: the settings every Django
# process of it runs with (web nodes, worker, manage.py), its database schema
# and a little demo data.
#   app.sh env     the settings, as `export VAR=value` lines. Variables already
#                  set (by $TOPOLOGY_DIR/env.sh: Galera's DATABASE_URL, S3...)
#                  are kept; only what is missing gets the topology's default.
#   app.sh start   create the fallback database if it is the one used, migrate,
#                  collect static files, seed demo data when there is none
#   app.sh status  the database answers and has no unapplied migration
#   app.sh stop    nothing runs: nothing to stop
#   app.sh names   the names of the variables `env` may print
# Without Galera (scripts/topology/galera.sh), the database is nomi_topology
# on the machine's MariaDB (127.0.0.1:3306): a development fallback, see
# docs/topology.md.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/common.sh"
cd "$TOPOLOGY_ROOT"

FALLBACK_DATABASE_URL="mysql://root@127.0.0.1:3306/nomi_topology"
NGINX_URL="http://127.0.0.1:$NGINX_PORT"

# One secret for every process: a session or CSRF cookie signed by one web
# node must be accepted by the other, and a link in an email sent by the
# worker by both.
secret_key() {
  local file="$TOPOLOGY_DIR/secret-key"
  if [ ! -s "$file" ]; then
    (umask 077 && "$PYTHON_BIN" -c "import secrets; print(secrets.token_urlsafe(50))" >"$file")
  fi
  cat "$file"
}

print_env() {
  # name value: print `export name=value`, unless name is already set.
  default() {
    if [ -z "${!1:-}" ]; then printf 'export %s=%q\n' "$1" "$2"; fi
  }
  default DJANGO_SETTINGS_MODULE marketplace.settings
  default DATABASE_URL "$FALLBACK_DATABASE_URL"
  default CACHE_URL "$REDIS_URL_BASE/$TOPOLOGY_CACHE_DB"
  # Production mode, on plain HTTP on loopback: no HTTPS redirect, no
  # HTTPS-only cookies, no HSTS (as scripts/serve.sh).
  default DJANGO_DEBUG false
  default DJANGO_SECRET_KEY "$(secret_key)"
  default DJANGO_SECURE_SSL_REDIRECT false
  default DJANGO_SECURE_COOKIES false
  default DJANGO_HSTS_SECONDS 0
  # Files every node shares (object storage replaces MEDIA_ROOT when s3.sh
  # is up; static files are collected once for all nodes).
  default MEDIA_ROOT "$TOPOLOGY_DIR/media"
  default PRIVATE_MEDIA_ROOT "$TOPOLOGY_DIR/private-media"
  default STATIC_ROOT "$TOPOLOGY_DIR/static"
  default DJANGO_SERVE_MEDIA true
  # The public address is nginx's.
  default SITE_URL "$NGINX_URL"
  default DJANGO_ALLOWED_HOSTS "127.0.0.1,localhost"
}

# The variables print_env sets.
NAMES=(DJANGO_SETTINGS_MODULE DATABASE_URL CACHE_URL DJANGO_DEBUG DJANGO_SECRET_KEY
  DJANGO_SECURE_SSL_REDIRECT DJANGO_SECURE_COOKIES DJANGO_HSTS_SECONDS MEDIA_ROOT
  PRIVATE_MEDIA_ROOT STATIC_ROOT DJANGO_SERVE_MEDIA SITE_URL DJANGO_ALLOWED_HOSTS)

with_env() {
  if [ -f "$TOPOLOGY_DIR/env.sh" ]; then source "$TOPOLOGY_DIR/env.sh"; fi
  eval "$(print_env)"
  export "${NAMES[@]}"
  "$@"
}

create_fallback_database() {
  [ "$DATABASE_URL" = "$FALLBACK_DATABASE_URL" ] || return 0
  echo "app: no Galera in the environment: database nomi_topology on the machine's MariaDB (127.0.0.1:3306)"
  mariadb --protocol=tcp -h 127.0.0.1 -P 3306 -u root \
    -e "CREATE DATABASE IF NOT EXISTS nomi_topology CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
}

start() {
  create_fallback_database
  "$PYTHON_BIN" manage.py migrate --noinput -v 0
  # Collected once into STATIC_ROOT for every node (whitenoise serves them,
  # nginx proxies /static/); again only when a file in static/ changed.
  if [ ! -s "$STATIC_ROOT/staticfiles.json" ] \
    || [ -n "$(find static -newer "$STATIC_ROOT/staticfiles.json" -type f -print -quit)" ]; then
    echo "app: collecting static files into $STATIC_ROOT"
    "$PYTHON_BIN" manage.py collectstatic --noinput -v 0
  fi
  "$PYTHON_BIN" manage.py seed_demo --if-empty --members 10 --listings 40
  echo "app: database migrated, demo data present"
}

status() {
  "$PYTHON_BIN" manage.py migrate --check -v 0 >/dev/null 2>&1 \
    && echo "app: database $(python_url_without_password) migrated" \
    || { echo "app: database not reachable or not migrated"; return 1; }
}

python_url_without_password() {
  sed -E 's#//([^:@/]*):[^@/]*@#//\1:***@#' <<<"$DATABASE_URL"
}

case "${1:-}" in
  env)
    if [ -f "$TOPOLOGY_DIR/env.sh" ]; then source "$TOPOLOGY_DIR/env.sh"; fi
    print_env
    ;;
  names) printf '%s\n' "${NAMES[@]}" ;;
  start) with_env start ;;
  status) with_env status ;;
  stop) echo "app: nothing to stop" ;;
  *) echo "usage: $0 start|stop|status|env|names" >&2; exit 2 ;;
esac
