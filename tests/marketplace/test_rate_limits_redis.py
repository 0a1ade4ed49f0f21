"""The login throttle against the machine's real Redis, as production runs it:
several workers (each its own cache connection) add to one counter.

Skipped when no Redis answers on 127.0.0.1:6379 (database 15 is used, under a
key prefix of its own, so nothing else in it is touched).
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from tests.concurrency import run_in_threads
from tests.factories import PASSWORD, UserFactory
from tests.marketplace.redis_support import needs_redis, redis_as_cache

REDIS_URL = "redis://127.0.0.1:6379/15"
ROOT = Path(__file__).resolve().parents[2]


pytestmark = needs_redis(REDIS_URL)


@pytest.fixture
def redis_cache(settings):
    """The default cache is Redis for this test; its keys are deleted after."""
    with redis_as_cache(settings, REDIS_URL) as state:
        yield state


@pytest.mark.django_db(transaction=True)
def test_workers_share_one_login_counter_in_redis(redis_cache):
    server, prefix = redis_cache
    member = UserFactory()
    url = reverse("accounts:login")

    def worker(index):
        client = Client(REMOTE_ADDR=f"198.51.100.{index + 1}")
        cache_id = id(caches["default"])
        statuses = [
            client.post(
                url, {"username": member.username, "password": f"guess-{n}"}
            ).status_code
            for n in range(8)
        ]
        return cache_id, statuses

    results, raised = run_in_threads(2, worker)
    assert raised == []

    assert results[0][0] != results[1][0]  # two cache clients, not one
    statuses = results[0][1] + results[1][1]
    # 16 attempts, atomically counted: exactly the limit (10) got an answer.
    assert sorted(statuses) == [200] * 10 + [429] * 6

    refused = Client(REMOTE_ADDR="203.0.113.5").post(
        url, {"username": member.email, "password": PASSWORD}
    )
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 15 * 60
    # The counters live in Redis with an expiry, so they never pile up.
    keys = list(server.scan_iter(f"{prefix}:*"))
    assert keys
    assert all(0 < server.ttl(key) <= 15 * 60 + 5 for key in keys)


def deploy_check(cache_url: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "EMAIL_URL", "CACHE_URL"))
    }
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="nomi.example.com",
        CACHE_URL=cache_url,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_redis_and_refuses_a_cache_that_cannot_count():
    result = deploy_check(REDIS_URL)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout

    result = deploy_check("dummycache://")
    assert result.returncode != 0
    assert "django_ratelimit.E003" in result.stdout + result.stderr
