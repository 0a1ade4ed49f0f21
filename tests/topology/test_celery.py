"""Celery for real: a worker and beat started by scripts/topology/worker.sh
against the machine's Redis and a SQLite file both this test and the worker
reach. Queued work is done by the worker under the request id it was queued
with; a worker killed -9 mid-task loses nothing and does nothing twice once
restarted; beat schedules process_deadlines."""

import json
import os
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis

pytestmark = pytest.mark.topology

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "topology" / "worker.sh"
# A test database of the machine's Redis (10-15), emptied before and after.
BROKER = "redis://127.0.0.1:6379/13"
# Seconds before a task whose worker died is delivered again: short here.
VISIBILITY_SECONDS = 6
# Enough likers that the fan-out takes seconds, so it can be killed mid-way.
LIKERS = 1500


def script(env, *args) -> str:
    done = subprocess.run(
        ["bash", str(SCRIPT), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def django(env, code: str) -> str:
    """Run `code` in a Django shell with the worker's settings; its output."""
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def celery(tmp_path_factory):
    """A running worker (one process, as the kill test needs) and beat."""
    folder = tmp_path_factory.mktemp("topology")
    mail_dir = folder / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "TOPOLOGY_DIR": str(folder),
        "PYTHON_BIN": sys.executable,
        "CELERY_BROKER_URL": BROKER,
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_SECONDS),
        "OUTBOX_LEASE_SECONDS": "5",
        "EMAIL_URL": f"filemail:///{mail_dir}",
        "WORKER_CONCURRENCY": "1",
        "DJANGO_SETTINGS_MODULE": "marketplace.settings",
    }
    env.pop("DATABASE_URL", None)  # the script's own SQLite file
    broker = redis.Redis.from_url(BROKER)
    broker.flushdb()
    for line in script(env, "env").splitlines():
        name, _sep, value = line.removeprefix("export ").partition("=")
        env[name] = value
    script(env, "start", "worker")
    script(env, "start", "beat")
    started = time.monotonic()
    try:
        yield {
            "env": env,
            "db": env["DATABASE_URL"].removeprefix("sqlite://"),
            "mail": mail_dir,
            "log": folder / "celery" / "worker.log",
            "beat_started": started,
        }
    finally:
        script(env, "stop", "beat")
        script(env, "stop", "worker")
        broker.flushdb()


SEED = """
import json
from django.contrib.auth import get_user_model
from discovery.models import Like
from listings.models import Listing
from tests.factories import ListingFactory
User = get_user_model()
import uuid
seller = uuid.uuid4().hex[:12]
# Each run is its own process: the factories' sequences start again.
listing = ListingFactory(
    price_cents=10000, seller__username=seller, seller__email=f"{{seller}}@example.com"
)
members = User.objects.bulk_create(
    [User(username=f"l{{i}}-of-{{listing.pk}}",
          email=f"l{{i}}@likers-of-{{listing.pk}}.example.com")
     for i in range({count})]
)
Like.objects.bulk_create(
    [Like(user=m, listing=listing, price_cents_at_like=10000) for m in members]
)
Listing.objects.filter(pk=listing.pk).update(price_cents=5000)
print(json.dumps(listing.pk))
"""

QUEUE = """
from marketplace import background, request_id
request_id.set({request_id!r})
background.dispatch({task!r}, *{args!r})
"""


def seed(celery, count: int) -> int:
    """A listing liked by `count` members, its price just halved."""
    return json.loads(django(celery["env"], SEED.format(count=count)).split()[-1])


def queue(celery, task: str, *args, request_id: str = "") -> None:
    code = QUEUE.format(request_id=request_id or uuid.uuid4().hex, task=task, args=args)
    django(celery["env"], code)


def counts(celery, listing_pk: int) -> tuple[int, int, int]:
    """(price-drop notifications, their outbox emails, those sent)."""
    with sqlite3.connect(celery["db"], timeout=30) as db:
        told = db.execute(
            "SELECT COUNT(*) FROM notifications_notification WHERE event_key LIKE ?",
            (f"listing:{listing_pk}:price:%",),
        ).fetchone()[0]
        emails, sent = db.execute(
            "SELECT COUNT(*), COUNT(sent_at) FROM marketplace_outboxemail"
            ' WHERE "to" LIKE ?',
            (f"%@{domain(listing_pk)}",),
        ).fetchone()
    return told, emails, sent


def domain(listing_pk: int) -> str:
    return f"likers-of-{listing_pk}.example.com"


def mailed(celery, listing_pk: int) -> int:
    """Emails the mail backend actually sent to this listing's likers."""
    to = f"@{domain(listing_pk)}"
    return sum(
        1
        for path in celery["mail"].iterdir()
        for line in path.read_text(errors="replace").splitlines()
        if line.startswith("To: ") and line.endswith(to)
    )


def wait_until(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {seconds}s waiting for {what}")


def worker_log(celery) -> str:
    return celery["log"].read_text(errors="replace")


def test_queued_work_is_done_by_the_worker_with_the_request_id(celery):
    listing = seed(celery, 3)

    queue(
        celery, "discovery.price_drop_alert", listing, 10000, 5000, request_id="topo-a1"
    )

    wait_until(lambda: counts(celery, listing) == (3, 3, 3), 60, "3 sent emails")
    assert mailed(celery, listing) == 3
    log = worker_log(celery)
    # The fan-out, and each email it queued, ran under the request's id.
    assert "discovery.price_drop_alert" in log
    assert log.count("runs for request topo-a1") == 1 + 3


def test_a_worker_killed_mid_task_loses_nothing_and_repeats_nothing(celery):
    listing = seed(celery, LIKERS)

    queue(
        celery, "discovery.price_drop_alert", listing, 10000, 5000, request_id="topo-k9"
    )
    wait_until(lambda: counts(celery, listing)[0] >= 20, 120, "the fan-out to start")
    script(celery["env"], "kill", "worker")
    told_at_kill = counts(celery, listing)[0]
    assert 20 <= told_at_kill < LIKERS, "the fan-out was not interrupted"

    # Redis gives an unacknowledged task back after the visibility timeout.
    time.sleep(VISIBILITY_SECONDS + 1)
    script(celery["env"], "start", "worker")
    wait_until(lambda: counts(celery, listing)[0] == LIKERS, 300, "every liker told")
    # Emails whose send task died with the worker are swept up (beat does
    # this every minute; here it is queued at once).
    for _ in range(60):
        if counts(celery, listing)[2] == LIKERS:
            break
        queue(celery, "marketplace.send_due_emails")
        time.sleep(3)

    assert counts(celery, listing) == (LIKERS, LIKERS, LIKERS)
    assert mailed(celery, listing) == LIKERS
    # The interrupted task was delivered again and run under the same id.
    assert worker_log(celery).count("price_drop_alert") >= 2
    log = worker_log(celery)
    assert (
        sum(
            1
            for line in log.splitlines()
            if "price_drop_alert" in line and "runs for request topo-k9" in line
        )
        == 2
    )


def test_beat_schedules_process_deadlines(celery):
    # The minute jobs first come due a minute after beat starts.
    wait_until(
        lambda: (
            "Task orders.process_deadlines" in worker_log(celery)
            and "succeeded" in worker_log(celery)
        ),
        max(10, 100 - (time.monotonic() - celery["beat_started"])),
        "beat's process_deadlines run",
    )
    lines = [
        line
        for line in worker_log(celery).splitlines()
        if "orders.process_deadlines" in line and "succeeded" in line
    ]
    assert lines and "'orders cancelled': 0" in lines[0]
