"""gunicorn as production runs it, for the benchmarks: its environment and process.

Every benchmark that starts a server uses this, so they all measure the same
configuration and all stop gunicorn the same way (its process group, by id).
"""

import http.client
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(args) -> str:
    """The MariaDB URL of --user, --password, --host, --port and --database."""
    auth = quote(args.user, safe="")
    if args.password:
        auth += ":" + quote(args.password, safe="")
    return f"mysql://{auth}@{args.host}:{args.port}/{args.database}"


def production_env(**overrides: str) -> dict:
    """What scripts/serve.sh exports, served over plain HTTP on loopback."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "bench-" + os.urandom(24).hex(),
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            "DJANGO_HSTS_SECONDS": "0",
            "DJANGO_SERVE_MEDIA": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            **overrides,
        }
    )
    return env


def status_of(port: int, path: str, timeout: float) -> int:
    """The HTTP status of one GET, body read and connection closed."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


class Server:
    """gunicorn in its own process group, stopped by that group's id."""

    def __init__(self, env: dict, port: int, log_path: Path):
        self.port = port
        self.log_path = log_path
        self.log = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                str(PROJECT_DIR / ".venv" / "bin" / "gunicorn"),
                "-c",
                "gunicorn.conf.py",
                "marketplace.wsgi",
            ],
            cwd=PROJECT_DIR,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {self.log_path}")
            try:
                if status_of(self.port, "/healthz", timeout=5) == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit(f"/healthz did not answer 200 in {timeout}s")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()
