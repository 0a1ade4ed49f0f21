#!/usr/bin/env bash
# A production-like local run: DEBUG off, a generated secret, static files
# collected and served compressed by whitenoise, gunicorn in front.
# Plain HTTP on 127.0.0.1, so the HTTPS-only cookies and redirect are off.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -s .secret-key ]; then
  .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))" > .secret-key
  chmod 600 .secret-key
fi
export DJANGO_DEBUG=false
export DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-$(cat .secret-key)}"
export DJANGO_SECURE_SSL_REDIRECT="${DJANGO_SECURE_SSL_REDIRECT:-false}"
export DJANGO_SECURE_COOKIES="${DJANGO_SECURE_COOKIES:-false}"
export DJANGO_HSTS_SECONDS="${DJANGO_HSTS_SECONDS:-0}"
export DJANGO_SERVE_MEDIA="${DJANGO_SERVE_MEDIA:-true}"
.venv/bin/python manage.py collectstatic --noinput -v 0
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py seed_demo --if-empty --listings 300
exec .venv/bin/gunicorn -c gunicorn.conf.py marketplace.wsgi
