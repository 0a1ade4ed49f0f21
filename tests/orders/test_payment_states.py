"""Payment rows: one per authorization or balance hold, moved along TRANSITIONS."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from orders.models import Offer, Payment
from orders.payment_states import IllegalPaymentMove, move_payment
from orders.payments.sandbox import SandboxGateway
from orders.services import (
    accept_counter,
    cancel_order,
    counter_offer,
    decline_offer,
    retry_payments,
)
from tests.factories import (
    ListingFactory,
    UserFactory,
    balance_payment,
    buy,
    card_token,
    completed,
    offer,
)

pytestmark = pytest.mark.django_db
Status = Payment.Status
BEFORE = [("orders", "0007_payment")]
COMPARED = (
    "order_id",
    "offer_id",
    "payer_id",
    "method",
    "status",
    "authorized_cents",
    "captured_cents",
    "refunded_cents",
    "reference",
    "card_brand",
    "card_last4",
)


def test_every_move_goes_to_a_known_status_and_final_ones_go_nowhere():
    for source, targets in Payment.TRANSITIONS.items():
        assert source in Status.values
        assert targets <= set(Status.values)
        assert source not in targets
    for final in (Status.VOIDED, Status.REFUNDED):
        assert final not in Payment.TRANSITIONS


def test_an_illegal_move_is_refused_and_changes_nothing():
    payment = Payment.objects.get(order=buy())
    assert payment.status == Status.CAPTURED

    for illegal in (Status.AUTHORIZED, Status.VOIDED, Status.CAPTURE_PENDING):
        with pytest.raises(IllegalPaymentMove):
            move_payment(payment.pk, to=illegal)

    payment.refresh_from_db()
    assert payment.status == Status.CAPTURED


def test_a_card_order_is_captured_then_refunded_in_full():
    order = buy()
    cancel_order(order=order, user=order.seller, reason="Out of stock")

    payment = Payment.objects.get(order=order)
    assert payment.status == Status.REFUNDED
    assert payment.captured_cents == payment.refunded_cents == order.total_cents
    assert payment.idempotency_key == f"order:{order.pk}"
    assert (payment.card_brand, payment.card_last4) != ("", "")


def test_a_declined_offer_is_voided():
    made = offer()
    assert Payment.objects.get(offer=made).status == Status.AUTHORIZED

    decline_offer(offer=made, seller=made.listing.seller)

    assert Payment.objects.get(offer=made).status == Status.VOIDED


def test_an_accepted_counter_has_two_payments_the_replaced_one_voided():
    made = offer()
    countered = counter_offer(
        offer=made,
        seller=made.listing.seller,
        counter_cents=made.amount_cents + 100,
    )
    order = accept_counter(
        offer=countered, buyer=made.buyer, card_token=card_token(member=made.buyer)
    )

    replaced, paying = Payment.objects.filter(offer=made).order_by("id")
    assert (replaced.status, replaced.order_id) == (Status.VOIDED, None)
    assert (paying.status, paying.order_id) == (Status.CAPTURED, order.pk)
    assert paying.captured_cents == order.total_cents
    assert replaced.reference != paying.reference


def trades():
    """Orders and offers in every payment state the services reach."""
    cancel_order(order=(sold := buy()), user=sold.seller, reason="Out of stock")
    buy()
    funded = completed(buy(ListingFactory(price_cents=20000))).seller
    buy(ListingFactory(price_cents=1000), payment=balance_payment(), buyer=funded)
    decline_offer(offer=(declined := offer()), seller=declined.listing.seller)
    held = offer(
        ListingFactory(price_cents=1000), payment=balance_payment(), buyer=funded
    )
    decline_offer(offer=held, seller=held.listing.seller)
    offer(listing=ListingFactory(price_cents=5000))
    made = offer()
    countered = counter_offer(
        offer=made, seller=made.listing.seller, counter_cents=made.amount_cents + 100
    )
    accept_counter(
        offer=countered, buyer=made.buyer, card_token=card_token(member=made.buyer)
    )


def payment_rows():
    return sorted(Payment.objects.values_list(*COMPARED), key=str)


@pytest.mark.django_db(transaction=True)
def test_the_data_migration_makes_the_rows_the_services_make(catalogue):
    trades()
    made_by_services = payment_rows()
    assert len(made_by_services) == 9
    assert UserFactory._meta.model.objects.exists()

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    assert not Payment.objects.exists()
    executor.loader.build_graph()
    # Forward to the newest migration, so later tests find today's schema.
    latest = MigrationExecutor(connection)
    latest.migrate(latest.loader.graph.leaf_nodes("orders"))

    assert payment_rows() == made_by_services
    assert Offer.objects.filter(payments__isnull=True).count() == 0


def test_a_capture_without_answer_is_pending_until_retried(monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("gateway unreachable")

    monkeypatch.setattr(SandboxGateway, "capture", unreachable)
    order = buy()
    assert Payment.objects.get(order=order).status == Status.CAPTURE_PENDING

    monkeypatch.undo()
    retry_payments()

    payment = Payment.objects.get(order=order)
    assert (payment.status, payment.captured_cents) == (
        Status.CAPTURED,
        order.total_cents,
    )
