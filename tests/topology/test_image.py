"""The container image (docs/container-image.md): built by scripts/image/build.sh
on a debootstrapped base, then run under podman as web, migrate and manage."""

import re
import secrets
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.topology.ports import free_port

pytestmark = pytest.mark.topology

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "scripts" / "image" / "build.sh"
PODMAN = ROOT / "scripts" / "image" / "podman.sh"
IMAGE = "localhost/nomi:latest"


def podman(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    """Run podman on the project's storage; the caller checks the outcome."""
    return subprocess.run(
        [str(PODMAN), *args], capture_output=True, text=True, timeout=timeout
    )


def get(url: str) -> tuple[int, str, bytes]:
    """Status, content type and body of a GET (errors included, no exceptions)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


@pytest.fixture(scope="module")
def image() -> str:
    """The app image, built (with its base) unless already built from this source."""
    build = subprocess.run([str(BUILD)], capture_output=True, text=True, timeout=1800)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    return IMAGE


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    """A folder for the SQLite file, writable by the image's non-root user."""
    path = tmp_path_factory.mktemp("image-db")
    path.chmod(0o777)
    return path


def run_args(data_dir: Path, port: int) -> list[str]:
    return [
        "--init",
        "--network=host",
        "--volume",
        f"{data_dir}:/data/db",
        "--env",
        "DATABASE_URL=sqlite:////data/db/nomi.sqlite3",
        "--env",
        f"DJANGO_SECRET_KEY={secrets.token_urlsafe(50)}",
        "--env",
        f"GUNICORN_BIND=127.0.0.1:{port}",
        "--env",
        "GUNICORN_WORKERS=1",
        # Plain HTTP on loopback: no TLS proxy in front to redirect to.
        "--env",
        "DJANGO_SECURE_SSL_REDIRECT=false",
    ]


@pytest.fixture(scope="module")
def migrated(image, data_dir) -> subprocess.CompletedProcess:
    """The image's `migrate` run once on a new SQLite file in data_dir."""
    return podman("run", "--rm", *run_args(data_dir, free_port()), image, "migrate")


@pytest.fixture(scope="module")
def web(image, data_dir, migrated):
    """The image's default command (gunicorn) on the migrated database;
    yields (base URL, container name), then stops and removes the container."""
    assert migrated.returncode == 0, migrated.stdout[-2000:] + migrated.stderr[-2000:]
    port = free_port()
    name = f"nomi-image-test-{uuid.uuid4().hex[:8]}"
    started = podman(
        "run", "--detach", "--name", name, *run_args(data_dir, port), image
    )
    assert started.returncode == 0, started.stderr
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    logs = podman("logs", name).stdout[-3000:]
                    pytest.fail(f"the container never answered /healthz:\n{logs}")
                time.sleep(0.3)
        yield base, name
    finally:
        podman("rm", "--force", "--time", "5", name)


def test_web_answers_healthz(web):
    base, _ = web

    status, _, body = get(f"{base}/healthz")

    assert (status, body) == (200, b"ok\n")


def test_web_runs_as_non_root_user(web):
    _, name = web

    uid = podman("exec", name, "id", "-u")

    assert uid.returncode == 0, uid.stderr
    assert uid.stdout.strip() not in ("", "0")


def test_static_files_collected_at_build_are_served(web):
    base, _ = web
    _, _, home = get(f"{base}/")
    # The manifest storage's hashed name exists only if collectstatic ran.
    stylesheet = re.search(rb'href="(/static/css/[^"]+\.[0-9a-f]{12}\.css)"', home)
    assert stylesheet, home[:2000]

    status, content_type, body = get(base + stylesheet.group(1).decode())

    assert status == 200
    assert content_type.startswith("text/css")
    assert body


def test_image_healthcheck_passes(web):
    _, name = web

    check = podman("healthcheck", "run", name)

    assert check.returncode == 0, check.stdout + check.stderr


def test_migrate_exits_zero_on_a_fresh_database(migrated, data_dir):
    assert migrated.returncode == 0, migrated.stdout[-2000:] + migrated.stderr[-2000:]
    assert "Applying accounts.0001_initial... OK" in migrated.stdout
    assert (data_dir / "nomi.sqlite3").stat().st_size > 0


def test_manage_runs_a_management_command(image, tmp_path):
    tmp_path.chmod(0o777)

    check = podman(
        "run", "--rm", *run_args(tmp_path, free_port()), image, "manage", "check"
    )

    assert check.returncode == 0, check.stdout + check.stderr
    assert "System check identified no issues" in check.stdout


BROKER = "redis://127.0.0.1:6379/12"


def started_container(image, data_dir, command: str, ready: str) -> str:
    """The image run detached with `command` on the migrated database and a
    broker on the machine's Redis; its name once its log shows `ready`."""
    name = f"nomi-image-{command}-{uuid.uuid4().hex[:8]}"
    started = podman(
        "run",
        "--detach",
        "--name",
        name,
        *run_args(data_dir, free_port()),
        "--env",
        f"CELERY_BROKER_URL={BROKER}",
        image,
        command,
    )
    assert started.returncode == 0, started.stderr
    deadline = time.monotonic() + 90
    while True:
        logs = podman("logs", name)
        if ready in logs.stdout + logs.stderr:
            return name
        if time.monotonic() > deadline:
            podman("rm", "--force", "--time", "5", name)
            pytest.fail(f"{command} never logged {ready!r}:\n{logs.stderr[-3000:]}")
        time.sleep(0.5)


def test_the_same_image_runs_a_celery_worker_that_answers(image, data_dir, migrated):
    assert migrated.returncode == 0
    name = started_container(image, data_dir, "worker", " ready.")
    try:
        ping = podman(
            "exec",
            name,
            "celery",
            "-A",
            "marketplace",
            "inspect",
            "ping",
            "--timeout",
            "10",
        )
        assert ping.returncode == 0, ping.stdout + ping.stderr
        assert "pong" in ping.stdout
        user = podman("exec", name, "id", "-u")
        assert user.stdout.strip() not in ("", "0")
    finally:
        podman("rm", "--force", "--time", "10", name)


def test_the_same_image_runs_beat(image, data_dir, migrated):
    assert migrated.returncode == 0
    name = started_container(image, data_dir, "beat", "beat: Starting")
    podman("rm", "--force", "--time", "5", name)
