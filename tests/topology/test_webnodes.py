"""Two web nodes behind nginx (docs/topology.md), for real.

The module brings the topology up with scripts/topology/up.sh (every piece
present; without Galera the database is the fallback nomi_topology on the
machine's MariaDB) and stops it with down.sh afterwards (NOMI_TOPOLOGY_KEEP=1
leaves it running). Everything goes through nginx on NGINX_PORT; the
topology's database is read by Django processes run with its settings
(tests/topology/remote.py), never by this test process.
"""

import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from tests.e2e.conftest import (
    CHROMIUM_ARGS,
    DESKTOP,
    MOBILE,
    TIMEOUT_MS,
    _chromium_path,
)
from tests.e2e.scenarios import Member, trade_an_item
from tests.e2e.test_selling import jpeg
from tests.factories import GOOD_CARD, NEW_ADDRESS_FORM
from tests.topology.remote import RESULT

pytestmark = pytest.mark.topology

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts" / "topology"
TOPOLOGY_DIR = Path(os.environ.get("TOPOLOGY_DIR") or ROOT / ".topology")
ACCESS_LOG = TOPOLOGY_DIR / "nginx" / "logs" / "access.log"
WEB_PORTS = (8101, 8102)  # scripts/topology/common.sh


class Topology:
    """The running topology: its scripts, its settings and its public URL."""

    def __init__(self):
        # The scripts get a plain environment: the topology's settings come
        # from its pieces, not from this test process (its DATABASE_URL...).
        self.base_env = {
            name: os.environ[name]
            for name in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TOPOLOGY_DIR")
            if name in os.environ
        }
        self.base_env["PYTHON_BIN"] = sys.executable
        self.settings: dict[str, str] = {}

    def script(self, name: str, *args: str, timeout: int = 900) -> str:
        done = subprocess.run(
            [SCRIPTS / name, *args],
            env=self.base_env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert done.returncode == 0, (
            f"{name} {' '.join(args)} failed ({done.returncode}):\n"
            f"{done.stdout}\n{done.stderr}"
        )
        return done.stdout

    def read_settings(self) -> None:
        """What every piece printed with `env` (up.sh collected it in env.sh)."""
        done = subprocess.run(
            ["bash", "-c", 'set -a; source "$1"; env -0', "-", TOPOLOGY_DIR / "env.sh"],
            env=self.base_env,
            capture_output=True,
            check=True,
        )
        pairs = (item.split(b"=", 1) for item in done.stdout.split(b"\0") if item)
        self.settings = {key.decode(): value.decode() for key, value in pairs}

    @property
    def url(self) -> str:
        return self.settings["NGINX_URL"]

    def python(self, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env=self.settings,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def manage(self, *args: str) -> str:
        done = self.python("manage.py", *args)
        assert done.returncode == 0, (
            f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
        )
        return done.stdout

    def call(self, function: str, *args):
        """remote.py's `function(*args)`, run with the topology's settings."""
        done = self.python("-m", "tests.topology.remote", function, json.dumps(args))
        results = [
            line[len(RESULT) :]
            for line in done.stdout.splitlines()
            if line.startswith(RESULT)
        ]
        assert done.returncode == 0 and results, (
            f"{function}{args} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
        return json.loads(results[-1])


class TopologyRecords:
    """The browser scenario's records (tests/e2e/scenarios.py), read by a
    Django process of the topology."""

    def __init__(self, topology: Topology):
        self.topology = topology

    def __getattr__(self, method: str):
        return lambda *args: self.topology.call("records", method, *args)


@pytest.fixture(scope="module")
def topology():
    topology = Topology()
    try:
        topology.script("up.sh")
        topology.read_settings()
        yield topology
    finally:
        if os.environ.get("NOMI_TOPOLOGY_KEEP") != "1":
            topology.script("down.sh")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=_chromium_path(), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def access_log_size() -> int:
    return ACCESS_LOG.stat().st_size if ACCESS_LOG.exists() else 0


def upstreams_since(
    offset: int, request_id_prefix: str = "", *, every: bool = False
) -> list[str]:
    """The node that answered each request since `offset` of nginx's access
    log (only requests whose id starts with the prefix, when given); with
    `every`, every node it tried, as nginx lists them ("a, b")."""
    with ACCESS_LOG.open("rb") as log:
        log.seek(offset)
        lines = log.read().decode().splitlines()
    return [
        found[2] if every else found[2].split(", ")[-1]
        for line in lines
        if (found := re.search(r" rid=(\S+) upstream=(.+?) upstream_status=", line))
        and found[1].startswith(request_id_prefix)
    ]


def get(url: str, path: str, headers=None) -> http.client.HTTPResponse:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


# --- The whole trade, in a browser, through nginx ---------------------------------


def test_the_whole_trade_in_a_browser_through_nginx(topology, browser, tmp_path):
    tag = uuid.uuid4().hex[:8]
    seller = Member(f"seller-{tag}", "Sam Seller")
    buyer = Member(f"buyer-{tag}", "Ada Buyer")
    for member in (seller, buyer):
        topology.call("make_member", member.username, member.display_name)
    contexts = []

    def new_page(viewport):
        context = browser.new_context(
            base_url=topology.url, viewport=viewport, locale="en-US"
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    offset = access_log_size()
    try:
        trade_an_item(
            new_page(DESKTOP),
            new_page(MOBILE),
            seller=seller,
            buyer=buyer,
            photo=jpeg(tmp_path, "lamp.jpg", (800, 600), (200, 40, 60)),
            records=TopologyRecords(topology),
        )
    except Exception:
        for number, context in enumerate(contexts):
            for page in context.pages:
                page.screenshot(path=tmp_path / f"failure-{number}.png", full_page=True)
        raise
    finally:
        for context in contexts:
            context.close()

    # The members' sessions and CSRF tokens held on both nodes: nginx sent
    # the trade's requests to both.
    served = upstreams_since(offset)
    assert {f"127.0.0.1:{port}" for port in WEB_PORTS} <= set(served)


def test_nginx_carries_a_request_id_and_refuses_a_forged_one(topology):
    good = f"trade-check.{uuid.uuid4().hex[:8]}"
    assert (
        get(topology.url, "/healthz", {"X-Request-ID": good}).getheader("X-Request-ID")
        == good
    )
    forged = get(topology.url, "/healthz", {"X-Request-ID": "a b\\c"})
    assert re.fullmatch(r"[0-9a-f]{32}", forged.getheader("X-Request-ID"))
    assert upstreams_since(0, good)


def test_a_body_over_request_max_bytes_is_refused_by_nginx(topology):
    limit = int(
        topology.python(
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.REQUEST_MAX_BYTES)",
        ).stdout.split()[-1]
    )
    parts = urlsplit(topology.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.putrequest("POST", "/accounts/login/")
    connection.putheader("Content-Length", str(limit + 1))
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 413
    assert b"nginx" in response.read()


# --- A node killed during a load run ------------------------------------------------

CLIENTS = 6
BUYERS_PER_CLIENT = 3
ITEMS_PER_CLIENT = 30
LOAD_SECONDS = 10
KILL_AFTER_SECONDS = 3
# What a purchase carries over from the checkout page.
FORM_FIELDS = ("csrfmiddlewaretoken", "idempotency_key", "expected_total_cents")


@dataclass
class Request:
    method: str
    path: str
    started: float
    ended: float
    status: int | None
    problem: str = ""


@dataclass
class LoadClient:
    """One member's browser, without JavaScript's extras: page views, and
    purchases (checkout page, card form, checkout POST) of its own items."""

    url: str
    session_cookie: str
    buyers: list[dict]
    items: list[int]
    browse: list[int]
    requests: list[Request] = field(default_factory=list)
    purchases: list[dict] = field(default_factory=list)

    def __post_init__(self):
        parts = urlsplit(self.url)
        self.host, self.port = parts.hostname, parts.port
        self.jars = [{self.session_cookie: buyer["session"]} for buyer in self.buyers]

    def send(self, jar, method, path, data=None, expect=(200,), headers=None):
        """One request on a new connection; None when it failed (recorded)."""
        headers = {
            "Cookie": "; ".join(f"{name}={value}" for name, value in jar.items()),
            **(headers or {}),
        }
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode(errors="replace")
        except (OSError, http.client.HTTPException) as error:
            self.requests.append(
                Request(method, path, started, time.monotonic(), None, repr(error))
            )
            return None
        finally:
            connection.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            jar[name.strip()] = value
        problem = "" if response.status in expect else content[:300]
        self.requests.append(
            Request(method, path, started, time.monotonic(), response.status, problem)
        )
        if problem:
            return None
        response.content = content
        return response

    def view_a_page(self, turn: int) -> None:
        item = self.browse[turn % len(self.browse)]
        paths = ["/", "/search/?q=lamp", f"/items/{item}/"]
        self.send(self.jars[turn % len(self.jars)], "GET", paths[turn % len(paths)])

    def buy(self, turn: int, item: int, *, at_once=None, expect=(302,)) -> None:
        """Checkout page, card form, checkout POST (after `at_once()` when given:
        a barrier the racing buyers wait at)."""
        buyer = self.buyers[turn % len(self.buyers)]
        jar = self.jars[turn % len(self.jars)]
        purchase = {"listing": item, "buyer": buyer["username"], "order": None}
        self.purchases.append(purchase)
        path = f"/items/{item}/buy/"
        page = self.send(jar, "GET", path)
        if page is None:
            return
        form = {
            name: re.search(rf'name="{name}" value="([^"]*)"', page.content)[1]
            for name in FORM_FIELDS
        }
        card = self.send(
            jar,
            "POST",
            "/payments/card/",
            {
                "csrfmiddlewaretoken": form["csrfmiddlewaretoken"],
                "card_number": GOOD_CARD,
                "expiry": "12/30",
                "cvc": "123",
                "payment": "card",
                "next": path,
            },
            expect=(201,),
            headers={"Accept": "application/json"},
        )
        if card is None:
            return
        if at_once is not None:
            at_once()
        bought = self.send(
            jar,
            "POST",
            path,
            {
                **form,
                **NEW_ADDRESS_FORM,
                "payment": "card",
                "card_token": json.loads(card.content)["token"],
            },
            expect=expect,
        )
        if bought is not None and bought.status == 302:
            found = re.fullmatch(r"/orders/(\d+)/", bought.getheader("Location", ""))
            assert found, bought.getheader("Location")
            purchase["order"] = int(found[1])

    def run(self, stop: threading.Event) -> None:
        turn = 0
        items = iter(self.items)
        while not stop.is_set():
            self.view_a_page(turn)
            item = next(items, None)
            if item is not None:
                self.buy(turn, item)
            turn += 1

    @property
    def failed(self) -> list[Request]:
        return [request for request in self.requests if request.problem]


def test_a_node_killed_during_a_load_run_loses_no_order(topology):
    tag = uuid.uuid4().hex[:8]
    plan = topology.call(
        "prepare_load", tag, CLIENTS, BUYERS_PER_CLIENT, ITEMS_PER_CLIENT
    )
    clients = [
        LoadClient(
            url=topology.url,
            session_cookie=plan["session_cookie"],
            buyers=client["buyers"],
            items=client["items"],
            browse=plan["browse"],
        )
        for client in plan["clients"]
    ]
    stop = threading.Event()
    threads = [threading.Thread(target=client.run, args=(stop,)) for client in clients]
    offset = access_log_size()
    started = time.monotonic()
    for thread in threads:
        thread.start()
    try:
        time.sleep(KILL_AFTER_SECONDS)
        kill_started = time.monotonic()
        topology.script("web.sh", "kill", "1")
        kill_done = time.monotonic()
        with pytest.raises(ConnectionRefusedError):
            get(f"http://127.0.0.1:{WEB_PORTS[0]}", "/healthz")
        topology.script("web.sh", "start", "1")
        restarted = time.monotonic()
        time.sleep(max(started + LOAD_SECONDS - time.monotonic(), 0) + 2)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
    requests = [request for client in clients for request in client.requests]
    failed = [request for client in clients for request in client.failed]
    purchases = [purchase for client in clients for purchase in client.purchases]
    bought = [purchase for purchase in purchases if purchase["order"]]
    # Requests nginx moved to the other node (GETs in flight at the kill, and
    # any request that found the node down before nginx marked it so).
    tried = upstreams_since(offset, every=True)
    moved = [upstream for upstream in tried if "," in upstream]
    print(
        f"{len(requests)} requests, {len(purchases)} purchases ({len(bought)} "
        f"answered with their order), {len(failed)} failed, {len(moved)} moved "
        f"to the other node; killed at {kill_started - started:.1f} s, node back "
        f"at {restarted - started:.1f} s"
    )

    # The load ran on both sides of the kill.
    assert any(request.ended < kill_started for request in requests if request.status)
    assert any(request.started > restarted for request in requests if request.status)
    assert any(
        request.started > restarted and request.status == 302 for request in requests
    )
    # Errors only on requests in flight at the kill: at most one per client,
    # and only POSTs: nginx passes a GET whose node died to the other node,
    # never a POST it had sent (a purchase must not run twice).
    assert len(failed) <= CLIENTS, failed
    for request in failed:
        assert request.started <= kill_done and request.ended >= kill_started, request
        assert request.method == "POST", request

    # The scheduled deadlines job (the worker's, or cron's) captures what a
    # killed request left to capture; then nothing may be missing.
    topology.manage("process_deadlines")
    outcome = topology.call("load_outcome", tag, purchases)
    assert outcome["answered"] == len(bought)
    assert outcome["missing"] == []
    assert outcome["inconsistent"] == []
    failed_purchases = len(purchases) - len(bought)
    assert len(outcome["unanswered_orders"]) <= failed_purchases
    assert len(outcome["open_authorizations"]) <= failed_purchases
    reconciled = topology.manage("reconcile_ledger")
    assert "Reconciled: no differences." in reconciled

    # Afterwards both nodes serve, and nginx sends requests to both again.
    for port in WEB_PORTS:
        assert get(f"http://127.0.0.1:{port}", "/healthz").status == 200
    prefix = f"after-kill-{tag}-"
    deadline = time.monotonic() + 30
    served: set[str] = set()
    number = 0
    while len(served) < len(WEB_PORTS) and time.monotonic() < deadline:
        answer = get(topology.url, "/healthz", {"X-Request-ID": f"{prefix}{number}"})
        assert answer.status == 200
        number += 1
        served = set(upstreams_since(0, prefix))
        time.sleep(0.2)
    assert served == {f"127.0.0.1:{port}" for port in WEB_PORTS}


RACE_BUYERS = 16


def test_sixteen_buyers_through_nginx_make_one_order(topology):
    """The race on the whole topology: nginx spreads 16 buyers over both web
    nodes, each on its own database node (Galera node N when it is there)."""
    tag = uuid.uuid4().hex[:8]
    plan = topology.call("prepare_race", tag, RACE_BUYERS)
    clients = [
        LoadClient(
            url=topology.url,
            session_cookie=plan["session_cookie"],
            buyers=client["buyers"],
            items=[],
            browse=[],
        )
        for client in plan["clients"]
    ]
    barrier = threading.Barrier(RACE_BUYERS)
    offset = access_log_size()
    threads = [
        threading.Thread(
            target=client.buy,
            args=(0, plan["listing"]),
            kwargs={"at_once": lambda: barrier.wait(timeout=60), "expect": (302, 409)},
        )
        for client in clients
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)

    answers = [
        request.status
        for client in clients
        for request in client.requests
        if request.method == "POST" and request.path.endswith("/buy/")
    ]
    assert sorted(answers) == [302] + [409] * (RACE_BUYERS - 1), [
        request for client in clients for request in client.requests
    ]
    # Both web nodes took part.
    checkouts = upstreams_since(offset, every=True)
    assert {f"127.0.0.1:{port}" for port in WEB_PORTS} <= set(checkouts)

    purchases = [purchase for client in clients for purchase in client.purchases]
    outcome = topology.call("load_outcome", tag, purchases)
    assert outcome["orders"] == 1 and outcome["answered"] == 1
    assert outcome["missing"] == [] and outcome["inconsistent"] == []
    # Every loser's card hold was released (voided), none left open.
    assert outcome["open_authorizations"] == []
    assert "Reconciled: no differences." in topology.manage("reconcile_ledger")
