"""The machine's real Redis for the tests that need it (throttles, sessions).

Each test gets a key prefix of its own in the database it names and deletes
its keys afterwards, so nothing else in Redis is touched. Tests are skipped
when no Redis answers on 127.0.0.1:6379.
"""

import secrets
from contextlib import contextmanager

import pytest
import redis


def redis_answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


def needs_redis(url: str):
    """The mark that skips a module when nothing answers at `url`."""
    return pytest.mark.skipif(
        not redis_answers(url), reason="needs Redis on 127.0.0.1:6379"
    )


@contextmanager
def redis_as_cache(settings, url: str):
    """Make Redis at `url` the default cache, under a fresh key prefix;
    yields (client, prefix) and deletes the prefix's keys afterwards."""
    prefix = f"nomi-test-{secrets.token_hex(8)}"
    settings.CACHES = {
        "default": {
            "BACKEND": "marketplace.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    }
    server = redis.Redis.from_url(url)
    try:
        yield server, prefix
    finally:
        keys = list(server.scan_iter(f"{prefix}:*"))
        if keys:
            server.delete(*keys)
