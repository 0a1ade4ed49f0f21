"""The read replica's rules (marketplace/db_router.py): the item, search, browse
and profile pages read from it for safe requests of people who have not just
written; writes, transactions, fresh writers and every other page use the
primary; a replica that fails or misses a row sends the page to the primary.

In the suite the replica is the default database's mirror: a second
connection object sharing the default's database connection (so it sees the
test's rows), with its own query log, so each query shows which alias ran it.
"""

from contextlib import contextmanager
from importlib import import_module

import pytest
from django.contrib.auth import get_user, get_user_model
from django.db import OperationalError, connections, router, transaction
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from discovery.models import Like
from listings.models import Listing
from marketplace import db_router
from marketplace.db_router import REPLICA, reads_from_replica
from marketplace.shared import FRESH_COOKIE, mark_written
from tests.factories import ListingFactory, UserFactory

LISTING_TABLE = Listing._meta.db_table
ROUTER = "marketplace.db_router.PrimaryReplicaRouter"


@pytest.fixture
def replica(db, settings, monkeypatch):
    """A replica alias whose queries run on the default's own connection."""
    settings.DATABASE_ROUTERS = [ROUTER]
    settings.DATABASE_REPLICA_URL = "mirror-of-default"
    monkeypatch.setattr(db_router, "_down_until", 0.0)
    default = connections["default"]
    default.ensure_connection()
    connections.settings[REPLICA] = {
        **default.settings_dict,
        "TEST": {**default.settings_dict["TEST"], "MIRROR": "default"},
    }
    mirror = connections.create_connection(REPLICA)
    mirror.connection = default.connection
    connections[REPLICA] = mirror
    yield mirror
    mirror.connection = None  # the default's: never closed through the mirror
    del connections[REPLICA]
    del connections.settings[REPLICA]


