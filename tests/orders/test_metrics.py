"""Business counters: each counts once its transaction commits, never on a rollback."""

import uuid

import pytest
from django.db import transaction
from prometheus_client import REGISTRY

from orders.exceptions import PaymentDeclined
from orders.payments import get_gateway
from orders.services import (
    accept_offer,
    cancel_order,
    capture_order,
    withdraw_balance,
)
from tests.factories import (
    DECLINED_CARD,
    ListingFactory,
    UserFactory,
    balance_payment,
    buy,
    card_payment,
    completed,
    offer,
)
from tests.orders.servicepatch import patch_services

pytestmark = pytest.mark.django_db


def value(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


class Counts:
    """The counters' values now, and how much each moved since."""

    NAMES = {
        "orders_checkout": ("nomi_orders_created_total", {"via": "checkout"}),
        "orders_offer": ("nomi_orders_created_total", {"via": "offer"}),
        "captures_card": ("nomi_payment_captures_total", {"method": "card"}),
        "captures_balance": ("nomi_payment_captures_total", {"method": "balance"}),
        "declines_authorize": ("nomi_payment_declines_total", {"stage": "authorize"}),
        "declines_capture": ("nomi_payment_declines_total", {"stage": "capture"}),
        "refunds_card": ("nomi_refunds_total", {"method": "card"}),
        "refunds_balance": ("nomi_refunds_total", {"method": "balance"}),
        "payouts": ("nomi_payouts_total", {}),
    }

    def __init__(self):
        self.start = self.now()

    def now(self) -> dict:
        return {
            key: value(name, **labels) for key, (name, labels) in self.NAMES.items()
        }

    def moved(self) -> dict:
        """The counters that moved, with how much."""
        now = self.now()
        return {
            key: now[key] - self.start[key]
            for key in now
            if now[key] != self.start[key]
        }


class Rollback(Exception):
    pass


def test_a_purchase_counts_an_order_and_a_capture_after_commit(
    django_capture_on_commit_callbacks,
):
    counts = Counts()
    with django_capture_on_commit_callbacks() as callbacks:
        buy()

    assert counts.moved() == {}
    for callback in callbacks:
        callback()
    assert counts.moved() == {"orders_checkout": 1, "captures_card": 1}


def test_a_rolled_back_purchase_counts_nothing(django_capture_on_commit_callbacks):
    counts = Counts()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        buy()
        raise Rollback

    assert counts.moved() == {}


def test_an_accepted_offer_paid_from_the_balance_counts_a_balance_capture(on_commit):
    buyer = UserFactory()
    completed(buy(ListingFactory(seller=buyer, price_cents=10_000)))
    listing = ListingFactory(price_cents=2_000)
    made = offer(listing, buyer=buyer, payment=balance_payment())
    counts = Counts()

    with on_commit():
        accept_offer(offer=made, seller=listing.seller)

    assert counts.moved() == {"orders_offer": 1, "captures_balance": 1}


def test_a_declined_card_counts_at_once():
    buyer = UserFactory()
    counts = Counts()

    with pytest.raises(PaymentDeclined):
        buy(buyer=buyer, payment=card_payment(DECLINED_CARD, member=buyer))

    assert counts.moved() == {"declines_authorize": 1}


def test_a_refused_capture_counts_a_decline_after_commit(
    monkeypatch, django_capture_on_commit_callbacks
):
    with monkeypatch.context() as patch:
        patch_services(patch, "capture_order", lambda order: order)
        order = buy()
    # The authorization lapsed meanwhile: the capture is refused.
    get_gateway().void(reference=order.payment_reference, idempotency_key="lapsed")
    counts = Counts()

    with django_capture_on_commit_callbacks() as callbacks:
        capture_order(order)
    assert counts.moved() == {}
    for callback in callbacks:
        callback()

    assert counts.moved() == {"declines_capture": 1}


def test_a_cancelled_card_order_counts_a_refund_after_commit(
    django_capture_on_commit_callbacks,
):
    order = buy()
    counts = Counts()

    with django_capture_on_commit_callbacks() as callbacks:
        cancel_order(order=order, user=order.seller, reason="Broke it packing.")
    assert counts.moved() == {}
    for callback in callbacks:
        callback()

    assert counts.moved() == {"refunds_card": 1}


def test_a_withdrawal_counts_a_payout_after_commit(django_capture_on_commit_callbacks):
    seller = UserFactory()
    completed(buy(ListingFactory(seller=seller, price_cents=10_000)))
    counts = Counts()

    with django_capture_on_commit_callbacks() as callbacks:
        withdraw_balance(
            member=seller,
            amount_cents=1_000,
            routing_number="011000015",
            account_number="000123456789",
            idempotency_key=str(uuid.uuid4()),
        )
    assert counts.moved() == {}
    for callback in callbacks:
        callback()

    assert counts.moved() == {"payouts": 1}


def test_a_rolled_back_withdrawal_counts_nothing(django_capture_on_commit_callbacks):
    seller = UserFactory()
    completed(buy(ListingFactory(seller=seller, price_cents=10_000)))
    counts = Counts()

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        withdraw_balance(
            member=seller,
            amount_cents=1_000,
            routing_number="011000015",
            account_number="000123456789",
            idempotency_key=str(uuid.uuid4()),
        )
        raise Rollback

    assert counts.moved() == {}
