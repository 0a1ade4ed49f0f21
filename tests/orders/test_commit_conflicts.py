"""Transactions that lose at COMMIT run again, whole (marketplace/retry.py).

On a Galera cluster a write that conflicts with one committed on another node
is not made to wait for a lock: its transaction is rolled back when it
commits, with error 1213 (docs/galera.md). These tests make one COMMIT fail so
on any database: the service must run its transaction again and end as if
nothing had happened, or, when the item went to another buyer meanwhile, show
the sold page and void the card authorization.

They commit for real (transaction=True): a COMMIT only exists outside a test
transaction.
"""

import uuid

import pytest
from django.db import OperationalError, connection, transaction
from django.test import Client
from django.urls import reverse

from discovery.models import Like
from discovery.services import like_listing
from listings.models import Listing
from listings.services import change_listing_status
from marketplace import retry
from orders import ledger
from orders.models import GatewayCall, LedgerEntry, Order
from orders.services import quote_for, sale
from tests.factories import (
    CARD_FORM,
    NEW_ADDRESS_FORM,
    ListingFactory,
    UserFactory,
    buy,
    pay_post,
)
from tests.orders.servicepatch import patch_services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _catalogue(catalogue):
    """Transactional tests flush the seeded categories; seed them again."""


@pytest.fixture(autouse=True)
def _no_pause(monkeypatch):
    monkeypatch.setattr(retry.time, "sleep", lambda seconds: None)


def conflict() -> OperationalError:
    """What Galera answers a COMMIT that lost its certification."""
    return OperationalError(1213, "Deadlock found when trying to get lock")


class LoseCommit:
    """Fail the COMMIT of the next `times` transactions that called `target`.

    `wrap(owner, name)` arms it whenever owner.name is called (and `when`
    holds for its arguments); `calls` counts those calls.
    """

    def __init__(self, monkeypatch, times: int = 1):
        self.monkeypatch = monkeypatch
        self.times = times
        self.armed = False
        self.calls = 0
        self.failed = 0
        commit = connection.commit

        def failing_commit(*args, **kwargs):
            if self.armed and self.failed < self.times:
                self.armed = False
                self.failed += 1
                raise conflict()
            self.armed = False
            return commit(*args, **kwargs)

        monkeypatch.setattr(connection, "commit", failing_commit)

    def wrap(self, owner, name: str, when=lambda *args, **kwargs: True):
        original = getattr(owner, name)

        def armed(*args, **kwargs):
            if when(*args, **kwargs):
                self.calls += 1
                self.armed = True
            return original(*args, **kwargs)

        self.monkeypatch.setattr(owner, name, armed)
        return armed


def movements(kind: str, order: Order) -> int:
    return (
        LedgerEntry.objects.filter(kind=kind, order=order)
        .values("movement")
        .distinct()
        .count()
    )


def test_a_capture_whose_escrow_credit_loses_at_commit_runs_again(monkeypatch):
    lose = LoseCommit(monkeypatch)
    lose.wrap(
        ledger,
        "post_movement",
        when=lambda **kwargs: kwargs.get("kind") == LedgerEntry.Kind.CAPTURE,
    )

    order = buy()

    order.refresh_from_db()
    assert (lose.failed, lose.calls) == (1, 2)
    assert order.payment_captured
    assert movements(LedgerEntry.Kind.CAPTURE, order) == 1
    captures = GatewayCall.objects.filter(
        kind="capture", reference=order.payment_reference
    )
    assert list(captures.values_list("status", flat=True)) == ["captured"]


def test_a_gateway_call_that_loses_at_commit_runs_again(monkeypatch):
    lose = LoseCommit(monkeypatch)
    lose.wrap(
        GatewayCall.objects, "create", when=lambda **kwargs: kwargs["kind"] == "capture"
    )

    order = buy()

    order.refresh_from_db()
    assert (lose.failed, lose.calls) == (1, 2)
    assert order.payment_captured
    assert GatewayCall.objects.filter(kind="capture").count() == 1


def test_a_checkout_that_loses_at_commit_to_a_sale_elsewhere_shows_sold_and_voids(
    monkeypatch,
):
    """Two nodes: our claim fails certification because another node's buyer
    claimed the item first; the retry finds it sold."""
    listing = ListingFactory(price_cents=2500)
    lose = LoseCommit(monkeypatch)
    patch_services(monkeypatch, "_open_order", lose.wrap(sale, "_open_order"))

    def the_other_node_sold_it(seconds):
        Listing.objects.filter(pk=listing.pk).update(status=Listing.Status.SOLD)

    monkeypatch.setattr(retry.time, "sleep", the_other_node_sold_it)
    shopper = UserFactory()
    client = Client(raise_request_exception=False)
    client.force_login(shopper)

    response = pay_post(
        client,
        reverse("orders:checkout", args=[listing.pk]),
        {
            "idempotency_key": uuid.uuid4().hex,
            "expected_total_cents": quote_for(listing).total_cents,
            **NEW_ADDRESS_FORM,
            **CARD_FORM,
        },
    )

    assert response.status_code == 409
    assert "This item was just sold" in response.content.decode()
    assert lose.failed == 1
    assert not Order.objects.exists()
    auth = GatewayCall.objects.get(kind="authorize")
    voids = GatewayCall.objects.filter(kind="void", reference=auth.reference)
    assert list(voids.values_list("status", flat=True)) == ["voided"]


def test_a_like_that_loses_at_commit_counts_once(monkeypatch):
    import discovery.services

    listing = ListingFactory()
    member = UserFactory()
    lose = LoseCommit(monkeypatch)
    lose.wrap(discovery.services, "count_like")

    assert like_listing(user=member, listing=listing) is True

    assert (lose.failed, lose.calls) == (1, 2)
    assert Like.objects.filter(listing=listing).count() == 1
    assert Listing.objects.get(pk=listing.pk).like_count == 1


def test_a_pause_that_loses_at_commit_runs_again(monkeypatch):
    import listings.services

    listing = ListingFactory()
    lose = LoseCommit(monkeypatch)
    lose.wrap(listings.services, "_lock_listing_then_seller")

    change_listing_status(listing=listing, seller=listing.seller, status="paused")

    assert (lose.failed, lose.calls) == (1, 2)
    assert Listing.objects.get(pk=listing.pk).status == Listing.Status.PAUSED


def test_retries_stop_after_the_setting(monkeypatch, settings):
    import discovery.services

    settings.ORDER_TRANSACTION_ATTEMPTS = 3
    listing = ListingFactory()
    lose = LoseCommit(monkeypatch, times=99)
    lose.wrap(discovery.services, "count_like")

    with pytest.raises(OperationalError):
        like_listing(user=UserFactory(), listing=listing)

    assert lose.calls == 3
    assert not Like.objects.exists()
    assert Listing.objects.get(pk=listing.pk).like_count == 0


def test_every_balance_debit_writes_the_members_balance_lock_row():
    """The write that makes two debits on two Galera nodes conflict."""
    from orders.models import BalanceLock

    member = UserFactory()
    with transaction.atomic():
        ledger.lock_member(member)
    first = BalanceLock.objects.get(member=member).stamp
    with transaction.atomic():
        ledger.lock_member(member)

    assert BalanceLock.objects.get(member=member).stamp != first
    assert BalanceLock.objects.count() == 1
