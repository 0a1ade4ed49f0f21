"""Read-your-writes against a real asynchronous replica (docs/replica.md).

scripts/topology/replica.sh starts a MariaDB primary and a GTID replica; the
site runs under gunicorn with DATABASE_URL on the primary and
DATABASE_REPLICA_URL on the replica. With the replica's applier paused, a
member publishes a listing: they see it at once on its page, their profile and
in search (their requests read from the primary for REPLICA_FRESH_SECONDS);
a visitor's search and profile pages, read from the replica, do not show it
yet, while its page (missing on the replica) is served from the primary. Once
replication resumes the visitor sees it everywhere. A stopped replica sends
every read to the primary.
"""

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests

from tests.topology.ports import free_port

pytestmark = pytest.mark.topology

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "topology" / "replica.sh"
DATABASE = "nomi_replica_test"
PASSWORD = "replica-test-password-1"


# The test's own primary and replica: a folder and ports of their own, so
# the topology's replica (which may follow Galera) is never touched.
PRIVATE: dict[str, str] = {}


def script(*args: str) -> str:
    return subprocess.run(
        [str(SCRIPT), *args],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **PRIVATE},
    ).stdout


def script_env() -> dict[str, str]:
    """DATABASE_URL and DATABASE_REPLICA_URL, on this test's own database."""
    found = dict(re.findall(r"^export (\w+)=(\S+)$", script("env"), re.M))
    return {name: url.rsplit("/", 1)[0] + "/" + DATABASE for name, url in found.items()}


def primary_sql(urls: dict, statement: str) -> None:
    import MySQLdb

    match = re.match(r"mysql://(\w+)@([\d.]+):(\d+)/", urls["DATABASE_URL"])
    user, host, port = match.groups()
    connection = MySQLdb.connect(host=host, port=int(port), user=user)
    connection.autocommit(True)
    try:
        connection.cursor().execute(statement)
    finally:
        connection.close()


def replica_row(urls: dict, listing_id: int):
    import MySQLdb

    match = re.match(
        r"mysql://(\w+)@([\d.]+):(\d+)/(\w+)", urls["DATABASE_REPLICA_URL"]
    )
    user, host, port, name = match.groups()
    connection = MySQLdb.connect(host=host, port=int(port), user=user, database=name)
    try:
        cursor = connection.cursor()
        cursor.execute(
            "SELECT status FROM listings_listing WHERE id = %s", [listing_id]
        )
        return cursor.fetchone()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def replication(tmp_path_factory):
    """The primary and its replica, started by the script in a folder and on
    ports of this test's own (deleted after), with a database, migrated."""
    PRIVATE.update(
        TOPOLOGY_DIR=str(tmp_path_factory.mktemp("replica")),
        REPLICA_PRIMARY_SQL_PORT=str(free_port()),
        REPLICA_SQL_PORT=str(free_port()),
    )
    try:
        script("start")
    except subprocess.CalledProcessError as error:
        script("clean")
        raise AssertionError(error.stdout + error.stderr) from error
    urls = script_env()
    primary_sql(urls, f"DROP DATABASE IF EXISTS {DATABASE}")
    primary_sql(
        urls,
        f"CREATE DATABASE {DATABASE} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"],
        check=True,
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": urls["DATABASE_URL"]},
    )
    script("sync")  # MASTER_GTID_WAIT(<primary gtid_binlog_pos>, 10)
    yield urls
    script("clean")
    PRIVATE.clear()


@pytest.fixture(scope="module")
def seller(replication, tmp_path_factory):
    """A verified member with a draft listing (photo included), made on the
    primary and replicated, as the sell form would leave it."""
    media = tmp_path_factory.mktemp("media")
    name = f"seller{uuid.uuid4().hex[:8]}"
    word = f"zq{uuid.uuid4().hex[:8]}"
    code = f"""
from tests.factories import ListingFactory, UserFactory, add_photos
member = UserFactory(username={name!r}, password={PASSWORD!r})
listing = ListingFactory(seller=member, title="Teak chair {word}", status="draft",
                         published_at=None)
add_photos(listing, 1)
print(listing.pk)
"""
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": replication["DATABASE_URL"],
            "MEDIA_ROOT": str(media),
        },
    )
    script("sync")
    return {
        "username": name,
        "word": word,
        # What a page shows of the listing (the search page echoes the word).
        "title": f"Teak chair {word}",
        "listing_id": int(done.stdout.strip().splitlines()[-1]),
        "media": media,
    }


