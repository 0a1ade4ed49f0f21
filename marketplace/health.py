"""Readiness checks: can this process serve a request with its dependencies?

Each check raises when its dependency fails and returns a short word to show
when it answers. marketplace.views.readyz runs them all; /healthz runs the
database's only (its contract since the first release).
"""

import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connection

# Caches whose contents live in this process (or nowhere): nothing to reach.
LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
# A name no upload can take (uploads get random names in folders).
STORAGE_PROBE = "readyz-probe"


class CheckFailed(Exception):
    """A dependency answered, but wrongly."""


def check_database() -> str:
    """SELECT 1 on the default database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_cache() -> str:
    """A set and get round trip, when the cache is shared (Redis, files...)."""
    if settings.CACHES["default"]["BACKEND"] in LOCAL_CACHES:
        return "local, not checked"
    key, value = f"readyz:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise CheckFailed("the cache did not return what was stored")
    cache.delete(key)
    return "ok"


def check_storage() -> str:
    """Ask the media storages (public and private) whether a probe file exists.

    On object storage this is a request to the bucket with our credentials;
    on the local disk it proves little (a missing folder is no error).
    """
    for alias in ("default", "private"):
        if alias in settings.STORAGES:
            storages[alias].exists(STORAGE_PROBE)
    return "ok"


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
}
