"""WSGI entry point for gunicorn (and runserver)."""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")

application = get_wsgi_application()


def require_secret_key() -> None:
    """Refuse to serve in production mode on the public development key.

    Checked where requests are served, the only place signatures (sessions,
    password-reset and email links) are verified.
    """
    if not settings.DEBUG and settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set (or is the public development key) and "
            "DJANGO_DEBUG is off. Production mode needs its own long random key, "
            "e.g. the output of: python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'. For local development set "
            "DJANGO_DEBUG=true instead."
        )


require_secret_key()
