"""A throwaway Nomi with demo data on a free port, for the design scripts.

`with demo_site(production=...) as site:` makes a temporary folder with a new
SQLite database and media folders, migrates it, seeds it with `seed_demo`,
starts the site on a free port of 127.0.0.1 and, on leaving, stops it and
deletes the folder. Nothing of the checkout (db.sqlite3, media/, staticfiles/)
is touched.

- production=False: Django's development server with DEBUG on
  (`make screenshots`).
- production=True: as scripts/serve.sh runs it: DEBUG off, a fresh secret key,
  static files collected and served compressed by whitenoise, gunicorn in
  front; plain HTTP, so the HTTPS-only cookies, redirect and HSTS are off
  (`make audit`).
"""

import contextlib
import http.cookiejar
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
# The fewest listings with which seed_demo also has the demo members trade
# (orders in each state, an offer, a conversation, a balance).
DEMO_LISTINGS = 80
DEMO_MEMBERS = 12
# seed_demo's members: (username, password).
BUYER = ("buyer", "nomi-demo-buyer")
SELLER = ("demo", "nomi-demo-seller")


@dataclass
class Site:
    url: str
    env: dict

    def manage(self, *args: str) -> str:
        """Run a manage.py command against this site's database; its output."""
        return subprocess.run(  # noqa: S603 (our own manage.py)
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(
                f"The site stopped while starting (exit {server.returncode})."
            )
        try:
            health = f"{url}/healthz"
            with urllib.request.urlopen(health, timeout=5) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"The site did not answer {url}/healthz in {seconds:.0f} s.")


@contextlib.contextmanager
def demo_site(*, production: bool, listings: int = DEMO_LISTINGS):
    with tempfile.TemporaryDirectory(prefix="nomi-demo-") as folder:
        folder = Path(folder)
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "MEDIA_ROOT": str(folder / "media"),
            "PRIVATE_MEDIA_ROOT": str(folder / "private-media"),
            "STATIC_ROOT": str(folder / "static"),
            "CACHE_URL": "locmemcache://",
            "EMAIL_URL": "consolemail://",
            "DJANGO_DEBUG": "false" if production else "true",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            "DJANGO_HSTS_SECONDS": "0",
            "DJANGO_SERVE_MEDIA": "true",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_LOG_LEVEL": "warning",
            "PYTHONUNBUFFERED": "1",
        }
        site = Site(url=f"http://127.0.0.1:{port}", env=env)
        print(
            f"Seeding a throwaway database with {listings} demo listings…", flush=True
        )
        if production:
            site.manage("collectstatic", "--noinput", "-v", "0")
        site.manage("migrate", "--noinput", "-v", "0")
        site.manage(
            "seed_demo", "--listings", str(listings), "--members", str(DEMO_MEMBERS)
        )
        if production:
            command = [
                str(Path(PYTHON).parent / "gunicorn"),
                "-c",
                "gunicorn.conf.py",
                "--access-logfile",
                os.devnull,
                "marketplace.wsgi",
            ]
        else:
            command = [
                PYTHON,
                "manage.py",
                "runserver",
                f"127.0.0.1:{port}",
                "--noreload",
            ]
        log = open(folder / "server.log", "w")  # noqa: SIM115 (closed below)
        server = subprocess.Popen(  # noqa: S603 (our own server)
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            _wait_until_up(site.url, server)
            print(f"Serving on {site.url}", flush=True)
            yield site
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            log.close()


# The demo pages, found in the seeded database: one listing the buyer may buy,
# the buyer's order awaiting shipment, their offer and conversation.
_PATHS_CODE = """
import json
from django.contrib.auth import get_user_model
from conversations.models import Conversation
from listings.models import Listing
from orders.models import Offer, Order
User = get_user_model()
buyer = User.objects.get(username="buyer")
item = (
    Listing.objects.on_sale().exclude(seller=buyer).filter(photos__isnull=False)
    .order_by("-price_cents").first()
)
order = Order.objects.filter(buyer=buyer, status="paid").first()
offer = Offer.objects.filter(buyer=buyer).first()
thread = Conversation.objects.filter(member=buyer).first()
print(json.dumps({
    "item": item.get_absolute_url(),
    "item_pk": item.pk,
    "search": "/search/?q=" + item.title.split()[0],
    "category": "/c/%s/" % item.category.slug,
    "order": order.get_absolute_url() if order else None,
    "offer": offer.get_absolute_url() if offer else None,
    "thread": thread.get_absolute_url() if thread else None,
}))
"""


def demo_paths(site: Site) -> dict:
    """Paths of the seeded demo's item, search, category, order, offer, thread."""
    return json.loads(site.manage("shell", "-c", _PATHS_CODE).strip().splitlines()[-1])


def session_cookie(site: Site, username: str, password: str) -> str:
    """Log in through the login form; the Cookie header of the session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = f"{site.url}/accounts/login/"
    with opener.open(login, timeout=30) as answer:
        page = answer.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    form = {"csrfmiddlewaretoken": token, "username": username, "password": password}
    request = urllib.request.Request(  # noqa: S310 (http on 127.0.0.1)
        login, data=urllib.parse.urlencode(form).encode(), headers={"Referer": login}
    )
    with opener.open(request, timeout=30):
        pass
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        raise SystemExit(f"Could not log in as {username}.")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())
