# The Celery app loads with Django, so `@shared_task`s bind to it and
# `celery -A marketplace worker` finds it (docs/background-work.md).
from marketplace.celery import app as celery_app

__all__ = ("celery_app",)
