"""Loaded with `-p` before Django reads its settings (see pyproject.toml).

The test client and the live server speak plain HTTP, so the HTTPS-only parts
of production mode are turned off; everything else runs as in production.
"""

import os

os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "false")
os.environ.setdefault("EMAIL_URL", "consolemail://")
# Production mode refuses to start without a key of its own; this one is for
# tests only and never signs anything outside them.
os.environ.setdefault(
    "DJANGO_SECRET_KEY", "nomi-tests-only-key-never-used-outside-the-test-suite-4f9c"
)
