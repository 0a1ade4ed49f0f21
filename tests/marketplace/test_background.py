"""marketplace.background and the Celery app: dispatch after commit, on a
worker or in-process; the request id travels with each task; the outbox
sender's tasks; the beat schedule and the reliability settings."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from celery.app.task import Task
from django.conf import settings as django_settings
from django.core import mail
from django.db import transaction
from django.utils import timezone
from prometheus_client import REGISTRY

from marketplace import background, request_id
from marketplace.celery import app
from marketplace.models import OutboxEmail
from marketplace.tasks import send_due, send_email
from tests.marketplace.test_outbox import queue_one

seen: list[str] = []


@background.background_task("tests.background_probe")
def probe(value: str) -> None:
    seen.append(f"{value}:{request_id.get()}")


@pytest.fixture(autouse=True)
def _seen():
    seen.clear()
    token = request_id.set("req-1")
    yield
    request_id.reset(token)


@pytest.fixture
def queued(monkeypatch, settings):
    """A broker configured; what would be sent to it, captured."""
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"
    messages = []

    def apply_async(self, args=None, kwargs=None, headers=None, **options):
        messages.append((self.name, tuple(args or ()), kwargs, headers))

    monkeypatch.setattr(Task, "apply_async", apply_async)
    return messages


def test_without_a_broker_the_task_runs_here_after_commit(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        background.dispatch(probe, "a")
        assert seen == []  # not before the commit

    assert len(callbacks) == 1
    assert seen == ["a:req-1"]


def test_a_task_is_found_by_its_name(db, on_commit):
    with on_commit():
        background.dispatch("tests.background_probe", "b")

    assert seen == ["b:req-1"]


def test_with_a_broker_the_task_is_queued_after_commit_with_the_request_id(
    db, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        background.dispatch(probe, "c")
        assert queued == []

    assert queued == [("tests.background_probe", ("c",), {}, {"request_id": "req-1"})]
    assert seen == []  # a worker runs it, not this process


def test_work_outside_any_request_gets_an_id_of_its_own(db, queued, on_commit):
    token = request_id.set("")
    try:
        with on_commit():
            background.dispatch(probe, "d")
    finally:
        request_id.reset(token)

    assert len(queued[0][3]["request_id"]) == 32


def test_an_unreachable_broker_runs_the_work_here(db, settings, monkeypatch, on_commit):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"

    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(Task, "apply_async", refuse)
    with on_commit():
        background.dispatch(probe, "e")

    assert seen == ["e:req-1"]


def test_a_rolled_back_change_queues_nothing(
    db, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        background.dispatch(probe, "f")
    # Never committed: the callbacks are dropped with the transaction.
    assert queued == [] and seen == []
    assert len(callbacks) == 1


def test_the_worker_runs_a_task_under_the_request_id_it_was_queued_with():
    probe.apply(args=("g",), headers={"request_id": "from-web-7"})
    # A header that is not a safe id is replaced by a fresh one.
    probe.apply(args=("h",), headers={"request_id": "bad id\nX-Injected: 1"})

    assert seen[0] == "g:from-web-7"
    value = seen[1].split(":", 1)[1]
    assert len(value) == 32 and "\n" not in value
    # Set only while the task runs.
    assert request_id.get() == "req-1"


@background.background_task("tests.background_failing")
def failing() -> None:
    raise RuntimeError("the task failed")


@pytest.mark.django_db(transaction=True)
def test_a_task_that_fails_in_process_does_not_fail_the_committed_change(caplog):
    """Run after a real commit: the failure is logged, the caller goes on."""
    with transaction.atomic():
        OutboxEmail.objects.create(to="a@example.com", subject="s", body="b")
        background.dispatch(failing)

    assert OutboxEmail.objects.count() == 1
    [record] = [r for r in caplog.records if r.levelname == "ERROR"]
    assert "send_after_commit" in record.getMessage()
    assert "the task failed" in record.getMessage()


RACE = """
import os, threading, django
django.setup()
from marketplace import background
names = ["marketplace.send_email", "orders.reconcile_ledger",
         "listings.discard_staged_photos", "discovery.send_saved_search_alerts"]
