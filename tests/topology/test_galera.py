"""The one-sale-per-item guarantee and the ledger on a three-node Galera cluster.

scripts/topology/galera.sh starts the cluster (docs/galera.md); a database of
its own is migrated on it. Buyers race through two gunicorn servers, each on
its own node, as two web nodes behind a load balancer would; then the seeded
money simulation runs with half its threads on each of two nodes. On Galera a
conflicting write is not made to wait: it loses at COMMIT with 1213, which the
services must retry or answer as "sold", never as a 500.
"""

import contextlib
import html
import logging
import os
import re
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from datetime import timedelta
from pathlib import Path

import environ
import MySQLdb
import pytest
import requests
from django.conf import settings
from django.db import connections
from django.test import Client
from django.utils import timezone

from tests.factories import (
    CARD_FORM,
    CARD_INPUTS,
    NEW_ADDRESS_FORM,
    ListingFactory,
    UserFactory,
)
from tests.topology.ports import free_port

pytestmark = pytest.mark.topology

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "topology" / "galera.sh"
DATABASE = "nomi_galera_test"
BUYERS = 16
# Rounds of the race; GALERA_RACE_ROUNDS=20 for a longer measurement.
ROUNDS = int(os.environ.get("GALERA_RACE_ROUNDS", "5"))
# What settings.py sets on a MySQL connection, plus DATABASE_GALERA's
# wsrep_sync_wait; the web nodes get the same from their environment.
OPTIONS = {
    "charset": "utf8mb4",
    "init_command": (
        "SET sql_mode='STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION', wsrep_sync_wait = 1"
    ),
    "isolation_level": "read committed",
}


def _script(command: str) -> str:
    done = subprocess.run(
        [str(SCRIPT), command], check=True, capture_output=True, text=True
    )
    return done.stdout


@pytest.fixture(scope="module")
def galera(django_db_blocker):
    """The cluster's nodes, as database URLs of a freshly migrated database."""
    _script("start")
    try:
        exported = dict(
            line.removeprefix("export ").split("=", 1)
            for line in _script("env").splitlines()
            if line.startswith("export GALERA_URL_")
        )
        urls = [
            exported[f"GALERA_URL_{n}"].rsplit("/", 1)[0] + "/" + DATABASE
            for n in (1, 2, 3)
        ]
        first = environ.Env.db_url_config(urls[0])
        server = MySQLdb.connect(host=first["HOST"], port=first["PORT"], user="root")
        server.cursor().execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        server.cursor().execute(
            f"CREATE DATABASE {DATABASE}"
            " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
        )
        server.close()
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": urls[0], "DATABASE_GALERA": "true"},
            check=True,
        )
        with django_db_blocker.unblock():
            yield urls
    finally:
        _script("stop")


@contextlib.contextmanager
def on_node(url: str):
    """This thread's default database is the Galera node at `url` meanwhile."""
    config = environ.Env.db_url_config(url)
    config["OPTIONS"] = dict(OPTIONS)
    config = connections.configure_settings({"default": config})["default"]
    from django.db.backends.mysql.base import DatabaseWrapper

    saved = connections["default"]
    node = DatabaseWrapper(config, "default")
    connections["default"] = node
    try:
        yield
    finally:
        node.close()
        connections["default"] = saved


