"""Sessions and the cache in the machine's real Redis, as several web nodes share them.

Skipped when no Redis answers on 127.0.0.1:6379 (database 14 is used, under a
key prefix of its own, so nothing else in it is touched).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from marketplace.cache import RedisCache
from tests.factories import UserFactory
from tests.marketplace.redis_support import needs_redis, redis_as_cache

REDIS_URL = "redis://127.0.0.1:6379/14"
ROOT = Path(__file__).resolve().parents[2]


pytestmark = needs_redis(REDIS_URL)


@pytest.fixture
def redis_state(settings):
    """Cache and sessions in Redis for this test; its keys are deleted after."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    with redis_as_cache(settings, REDIS_URL) as state:
        yield state


def test_cache_url_redis_selects_the_redis_cache_and_cached_sessions():
    env = {k: v for k, v in os.environ.items() if not k.startswith("CACHE_URL")}
    env["CACHE_URL"] = REDIS_URL
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE',"
        " 'marketplace.settings'); django.setup();"
        " from django.conf import settings as s;"
        " print(s.CACHES['default']['BACKEND']); print(s.SESSION_ENGINE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "marketplace.cache.RedisCache",
        "django.contrib.sessions.backends.cached_db",
    ]


@pytest.mark.django_db
def test_a_session_made_on_one_node_is_read_by_another_from_redis(redis_state):
    server, prefix = redis_state
    member = UserFactory()
    client = Client()
    client.force_login(member)
    session_key = client.cookies["sessionid"].value

    # The session is in Redis, under the cache's prefix, with an expiry.
    keys = [key.decode() for key in server.scan_iter(f"{prefix}:*{session_key}")]
    assert len(keys) == 1
    assert server.ttl(keys[0]) > 0

    # Another node: its own cache client on the same Redis reads the same session.
    other_node = RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    stored = other_node.get(f"django.contrib.sessions.cached_db{session_key}")
    assert stored["_auth_user_id"] == str(member.pk)

    assert client.get(reverse("accounts:settings")).status_code == 200


@pytest.mark.django_db
def test_losing_redis_keys_logs_no_one_out(redis_state):
    server, prefix = redis_state
    member = UserFactory()
    client = Client()
    client.force_login(member)

    server.delete(*server.scan_iter(f"{prefix}:*"))

    # cached_db wrote the session through to the database as well.
    assert client.get(reverse("accounts:settings")).status_code == 200
