"""gunicorn settings; bind address, workers and threads come from the environment."""

import multiprocessing
import os
import shutil
import tempfile
from pathlib import Path

import environ

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
# gunicorn (25.1 on) opens a control socket for its gunicornc tool at one
# path per user ($HOME/.gunicorn/gunicorn.ctl): a second gunicorn on the same
# host (two web nodes, a test server beside a running site) finds it taken and
# logs an error, and in the image $HOME is not writable. We do not use
# gunicornc: off, unless GUNICORN_CONTROL_SOCKET names a path for this server.
_control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
if _control_socket:
    control_socket = _control_socket
else:
    control_socket_disable = True
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# The same LOG_FORMAT as Django's lines (marketplace/settings.py, read from
# the environment or .env): with "json", gunicorn's own lines and the access
# log are JSON objects too, the access line with the request's X-Request-ID.
_env = environ.Env()
environ.Env.read_env(Path(__file__).resolve().parent / ".env", overwrite=False)
_debug = _env.bool("DJANGO_DEBUG", default=False)
if _env("LOG_FORMAT", default="plain" if _debug else "json") == "json":
    logger_class = "marketplace.logs.GunicornLogger"

# Prometheus in multiprocess mode (docs/observability.md): every worker writes
# its counters to files in one folder and /metrics, answered by any worker,
# adds them all up. Set here, before any worker imports prometheus_client.
# Without PROMETHEUS_MULTIPROC_DIR, a fresh folder per start, removed at exit
# (marked in the environment, which outlives a configuration reload). One
# folder per gunicorn: a second one starting on it would wipe the first's.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="nomi-metrics-")
    os.environ["NOMI_METRICS_DIR_TEMPORARY"] = "1"


def on_starting(server):
    """Start counting from zero: files left by a previous run would add up."""
    folder = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    for leftover in folder.glob("*.db"):
        leftover.unlink()


def child_exit(server, worker):
    """A worker gone: its live gauges stop counting (its counters stay summed)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if os.environ.get("NOMI_METRICS_DIR_TEMPORARY"):
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)


def post_worker_init(worker):
    """Load the ZIP code table (about half a second) when a worker starts, so
    no member's request pays for it (docs/trust.md)."""
    from listings.places import city_state_for_zip

    city_state_for_zip("10001")