@pytest.fixture(scope="module")
def web_nodes(galera, tmp_path_factory):
    """Two gunicorn servers, the first on Galera node 1, the second on node 2."""
    folder = tmp_path_factory.mktemp("galera-web")
    base = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DATABASE_GALERA": "true",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        # gunicorn.conf.py's defaults on this machine: 2 workers of 8 threads.
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "8",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env={**base, "DATABASE_URL": galera[0]},
        check=True,
    )
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    servers = []
    try:
        for number, url in ((1, galera[0]), (2, galera[1])):
            port = free_port()
            log = folder / f"web{number}.log"
            with open(log, "w") as output:
                process = subprocess.Popen(
                    [gunicorn, "-c", "gunicorn.conf.py", "marketplace.wsgi"],
                    cwd=ROOT,
                    env={
                        **base,
                        "DATABASE_URL": url,
                        "GUNICORN_BIND": f"127.0.0.1:{port}",
                    },
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
            servers.append((f"http://127.0.0.1:{port}", process, log))
        for address, process, _log in servers:
            for _ in range(150):
                with contextlib.suppress(requests.RequestException):
                    if requests.get(address + "/healthz", timeout=5).ok:
                        break
                assert process.poll() is None, "a web node did not start"
                time.sleep(0.2)
            else:
                raise AssertionError(f"{address} did not answer /healthz")
        yield servers
    finally:
        # Also when a node did not start: no server outlives the tests.
        for _address, process, _log in servers:
            process.terminate()
            process.wait(timeout=30)


def _session_cookie(member) -> str:
    client = Client()
    client.force_login(member)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _race_round(galera, web_nodes) -> dict:
    """16 buyers at once for one item, half through each web node."""
    from orders.services import quote_for

    with on_node(galera[0]):
        listing = ListingFactory(price_cents=2500)
        buyers = [UserFactory() for _ in range(BUYERS)]
        cookies = [_session_cookie(buyer) for buyer in buyers]
        total = quote_for(listing).total_cents
    path = f"/items/{listing.pk}/buy/"
    barrier = threading.Barrier(BUYERS)
    answers = [None] * BUYERS

    def buy(index: int) -> None:
        address = web_nodes[index % 2][0]
        browser = requests.Session()
        browser.cookies.set(settings.SESSION_COOKIE_NAME, cookies[index])
        page = browser.get(address + path, timeout=30)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        data = {
            "csrfmiddlewaretoken": html.unescape(csrf[1]),
            "idempotency_key": uuid.uuid4().hex,
            "expected_total_cents": total,
            "save_address": "on",
            **NEW_ADDRESS_FORM,
        }
        barrier.wait(timeout=60)
        # As the page's script does in one click: the card to the card form,
        # then the checkout with the token it answered.
        card = {name: CARD_FORM[name] for name in CARD_INPUTS}
        token = browser.post(
            address + "/payments/card/",
            {
                **card,
                "next": path,
                "payment": "card",
                "csrfmiddlewaretoken": data["csrfmiddlewaretoken"],
            },
            headers={"Accept": "application/json"},
            timeout=60,
        )
        data.update(payment="card", card_token=token.json()["token"])
        answer = browser.post(address + path, data, allow_redirects=False, timeout=60)
        answers[index] = (answer.status_code, answer.text)

    threads = [threading.Thread(target=buy, args=(i,)) for i in range(BUYERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return {"listing": listing, "buyers": buyers, "answers": answers}


def _open_authorizations() -> list:
    from orders.payments.sandbox import SandboxGateway

    return SandboxGateway().open_authorizations(
        created_before=timezone.now() + timedelta(minutes=1)
    )


def _reconcile() -> str:
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("reconcile_ledger", stdout=out)
    return out.getvalue()


def test_sixteen_buyers_on_two_nodes_make_one_order(galera, web_nodes):
    from orders.models import GatewayCall, Order

    rounds = []
    for _ in range(ROUNDS):
        race = _race_round(galera, web_nodes)
        # Checked on the third node, which served no request.
        with on_node(galera[2]):
            orders = list(Order.objects.filter(listing=race["listing"]))
            captures = GatewayCall.objects.filter(
                kind=GatewayCall.Kind.CAPTURE,
                reference__in=[order.payment_reference for order in orders],
                status=GatewayCall.Status.CAPTURED,
            )
            rounds.append(
                {
                    "answers": Counter(code for code, _text in race["answers"]),
                    "orders": len(orders),
                    "captures": captures.count(),
                    "open_authorizations": len(_open_authorizations()),
                    "reconciled": "Reconciled: no differences." in _reconcile(),
                    # Every 409 is the "just sold" page.
                    "sold_pages": all(
                        "This item was just sold" in text
                        for code, text in race["answers"]
                        if code == 409
                    ),
                }
            )
    print("rounds:", rounds)
    for _address, _process, log in web_nodes:
        assert "ERROR" not in log.read_text(), log.read_text()[-3000:]
    for result in rounds:
        assert result == {
            "answers": {302: 1, 409: BUYERS - 1},
            "orders": 1,
            "captures": 1,
            "open_authorizations": 0,
            "reconciled": True,
            "sold_pages": True,
        }, rounds


SIMULATION_THREADS = 4
SIMULATION_OPERATIONS = 150


def test_seeded_simulation_on_two_nodes_conserves_money(galera, caplog):
    """tests/orders/test_simulation.py's marketplace, four seeds at once, half
    of them on node 1 and half on node 2, acting on each other's items."""
    from tests.orders.test_simulation import (
        Simulation,
        assert_everything_settles,
        assert_invariants,
        reconcile_ok,
    )

    def no_capture(execute):
        # Outside a test transaction, after-commit work runs at each commit.
        return contextlib.nullcontext()

    nodes = [galera[index % 2] for index in range(SIMULATION_THREADS)]
    simulations = []
    for index, url in enumerate(nodes):
        with on_node(url):
            simulations.append(Simulation(1000 + index, no_capture))
    barrier = threading.Barrier(SIMULATION_THREADS)
    failures = []

    def run(index: int) -> None:
        try:
            with on_node(nodes[index]):
                barrier.wait(timeout=60)
                simulations[index].run(SIMULATION_OPERATIONS)
        except Exception as error:  # reported below with its traceback
            import traceback

            failures.append("".join(traceback.format_exception(error)))

    threads = [
        threading.Thread(target=run, args=(i,)) for i in range(SIMULATION_THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=900)
    assert not failures, failures[0]
    # Nothing was left for later: no capture, void or release failed on a
    # conflict that was not retried.
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert errors == [], [record.getMessage() for record in errors]
    done = sum((simulation.done for simulation in simulations), Counter())
    refused = sum((simulation.refused for simulation in simulations), Counter())
    print("done:", dict(done), "refused:", dict(refused))
    assert done["buy"] and done["accept"] and done["ship"] and done["withdraw"]

    with on_node(galera[2]):
        assert_invariants()
        reconcile_ok()
        assert_everything_settles()


def _withdrawal_round(galera, monkeypatch) -> tuple:
    """One member's whole balance withdrawn twice at once, once on each node.

    Each withdrawal waits, after its first read of the balance, until the other
    has read it too: both are inside their transactions, each holding its own
    node's row lock, when they debit.
    """
    from orders import ledger
    from orders.exceptions import WithdrawalError
    from orders.models import Withdrawal
    from orders.services import withdraw_balance
    from tests.orders.test_balance import earn

    with on_node(galera[0]):
        member = UserFactory(password=None)
        earn(member, 5000)
        available = ledger.available_cents(member)
    barrier = threading.Barrier(2)
    answers = []
    waited = threading.local()
    read_balance = ledger.available_cents

    def read_then_wait(who):
        cents = read_balance(who)
        if not getattr(waited, "done", False):
            waited.done = True
            barrier.wait(timeout=30)
        return cents

    monkeypatch.setattr(ledger, "available_cents", read_then_wait)

    def withdraw(url: str) -> None:
        with on_node(url):
            try:
                withdraw_balance(
                    member=member,
                    amount_cents=available,
                    routing_number="011000015",
                    account_number="000123456789",
                    idempotency_key=uuid.uuid4().hex,
                )
                answers.append("paid")
            except WithdrawalError:
                answers.append("refused")

    threads = [threading.Thread(target=withdraw, args=(url,)) for url in galera[:2]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    monkeypatch.undo()
    with on_node(galera[2]):
        return (
            sorted(answers),
            Withdrawal.objects.filter(member=member).count(),
            ledger.available_cents(member),
        )


def test_one_balance_is_not_spent_twice_on_two_nodes(galera, monkeypatch):
    """A row lock holds on its own node only: two withdrawals of the whole
    balance at once, one per node, must still pay out once."""
    outcomes = [_withdrawal_round(galera, monkeypatch) for _ in range(ROUNDS)]
    print("withdrawals:", outcomes)
    assert outcomes == [(["paid", "refused"], 1, 0)] * ROUNDS


def test_fulltext_search_on_one_node_finds_what_another_wrote(galera):
    """InnoDB FULLTEXT on Galera: each node indexes the rows it applies."""
    from django.db import connection

    from listings.search import SearchParams, search_listings

    with on_node(galera[0]):
        listing = ListingFactory(title="Zanzibar copper teapot")
    with on_node(galera[2]):
        found = search_listings(SearchParams(q="zanzibar teapot"), with_counts=False)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM listings_listing"
                " WHERE MATCH(search_document) AGAINST('zanzibar' IN BOOLEAN MODE)"
            )
            matches = cursor.fetchone()[0]
    assert [item.pk for item in found.listings] == [listing.pk]
    assert matches == 1
