"""The Celery app: background work on workers when CELERY_BROKER_URL is set.

Workers run `celery -A marketplace worker`, the one scheduler
`celery -A marketplace beat` (docs/background-work.md). Without a broker
nothing here connects anywhere: `marketplace.background.dispatch` runs each
task in-process after commit, and the periodic jobs stay management commands
run by cron.

Each task carries the request id of the work that queued it (a message
header set by `dispatch`); the worker makes it the current id while the task
runs, so one id follows the work across processes.
"""

import logging
import os

from celery import Celery, signals
from celery.schedules import crontab

from marketplace import request_id

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")

logger = logging.getLogger("marketplace.background")

app = Celery("marketplace")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each app's tasks.py, for every app in INSTALLED_APPS.
app.autodiscover_tasks()

# The periodic jobs (beat, not Kubernetes CronJobs: docs/background-work.md).
# Minute jobs expire before the next one is due, so a worker that was down
# for an hour does not find sixty copies waiting.
app.conf.beat_schedule = {
    "process-deadlines": {
        "task": "orders.process_deadlines",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "send-due-emails": {
        "task": "marketplace.send_due_emails",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "saved-search-alerts": {
        "task": "discovery.send_saved_search_alerts",
        "schedule": crontab(minute="*/15"),
        "options": {"expires": 14 * 60},
    },
    "discard-staged-photos": {
        "task": "listings.discard_staged_photos",
        "schedule": crontab(hour=3, minute=30),
    },
    "reconcile-ledger": {
        "task": "orders.reconcile_ledger",
        "schedule": crontab(hour=2, minute=15),
    },
}

REQUEST_ID_HEADER = "request_id"
_tokens: dict[str, object] = {}


def task_request_id(task) -> str:
    """The request id a task was queued with; run in-process (eager), the
    current one; else a fresh one."""
    value = getattr(task.request, REQUEST_ID_HEADER, None)
    if not value:
        value = (getattr(task.request, "headers", None) or {}).get(REQUEST_ID_HEADER)
    return request_id.clean(value or request_id.get())


@signals.before_task_publish.connect
def _stamp_request_id(headers=None, **kwargs):
    # Every message, not only dispatch()'s: a `.delay()` or beat's run too.
    if headers is not None:
        headers.setdefault(REQUEST_ID_HEADER, request_id.get() or request_id.new_id())


@signals.task_prerun.connect
def _enter_task(task_id=None, task=None, **kwargs):
    value = task_request_id(task)
    _tokens[task_id] = request_id.set(value)
    logger.info("Task %s[%s] runs for request %s", task.name, task_id, value)


@signals.task_postrun.connect
def _leave_task(task_id=None, **kwargs):
    token = _tokens.pop(task_id, None)
    if token is not None:
        request_id.reset(token)
