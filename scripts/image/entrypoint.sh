#!/bin/sh
# The container image's entrypoint (Containerfile, docs/container-image.md):
# one image, one process kind per container.
#   web             gunicorn (gunicorn.conf.py; GUNICORN_BIND defaults to 0.0.0.0:8000)
#   worker          a Celery worker
#   beat            Celery beat, the periodic jobs' clock (one per deployment)
#   migrate         apply database migrations, then exit
#   manage ARGS...  any manage.py command, e.g. `manage check --deploy`
# Anything else runs as given (`podman run IMAGE python -V`).
set -eu
cd /app

command="${1:-web}"
[ $# -gt 0 ] && shift
case "$command" in
  web)
    exec gunicorn -c gunicorn.conf.py marketplace.wsgi "$@"
    ;;
  worker)
    exec celery -A marketplace worker --loglevel=INFO "$@"
    ;;
  beat)
    # The code is read-only to the app's user: beat keeps its schedule state
    # (last run times) in a writable place.
    exec celery -A marketplace beat --loglevel=INFO \
      --schedule "${CELERY_BEAT_SCHEDULE:-/tmp/celerybeat-schedule}" "$@"
    ;;
  migrate)
    exec python manage.py migrate --noinput "$@"
    ;;
  manage)
    exec python manage.py "$@"
    ;;
  *)
    exec "$command" "$@"
    ;;
esac
