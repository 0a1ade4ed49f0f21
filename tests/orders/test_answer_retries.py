"""Answers to offers and order moves that lose a deadlock run again, never a 500.

Decline, counter, decline-counter, ship, confirm, cancel and rate each run in
a short transaction: one that loses a deadlock (1213) is rolled back whole and
runs again; one that loses on every attempt is a "try again" message.

These tests commit for real (transaction=True): the retry runs only outside
an outer transaction, as in a request.
"""

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from orders import services
from orders.models import GatewayCall, Offer, Order, OrderEvent, Rating
from tests.factories import ListingFactory, buy, completed, offer, shipped
from tests.orders.servicepatch import patch_services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _catalogue(catalogue):
    """Transactional tests flush the seeded categories; seed them again."""


def deadlock() -> OperationalError:
    return OperationalError(1213, "Deadlock found when trying to get lock")


def deadlock_first(monkeypatch, name: str, *, times: int = 1) -> list:
    """Make services.`name` raise a deadlock on its first `times` calls."""
    real = getattr(services.core, name)
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) <= times:
            raise deadlock()
        return real(*args, **kwargs)

    patch_services(monkeypatch, name, flaky)
    return calls


def browser(member) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(member)
    return client


@pytest.fixture
def pending():
    return offer(listing=ListingFactory(price_cents=2500), amount_cents=2000)


@pytest.fixture
def countered(pending):
    return services.counter_offer(
        offer=pending, seller=pending.listing.seller, counter_cents=2200
    )


def voids(reference: str):
    return GatewayCall.objects.filter(kind="void", reference=reference)


# --- Offers -------------------------------------------------------------------------


def test_decline_that_loses_a_deadlock_once_is_retried(monkeypatch, pending):
    calls = deadlock_first(monkeypatch, "_notify_offer")

    response = browser(pending.listing.seller).post(
        reverse("orders:offer-decline", args=[pending.pk])
    )

    assert response.status_code == 302
    assert len(calls) == 2
    pending.refresh_from_db()
    assert pending.status == Offer.Status.DECLINED and pending.released
    assert voids(pending.payment_reference).get().status == "voided"


def test_counter_that_loses_a_deadlock_once_is_retried(monkeypatch, pending):
    calls = deadlock_first(monkeypatch, "_notify_offer")

    response = browser(pending.listing.seller).post(
        reverse("orders:offer-counter", args=[pending.pk]), {"counter": "22"}
    )

    assert response.status_code == 302
    assert len(calls) == 2
    pending.refresh_from_db()
    assert pending.status == Offer.Status.COUNTERED
    assert pending.counter_cents == 2200


def test_decline_counter_that_loses_a_deadlock_once_is_retried(monkeypatch, countered):
    calls = deadlock_first(monkeypatch, "_notify_offer")

    response = browser(countered.buyer).post(
        reverse("orders:counter-decline", args=[countered.pk])
    )

    assert response.status_code == 302
    assert len(calls) == 2
    countered.refresh_from_db()
    assert countered.status == Offer.Status.DECLINED and countered.released
    assert voids(countered.payment_reference).get().status == "voided"


def test_decline_that_loses_every_attempt_says_try_again(
    monkeypatch, settings, pending
):
    settings.ORDER_TRANSACTION_ATTEMPTS = 2
    calls = deadlock_first(monkeypatch, "_notify_offer", times=99)
    client = browser(pending.listing.seller)

    response = client.post(
        reverse("orders:offer-decline", args=[pending.pk]), follow=True
    )

    assert response.status_code == 200
    assert "Try again" in response.content.decode()
    assert len(calls) == 2
    pending.refresh_from_db()
    assert pending.status == Offer.Status.PENDING and not pending.released
    assert not voids(pending.payment_reference).exists()


# --- Orders -------------------------------------------------------------------------


def test_ship_that_loses_a_deadlock_once_is_retried(monkeypatch):
    order = buy()
    calls = deadlock_first(monkeypatch, "_notify_order")

    response = browser(order.seller).post(
        reverse("orders:ship", args=[order.pk]),
        {"carrier": "usps", "tracking_number": "9400 1112"},
    )

    assert response.status_code == 302
    assert len(calls) == 2
    order.refresh_from_db()
    assert order.status == Order.Status.SHIPPED
    assert OrderEvent.objects.filter(order=order, to_status="shipped").count() == 1


def test_confirm_that_loses_a_deadlock_once_is_retried(monkeypatch):
    order = shipped(buy())
    calls = deadlock_first(monkeypatch, "_notify_order")

    response = browser(order.buyer).post(reverse("orders:confirm", args=[order.pk]))

    assert response.status_code == 302
    assert len(calls) == 2
    order.refresh_from_db()
    assert order.status == Order.Status.COMPLETED


def test_cancel_that_loses_a_deadlock_once_is_retried(monkeypatch):
    order = buy()
    calls = deadlock_first(monkeypatch, "_notify_order")

    response = browser(order.seller).post(
        reverse("orders:cancel", args=[order.pk]), {"reason": "Broke it."}
    )

    assert response.status_code == 302
    assert len(calls) == 2
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED and order.refunded


def test_rate_that_loses_a_deadlock_once_is_retried(monkeypatch):
    order = completed(buy())
    calls = deadlock_first(monkeypatch, "_notify")

    response = browser(order.buyer).post(
        reverse("orders:rate", args=[order.pk]), {"stars": "5", "comment": "Great."}
    )

    assert response.status_code == 302
    assert len(calls) == 2
    assert Rating.objects.get().stars == 5


def test_rate_that_loses_every_attempt_says_try_again(monkeypatch, settings):
    settings.ORDER_TRANSACTION_ATTEMPTS = 2
    order = completed(buy())
    deadlock_first(monkeypatch, "_notify", times=99)

    response = browser(order.buyer).post(
        reverse("orders:rate", args=[order.pk]),
        {"stars": "5", "comment": "Great."},
        follow=True,
    )

    assert response.status_code == 200
    assert "Try again" in response.content.decode()
    assert not Rating.objects.exists()