@contextmanager
def queries_by_alias():
    """(primary, replica): the SQL each alias ran inside the block."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        yield primary, replica


def sql(captured) -> str:
    return "\n".join(query["sql"] for query in captured.captured_queries)


@pytest.fixture
def listing(db):
    return ListingFactory(title="Walnut side table")


def test_visitor_item_page_reads_the_listing_from_the_replica(client, replica, listing):
    with queries_by_alias() as (primary, replica_queries):
        response = client.get(listing.get_absolute_url())

    assert response.status_code == 200
    assert "Walnut side table" in response.content.decode()
    assert LISTING_TABLE in sql(replica_queries)
    assert LISTING_TABLE not in sql(primary)


@pytest.mark.parametrize("page", ["search", "category"])
def test_search_and_browse_read_from_the_replica(client, replica, listing, page):
    url = (
        reverse("listings:category", args=[listing.category.slug])
        if page == "category"
        else reverse("listings:search")
    )
    with queries_by_alias() as (primary, replica_queries):
        response = client.get(url)

    assert response.status_code == 200
    assert "Walnut side table" in response.content.decode()
    assert LISTING_TABLE in sql(replica_queries)
    assert LISTING_TABLE not in sql(primary)


def test_profile_reads_from_the_replica(client, replica, listing):
    with queries_by_alias() as (primary, replica_queries):
        response = client.get(
            reverse("accounts:profile", args=[listing.seller.username])
        )

    assert response.status_code == 200
    assert "Walnut side table" in response.content.decode()
    assert LISTING_TABLE in sql(replica_queries)
    assert LISTING_TABLE not in sql(primary)


def test_the_viewer_comes_from_the_primary(client, replica, listing):
    member = UserFactory()
    client.force_login(member)

    with queries_by_alias() as (primary, replica_queries):
        response = client.get(listing.get_absolute_url())

    assert response.status_code == 200
    assert "django_session" in sql(primary)
    assert "django_session" not in sql(replica_queries)
    assert LISTING_TABLE in sql(replica_queries)


def test_the_viewer_is_loaded_from_the_primary_before_the_view(
    client, replica, settings
):
    member = UserFactory()
    client.force_login(member)
    request = RequestFactory().get("/")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore(
        client.session.session_key
    )
    request.user = SimpleLazyObject(lambda: get_user(request))

    @reads_from_replica
    def view(request):
        return HttpResponse(request.user.username)

    with queries_by_alias() as (primary, replica_queries):
        response = view(request)

    assert response.content.decode() == member.username
    assert "django_session" in sql(primary)
    assert get_user_model()._meta.db_table in sql(primary)
    assert replica_queries.captured_queries == []


def test_a_writer_reads_from_the_primary_for_the_window(client, replica, settings):
    settings.SHARED_MAX_SECONDS = 0
    settings.PAGE_CACHE_SECONDS = 0
    settings.REPLICA_FRESH_SECONDS = 7
    listing = ListingFactory()
    member = UserFactory()
    client.force_login(member)

    liked = client.post(reverse("discovery:like", args=[listing.pk]))
    assert liked.status_code in (200, 302)
    assert Like.objects.filter(user=member, listing=listing).exists()
    assert liked.cookies[FRESH_COOKIE]["max-age"] == 8

    with queries_by_alias() as (primary, replica_queries):
        for url in (
            listing.get_absolute_url(),
            reverse("listings:search"),
            reverse("accounts:profile", args=[listing.seller.username]),
        ):
            assert client.get(url).status_code == 200

    assert replica_queries.captured_queries == []
    assert LISTING_TABLE in sql(primary)


def test_no_window_cookie_without_a_replica_or_a_cache(client, settings, db):
    settings.SHARED_MAX_SECONDS = 0
    settings.PAGE_CACHE_SECONDS = 0
    settings.DATABASE_REPLICA_URL = ""
    listing = ListingFactory()
    client.force_login(UserFactory())

    liked = client.post(reverse("discovery:like", args=[listing.pk]))

    assert FRESH_COOKIE not in liked.cookies


def test_other_pages_never_read_from_the_replica(client, replica, listing):
    client.force_login(listing.seller)

    with queries_by_alias() as (primary, replica_queries):
        for url in (reverse("home"), reverse("listings:selling")):
            assert client.get(url).status_code == 200

    assert replica_queries.captured_queries == []
    assert LISTING_TABLE in sql(primary)


def count_listings_view(request):
    """Reads before and after what a view may do in the middle."""
    before = Listing.objects.all().db
    if request.GET.get("write"):
        mark_written(request)
    with transaction.atomic():
        in_transaction = Listing.objects.all().db
    after = Listing.objects.all().db
    Listing.objects.count()
    return HttpResponse(f"{before} {in_transaction} {after}")


def test_reads_in_a_transaction_use_the_primary(replica, listing):
    view = reads_from_replica(count_listings_view)

    response = view(RequestFactory().get("/"))

    assert response.content.decode() == "replica default replica"


def test_a_get_that_writes_reads_from_the_primary_from_then_on(replica, listing):
    view = reads_from_replica(count_listings_view)

    response = view(RequestFactory().get("/", {"write": "1"}))

    assert response.content.decode() == "replica default default"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_unsafe_requests_read_from_the_primary(replica, listing, method):
    view = reads_from_replica(count_listings_view)

    with queries_by_alias() as (_, replica_queries):
        response = view(getattr(RequestFactory(), method)("/"))

    assert response.content.decode() == "default default default"
    assert replica_queries.captured_queries == []


def test_fresh_cookie_reads_from_the_primary(replica, listing):
    request = RequestFactory().get("/")
    request.COOKIES[FRESH_COOKIE] = "1"

    response = reads_from_replica(count_listings_view)(request)

    assert response.content.decode() == "default default default"


def test_writes_go_to_the_primary_whatever_a_row_was_read_from(replica, listing):
    @reads_from_replica
    def view(request):
        row = Listing.objects.get(pk=listing.pk)
        return HttpResponse(
            f"{row._state.db} {router.db_for_write(Listing, instance=row)} "
            f"{router.db_for_read(Listing, instance=row)}"
        )

    response = view(RequestFactory().get("/"))

    assert response.content.decode() == "replica default replica"
    # Outside the view, a row read from the replica reads and saves on the primary.
    row = Listing.objects.using(REPLICA).get(pk=listing.pk)
    assert router.db_for_read(Listing, instance=row) == "default"
    assert router.db_for_write(Listing, instance=row) == "default"


def test_without_a_replica_everything_reads_from_the_primary(client, settings, db):
    settings.DATABASE_ROUTERS = [ROUTER]
    listing = ListingFactory()
    assert REPLICA not in connections.settings

    response = reads_from_replica(count_listings_view)(RequestFactory().get("/"))

    assert response.content.decode() == "default default default"
    assert client.get(listing.get_absolute_url()).status_code == 200


def test_an_unreachable_replica_sends_reads_to_the_primary(
    client, replica, listing, monkeypatch
):
    attempts = []

    def refuse():
        attempts.append(1)
        raise OperationalError(2003, "Can't connect to server on '127.0.0.1'")

    replica.connection = None
    monkeypatch.setattr(replica, "ensure_connection", refuse)

    with CaptureQueriesContext(connections["default"]) as primary:
        first = client.get(listing.get_absolute_url())
        second = client.get(reverse("listings:search"))

    assert first.status_code == 200
    assert second.status_code == 200
    assert "Walnut side table" in second.content.decode()
    assert LISTING_TABLE in sql(primary)
    # Left alone for REPLICA_RETRY_SECONDS after the first refusal.
    assert len(attempts) == 1


def test_a_row_missing_on_the_replica_is_asked_of_the_primary(replica, listing):
    calls = []

    @reads_from_replica
    def view(request):
        alias = Listing.objects.all().db
        calls.append(alias)
        if alias == REPLICA:
            raise Http404  # not replicated yet
        return HttpResponse("found")

    response = view(RequestFactory().get("/"))

    assert response.content.decode() == "found"
    assert calls == [REPLICA, "default"]


def test_a_replica_lost_mid_page_reruns_on_the_primary(replica, listing, monkeypatch):
    monkeypatch.setattr(replica, "is_usable", lambda: False)
    monkeypatch.setattr(replica, "close", lambda: None)
    calls = []

    @reads_from_replica
    def view(request):
        alias = Listing.objects.all().db
        calls.append(alias)
        if alias == REPLICA:
            raise OperationalError(2013, "Lost connection to server during query")
        return HttpResponse("served")

    response = view(RequestFactory().get("/"))

    assert response.content.decode() == "served"
    assert calls == [REPLICA, "default"]


def test_a_primary_error_is_not_hidden(replica, listing):
    @reads_from_replica
    def view(request):
        raise OperationalError(1205, "Lock wait timeout exceeded")

    with pytest.raises(OperationalError):
        view(RequestFactory().get("/"))


def test_the_replica_is_never_migrated():
    assert db_router.PrimaryReplicaRouter().allow_migrate(REPLICA, "listings") is False
    assert db_router.PrimaryReplicaRouter().allow_migrate("default", "listings") is None