@pytest.fixture(scope="module")
def site(replication, seller):
    """The site under gunicorn, reading from the replica."""
    port = free_port()
    env = {
        **os.environ,
        **replication,
        "DJANGO_DEBUG": "1",  # static URLs without a collectstatic manifest
        "DJANGO_SECRET_KEY": "replica-topology-test-key-not-used-anywhere-else",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "MEDIA_ROOT": str(seller["media"]),
        # Only the replica makes pages stale here: no shared fragments.
        "SHARED_MAX_SECONDS": "0",
        "PAGE_CACHE_SECONDS": "0",
        "REPLICA_FRESH_SECONDS": "60",
        "REPLICA_RETRY_SECONDS": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
        + ["marketplace.wsgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not answer /healthz")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def drop_cookie(browser: requests.Session, name: str) -> None:
    for cookie in list(browser.cookies):
        if cookie.name == name:
            browser.cookies.clear(cookie.domain, cookie.path, cookie.name)


def log_in(base: str, username: str) -> requests.Session:
    browser = requests.Session()
    page = browser.get(f"{base}/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    response = browser.post(
        f"{base}/accounts/login/",
        {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]
    # Logging in is a write too: start without its window, so the one seen
    # below is the publication's.
    drop_cookie(browser, "nomi_fresh")
    return browser


def pages(base: str, seller: dict) -> dict[str, str]:
    return {
        "item": f"{base}/items/{seller['listing_id']}/",
        "profile": f"{base}/u/{seller['username']}/",
        "search": f"{base}/search/?q={seller['word']}",
    }


def test_member_reads_their_own_listing_while_the_replica_lags(
    replication, seller, site
):
    urls = pages(site, seller)
    member = log_in(site, seller["username"])
    visitor = requests.Session()
    assert seller["title"] not in visitor.get(urls["search"]).text

    script("pause")
    published = member.post(
        f"{site}/items/{seller['listing_id']}/publish/",
        headers={"X-CSRFToken": member.cookies["csrftoken"]},
        allow_redirects=False,
    )
    assert published.status_code == 302
    assert "nomi_fresh" in published.cookies
    # The replica has not applied it: still a draft there.
    assert replica_row(replication, seller["listing_id"]) == ("draft",)

    # The member: their own pages come from the primary.
    item = member.get(urls["item"])
    assert item.status_code == 200
    assert f"/items/{seller['listing_id']}/pause/" in item.text  # on sale
    assert seller["title"] in member.get(urls["profile"]).text
    assert seller["title"] in member.get(urls["search"]).text

    # A visitor reads search and profile from the replica: not there yet.
    assert seller["title"] not in visitor.get(urls["search"]).text
    profile = visitor.get(urls["profile"])
    assert profile.status_code == 200
    assert seller["title"] not in profile.text
    # The item page misses it on the replica and asks the primary: a link
    # shared at once works.
    item = visitor.get(urls["item"])
    assert item.status_code == 200
    assert seller["title"] in item.text

    # The member's window is the cookie: without it, they read the replica too.
    drop_cookie(member, "nomi_fresh")
    assert seller["title"] not in member.get(urls["search"]).text

    script("resume")
    script("sync")
    assert replica_row(replication, seller["listing_id"]) == ("on_sale",)
    assert seller["title"] in visitor.get(urls["search"]).text
    assert seller["title"] in visitor.get(urls["profile"]).text


def test_a_stopped_replica_sends_reads_to_the_primary(replication, seller, site):
    """Runs after the test above: the listing is on sale on both servers."""
    urls = pages(site, seller)
    visitor = requests.Session()
    topology = Path(PRIVATE["TOPOLOGY_DIR"])
    pid = int((topology / "replica" / "replica" / "mysqld.pid").read_text())
    os.kill(pid, signal.SIGTERM)
    for _ in range(300):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    try:
        for name, url in urls.items():
            response = visitor.get(url)
            assert response.status_code == 200, name
            assert seller["title"] in response.text, name
    finally:
        script("start")

    # Back after REPLICA_RETRY_SECONDS: a change the replica has not applied
    # is not on the visitor's pages, so they read from the replica again.
    time.sleep(1.5)
    script("pause")
    primary_sql(
        replication,
        f"UPDATE {DATABASE}.listings_listing SET status = 'paused' "
        f"WHERE id = {seller['listing_id']}",
    )
    assert seller["title"] in visitor.get(urls["profile"]).text
    script("resume")
    script("sync")
    assert seller["title"] not in visitor.get(urls["profile"]).text
