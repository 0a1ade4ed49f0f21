"""gunicorn settings; bind address, workers and threads come from the environment."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One worker per core measured fastest on a 2-core machine
# (docs/performance-notes.md).
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
# Threads in each worker, so a few slow requests (a photo upload, a password
# hash: both release the GIL while they compute) cannot take every worker and
# leave /healthz and cheap pages waiting behind them.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def post_worker_init(worker):
    """Load the ZIP code table (about half a second) when a worker starts, so
    no member's request pays for it (docs/trust.md)."""
    from listings.places import city_state_for_zip

    city_state_for_zip("10001")
