"""Upload abuse benchmark: decode bombs and worst accepted uploads against gunicorn.

Starts gunicorn as production runs it (DEBUG off, gunicorn.conf.py: gthread workers
of 8 threads; 4 workers by default, as the audit ran)
on a free loopback port, against a fresh SQLite database and media folder in a
temporary directory, and creates two verified members. Then, scenario by
scenario, 4+ threads send upload requests to /items/new/ while another thread
polls /healthz every 100 ms. For each scenario it reports the gunicorn CPU
seconds per request (from /proc, every process of its group) and /healthz's
worst latency. The last scenario fires parallel logins with wrong passwords at
/accounts/login/ (the login throttle answers 429 once it counts enough).

Scenarios (defaults: PHOTO_REQUEST_PIXEL_BUDGET, REQUEST_MAX_BYTES):
  bomb      12 x 6000x6000 PNG (~35 KB each, 36 MP): the audit's request
  png-fill  12 x 3600x3600 PNG (13 MP each, tiny): one fills the pixel budget
  noise     8 x 1600x1600 noise PNG (2.6 MP, ~7.7 MB each): dearest per pixel
  phone     12 x 4032x3024 JPEG (12 MP, ~2.5 MB each): a seller's real photos
  oversize  one 150 MB Content-Length: refused before the body is read
  logins    parallel logins with wrong passwords

The staged-photo cap and the upload throttle are raised for this run so every
request really is processed (the worst accepted case); everything else is the
production configuration. Bounded: a fixed number of requests, each with a
timeout, and gunicorn is always stopped (its process group, by id).

    .venv/bin/python bench/upload_abuse.py [--threads 4] [--rounds 2]
"""

import argparse
import http.client
import io
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import redis
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import server  # noqa: E402
from bench.server import PROJECT_DIR, free_port, production_env  # noqa: E402

PYTHON = str(PROJECT_DIR / ".venv" / "bin" / "python")
PASSWORD = "bench-password-123"
CLK_TCK = os.sysconf("SC_CLK_TCK")
BENCH_CACHE_URL = "redis://127.0.0.1:6379/9"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2, help="requests per thread")
    parser.add_argument("--logins", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--log", default="upload_abuse-gunicorn.log", help="gunicorn log kept here"
    )
    return parser.parse_args()


# --- Images -------------------------------------------------------------------
def encoded(image: Image.Image, fmt: str, **kwargs) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **kwargs)
    return buffer.getvalue()


def photo_like(width: int, height: int) -> Image.Image:
    """Smooth shapes plus grain: compresses like a phone photo."""
    base = Image.effect_noise((width // 16, height // 16), 90).convert("RGB")
    base = base.resize((width, height), Image.Resampling.BICUBIC)
    grain = Image.effect_noise((width, height), 12).convert("RGB")
    return Image.blend(base, grain, 0.25)


def scenarios() -> dict:
    bomb = encoded(Image.new("RGB", (6000, 6000), (250, 250, 250)), "PNG")
    fill = encoded(Image.new("RGB", (3600, 3600), (240, 200, 10)), "PNG")
    noise = encoded(Image.effect_noise((1600, 1600), 60).convert("RGB"), "PNG")
    phone = encoded(photo_like(4032, 3024), "JPEG", quality=90)
    return {
        "bomb": [("bomb.png", bomb)] * 12,
        "png-fill": [("fill.png", fill)] * 12,
        "noise": [("noise.png", noise)] * 8,  # 8 x 7.7 MB: under REQUEST_MAX_BYTES
        "phone": [("phone.jpg", phone)] * 12,
    }


# --- Server ---------------------------------------------------------------------
def server_env(tmp: Path) -> dict:
    env = production_env(
        DJANGO_SETTINGS_MODULE="marketplace.settings",
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp / "private"),
        STAGED_PHOTOS_MAX="100000",
        RATE_LIMIT_UPLOAD_MEMBER="100000/h",
    )
    # Production's shared cache, so the login throttle counts across workers;
    # main() empties this Redis database first, so earlier runs' counts (the
    # per-IP login counter) do not apply.
    env["CACHE_URL"] = BENCH_CACHE_URL
    return env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


CREATE_MEMBERS = """
from django.utils import timezone
from accounts.models import User
for name in ({seller!r}, {victim!r}):
    User.objects.create_user(
        username=name, email=name + "@bench.test", password={password!r},
        email_verified_at=timezone.now(),
    )
"""


class Server(server.Server):
    """The benchmark server, with the CPU time its processes used."""

    def cpu_seconds(self) -> float:
        """User + system CPU of every live process in gunicorn's group."""
        total = 0
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[2]) == self.process.pid:  # pgrp
                total += int(fields[11]) + int(fields[12])
        return total / CLK_TCK


# --- HTTP -------------------------------------------------------------------------
def request(port, method, path, body=b"", headers=None, timeout=60):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        started = time.perf_counter()
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return response.status, response, data, time.perf_counter() - started
    finally:
        conn.close()


def cookies_of(response) -> dict:
    jar = {}
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            jar[name] = rest.split(";", 1)[0]
    return jar


def cookie_header(jar: dict) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def csrf_from(page: bytes) -> str:
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return match[1].decode()


def login(port: int, username: str, password: str) -> tuple[int, dict]:
    status, response, page, _ = request(port, "GET", "/accounts/login/")
    jar = cookies_of(response)
    body = (
        f"csrfmiddlewaretoken={csrf_from(page)}&username={username}&password={password}"
    ).encode()
    status, response, _, _ = request(
        port,
        "POST",
        "/accounts/login/",
        body,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie_header(jar),
        },
    )
    jar.update(cookies_of(response))
    return status, jar