start = threading.Barrier(16)
missing = []
def look(i):
    start.wait()
    try:
        background.task_named(names[i % len(names)])
    except Exception as error:
        missing.append(repr(error))
threads = [threading.Thread(target=look, args=(i,)) for i in range(16)]
for thread in threads: thread.start()
for thread in threads: thread.join()
print(len(missing), missing[:1])
"""


def test_tasks_are_found_by_name_from_many_threads_of_a_fresh_process():
    """A gthread web worker's first requests look tasks up at once: each one
    finds its task, none sees a task module another thread is still loading."""
    found = subprocess.run(
        [sys.executable, "-c", RACE],
        cwd=django_settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "marketplace.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert found.stdout.strip() == "0 []", found.stdout + found.stderr


# --- The outbox sender --------------------------------------------------------------


def test_an_email_is_sent_by_its_task_once_even_when_run_twice(db, on_commit):
    with on_commit():
        queue_one()
    email = OutboxEmail.objects.get()
    assert email.sent_at is not None and len(mail.outbox) == 1

    send_email(email.pk)
    send_email.apply(args=(email.pk,))

    assert len(mail.outbox) == 1
    assert OutboxEmail.objects.get().attempts == 1


def test_sending_an_email_is_queued_for_a_worker_with_a_broker(db, queued, on_commit):
    with on_commit():
        queue_one()

    email = OutboxEmail.objects.get()
    assert queued == [
        ("marketplace.send_email", (email.pk,), {}, {"request_id": "req-1"})
    ]
    assert email.sent_at is None and mail.outbox == []


def test_the_due_sweep_sends_each_due_email_once_when_run_twice(db):
    due = OutboxEmail.objects.create(to="a@example.com", subject="Due", body="x")
    OutboxEmail.objects.create(
        to="b@example.com",
        subject="Later",
        body="y",
        next_attempt_at=timezone.now() + timedelta(hours=1),
    )

    assert send_due() == {"sent": 1, "failed": 0}
    assert send_due() == {"sent": 0, "failed": 0}

    assert [m.subject for m in mail.outbox] == ["Due"]
    due.refresh_from_db()
    assert due.sent_at is not None


# --- The app's configuration ----------------------------------------------------------


def test_reliability_settings_reach_celery(settings):
    conf = app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.broker_transport_options["visibility_timeout"] == 3600
    assert conf.task_serializer == "json"


def test_without_a_broker_a_stray_delay_runs_at_once_not_against_amqp():
    assert app.conf.task_always_eager is True
    probe.delay("i")
    assert seen == ["i:req-1"]


def test_beat_runs_the_periodic_jobs_at_their_intervals():
    schedule = {
        entry["task"]: entry["schedule"] for entry in app.conf.beat_schedule.values()
    }
    app.loader.import_default_modules()

    assert set(schedule) <= set(app.tasks)
    assert schedule["orders.process_deadlines"] == 60.0
    assert schedule["marketplace.send_due_emails"] == 60.0
    saved = schedule["discovery.send_saved_search_alerts"]
    assert saved.minute == {0, 15, 30, 45} and len(saved.hour) == 24
    for daily in ("listings.discard_staged_photos", "orders.reconcile_ledger"):
        assert len(schedule[daily].hour) == 1 and len(schedule[daily].minute) == 1


@background.background_task("tests.always_fails")
def always_fails():
    raise ValueError("broken on purpose")


def test_a_task_that_raises_is_counted_as_a_task_failure():
    sample = {"task": "tests.always_fails"}
    before = REGISTRY.get_sample_value("nomi_task_failures_total", sample) or 0

    result = always_fails.apply()

    assert result.failed()
    assert REGISTRY.get_sample_value("nomi_task_failures_total", sample) == before + 1
