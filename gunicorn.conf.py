"""gunicorn settings; bind address and worker count come from the environment."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One sync worker per core measured fastest on a 2-core machine (PERF-NOTES.md).
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
