"""Work done after the change that causes it: on a worker, or in-process.

`dispatch(task, *args)` runs a task once the current transaction commits.
With CELERY_BROKER_URL set it is queued for a worker (`celery -A marketplace
worker`); without one it runs right here after commit, as all work did
before workers, so `make run` needs nothing new. If the broker cannot be
reached, the work runs here rather than being lost.

Every task is idempotent (docs/background-work.md): the broker delivers at
least once (late acknowledgement: a worker killed mid-task has its task
delivered again), so running one twice must change nothing the second time.
"""

import logging
import threading

from celery import Task, shared_task, signals
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction

from marketplace import metrics, request_id
from marketplace.celery import REQUEST_ID_HEADER, app

logger = logging.getLogger(__name__)


def enabled() -> bool:
    """Whether tasks go to workers through a broker (CELERY_BROKER_URL set)."""
    return bool(settings.CELERY_BROKER_URL)


def background_task(name: str, **options):
    """Declare a task under a stable `name` ("<app>.<verb>").

    A database that is briefly away (a restart, a failover) is retried with
    backoff; any other error fails the task, logged by the worker.
    """
    defaults = {
        "autoretry_for": (OperationalError, InterfaceError),
        "retry_backoff": True,
        "retry_backoff_max": 600,
        "max_retries": 5,
    }
    return shared_task(name=name, **{**defaults, **options})


def dispatch(task: Task | str, *args, **kwargs) -> None:
    """Run `task(*args, **kwargs)` once the current transaction commits.

    On a worker when a broker is configured, else in this process; either way
    with the current request id. The arguments must be JSON-serialisable
    (ids, not model instances). Outside a transaction it goes at once.
    """
    current = request_id.get() or request_id.new_id()

    # A function, not a functools.partial: Django logs a failing robust hook
    # by its __qualname__, which a partial lacks (the AttributeError would
    # then reach the caller, after the commit).
    def send_after_commit() -> None:
        _send(task, args, kwargs, current)

    transaction.on_commit(send_after_commit, robust=True)


# One thread at a time loads the task modules. Threads importing them at once
# (a gthread web worker's first requests) can each see a module another is
# still importing, and look a task up before it is registered.
_loading_tasks = threading.Lock()


def task_named(name: str) -> Task:
    """The task registered under `name`, loading every app's tasks.py the first
    time (a web process imports none of them by itself)."""
    if name not in app.tasks:
        with _loading_tasks:
            if name not in app.tasks:
                app.loader.import_default_modules()
    return app.tasks[name]


def _send(task: Task | str, args: tuple, kwargs: dict, current: str) -> None:
    if isinstance(task, str):
        task = task_named(task)
    if enabled():
        try:
            task.apply_async(
                args=args, kwargs=kwargs, headers={REQUEST_ID_HEADER: current}
            )
            return
        except Exception:  # broker unreachable: do the work here, not never
            logger.exception("Could not queue %s; running it in-process", task.name)
    token = request_id.set(current)
    try:
        task(*args, **kwargs)
    finally:
        request_id.reset(token)


@signals.task_failure.connect
def _count_failure(sender=None, **kwargs):
    # A task that raised for good (after its retries): nomi_task_failures_total.
    metrics.count_task_failure(getattr(sender, "name", None) or "unknown")


@signals.worker_init.connect
def _serve_worker_metrics(**kwargs):
    # Workers answer no HTTP: with CELERY_METRICS_PORT set, the worker serves
    # its metrics on that port (with PROMETHEUS_MULTIPROC_DIR, its pool
    # processes' counts added up).
    if settings.CELERY_METRICS_PORT:
        metrics.serve_metrics(
            settings.CELERY_METRICS_PORT, addr=settings.CELERY_METRICS_ADDRESS
        )