def multipart(fields: dict, files: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
            f"\r\n\r\n{value}\r\n".encode()
        )
    for i, (filename, data) in enumerate(files):
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; '
            f'filename="{i}-{filename}"\r\nContent-Type: application/octet-stream'
            "\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


# --- Measuring ------------------------------------------------------------------
class HealthPoller(threading.Thread):
    """GET /healthz every 100 ms; keeps the worst latency (a timeout counts 10 s)."""

    def __init__(self, port: int):
        super().__init__(daemon=True)
        self.port = port
        self.stop_event = threading.Event()
        self.latencies: list[float] = []

    def run(self):
        while not self.stop_event.is_set():
            try:
                status, _, _, took = request(self.port, "GET", "/healthz", timeout=10)
                self.latencies.append(took if status == 200 else 10.0)
            except OSError:
                self.latencies.append(10.0)
            self.stop_event.wait(0.1)


def run_parallel(count: int, job) -> list:
    results = [None] * count

    def work(i):
        try:
            results[i] = job(i)
        except Exception as error:  # noqa: BLE001 - reported, not raised
            results[i] = ("error", repr(error))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


def measure(server: Server, label: str, count: int, job) -> dict:
    poller = HealthPoller(server.port)
    poller.start()
    cpu_before, started = server.cpu_seconds(), time.perf_counter()
    results = run_parallel(count, job)
    wall = time.perf_counter() - started
    cpu = server.cpu_seconds() - cpu_before
    poller.stop_event.set()
    poller.join()
    flat = [
        r for batch in results for r in (batch if isinstance(batch, list) else [batch])
    ]
    statuses: dict = {}
    for r in flat:
        key = str(r[0]) if isinstance(r, tuple) else str(r)
        statuses[key] = statuses.get(key, 0) + 1
    requests = len(flat)
    return {
        "scenario": label,
        "requests": requests,
        "statuses": statuses,
        "cpu_s_per_request": round(cpu / max(requests, 1), 3),
        "cpu_s_total": round(cpu, 2),
        "wall_s": round(wall, 2),
        "healthz_max_s": round(max(poller.latencies or [0]), 3),
        "healthz_polls": len(poller.latencies),
        "accepted_photos": sum(
            r[1]
            for r in flat
            if isinstance(r, tuple) and len(r) > 1 and isinstance(r[1], int)
        ),
    }


def main():
    args = parse_args()
    redis.Redis.from_url(BENCH_CACHE_URL).flushdb()
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(1))
    with tempfile.TemporaryDirectory(prefix="nomi-upload-bench-") as tmp_name:
        tmp = Path(tmp_name)
        env = server_env(tmp)
        print("preparing: migrate, collectstatic, members, images", file=sys.stderr)
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        seller, victim = (
            f"{role}{uuid.uuid4().hex[:8]}" for role in ("seller", "victim")
        )
        members = CREATE_MEMBERS.format(password=PASSWORD, seller=seller, victim=victim)
        manage(env, "shell", "-c", members)
        cases = scenarios()
        port = free_port()
        server = Server(
            {**env, "GUNICORN_WORKERS": str(args.workers)}, port, tmp / "gunicorn.log"
        )
        results = []
        try:
            server.wait_healthy()
            status, jar = login(port, seller, PASSWORD)
            assert status == 302 and "sessionid" in jar, "bench login failed"
            _, response, page, _ = request(
                port, "GET", "/items/new/", headers={"Cookie": cookie_header(jar)}
            )
            token = csrf_from(page)

            def upload(files):
                def job(_):
                    out = []
                    for _ in range(args.rounds):
                        body, content_type = multipart(
                            {"csrfmiddlewaretoken": token, "title": "Lamp"}, files
                        )
                        status, _, page, _ = request(
                            port,
                            "POST",
                            "/items/new/",
                            body,
                            {
                                "Content-Type": content_type,
                                "Cookie": cookie_header(jar),
                            },
                            timeout=120,
                        )
                        # Staged photos carry their id; the JavaScript tile
                        # template's input has an empty value.
                        staged = len(
                            re.findall(rb'name="staged_photo" value="\d+"', page)
                        )
                        out.append((status, staged))
                    return out

                return job

            for label, files in cases.items():
                results.append(measure(server, label, args.threads, upload(files)))
                print(json.dumps(results[-1]), file=sys.stderr)

            def oversize(_):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                try:
                    conn.putrequest("POST", "/items/new/")
                    conn.putheader("Content-Length", str(150 * 1024 * 1024))
                    conn.putheader("Content-Type", "multipart/form-data; boundary=x")
                    conn.putheader("Cookie", cookie_header(jar))
                    conn.endheaders()
                    conn.send(b"--x\r\n" + b"\0" * 65536)  # then stop sending
                    return (conn.getresponse().status,)
                finally:
                    conn.close()

            results.append(measure(server, "oversize", args.threads, oversize))
            print(json.dumps(results[-1]), file=sys.stderr)

            def wrong_login(i):
                return (login(port, victim, f"wrong-{i}")[0],)

            results.append(measure(server, "logins", args.logins, wrong_login))
            print(json.dumps(results[-1]), file=sys.stderr)
        finally:
            server.stop()
            log = (tmp / "gunicorn.log").read_text()
            Path(args.log).write_text(log)
        killed = log.count("WORKER TIMEOUT")
        print(
            json.dumps(
                {
                    "workers": args.workers,
                    "threads": args.threads,
                    "workers_killed": killed,
                    "results": results,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
