"""A gateway failure after a sale commits never undoes it or answers a 500.

The sale stands: the buyer lands on the order page (the payment shown as
being processed), the failure is logged, and process_deadlines captures the
payment and voids the other offers' holds once the gateway answers again.
A checkout or offer form whose authorization was voided (another buyer won
the item) is not replayed later: the buyer confirms again under a new key.
"""

import io
import re
import uuid

import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from listings.models import Listing
from orders import services
from orders.models import GatewayCall, Offer, OfferSettings, Order
from orders.payments.sandbox import SandboxGateway
from tests.factories import (
    CARD_FORM,
    GOOD_CARD,
    NEW_ADDRESS_FORM,
    ListingFactory,
    UserFactory,
    buy,
    card,
    offer,
    pay_post,
)
from tests.orders.servicepatch import patch_services

pytestmark = pytest.mark.django_db


def unreachable(*args, **kwargs):
    raise ConnectionError("gateway unreachable")


@pytest.fixture
def capture_down(monkeypatch):
    monkeypatch.setattr(SandboxGateway, "capture", unreachable)
    return monkeypatch


@pytest.fixture
def void_down(monkeypatch):
    monkeypatch.setattr(SandboxGateway, "void", unreachable)
    return monkeypatch


@pytest.fixture
def listing():
    return ListingFactory(title="Brass desk lamp", price_cents=2500)


def browser(member) -> Client:
    """A logged-in browser: a server error is a 500 response, not an exception."""
    client = Client(raise_request_exception=False)
    client.force_login(member)
    return client


def checkout(client, listing, key=None):
    return pay_post(
        client,
        reverse("orders:checkout", args=[listing.pk]),
        {
            "idempotency_key": key or uuid.uuid4().hex,
            "expected_total_cents": services.quote_for(listing).total_cents,
            **NEW_ADDRESS_FORM,
            **CARD_FORM,
        },
    )


def calls(kind: str, reference: str):
    return GatewayCall.objects.filter(kind=kind, reference=reference)


def reconciled() -> bool:
    out = io.StringIO()
    try:
        call_command("reconcile_ledger", stdout=out)
    except Exception:
        return False
    return "Reconciled: no differences." in out.getvalue()


def assert_captured_later(order: Order) -> None:
    """Pending now; process_deadlines captures it once the gateway is back."""
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and not order.payment_captured
    assert not reconciled()
    call_command("process_deadlines", stdout=io.StringIO())
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and order.payment_captured
    assert calls("capture", order.payment_reference).get().status == "captured"
    assert reconciled()


# --- Capture fails after the sale committed --------------------------------------


def test_checkout_whose_capture_fails_lands_on_the_order_page(
    capture_down, listing, caplog
):
    buyer = UserFactory()
    client = browser(buyer)

    response = checkout(client, listing)

    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == order.get_absolute_url()
    assert Listing.objects.get(pk=listing.pk).status == Listing.Status.SOLD
    assert f"Capture of order {order.pk} failed" in caplog.text
    page = client.get(order.get_absolute_url()).content.decode()
    assert "being processed" in page.lower()

    capture_down.undo()
    assert_captured_later(order)
    assert "being processed" not in (
        client.get(order.get_absolute_url()).content.decode().lower()
    )


def test_seller_acceptance_whose_capture_fails_stands(capture_down, listing):
    pending = offer(listing=listing, amount_cents=2000)

    response = browser(listing.seller).post(
        reverse("orders:offer-accept", args=[pending.pk])
    )

    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == order.get_absolute_url()
    pending.refresh_from_db()
    assert pending.status == Offer.Status.ACCEPTED

    capture_down.undo()
    assert_captured_later(order)


def test_counter_acceptance_whose_capture_fails_stands(capture_down, listing):
    pending = offer(listing=listing, amount_cents=2000)
    original_reference = pending.payment.reference
    countered = services.counter_offer(
        offer=pending, seller=listing.seller, counter_cents=2200
    )

    response = pay_post(
        browser(countered.buyer),
        reverse("orders:counter-accept", args=[countered.pk]),
        {
            "idempotency_key": uuid.uuid4().hex,
            "card_number": GOOD_CARD,
            "expiry": "12/30",
            "cvc": "123",
        },
    )

    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == order.get_absolute_url()

    capture_down.undo()
    assert_captured_later(order)
    # The original offer's authorization was released when the counter's took over.
    assert calls("void", original_reference).get().status == "voided"


def test_auto_accepted_offer_whose_capture_fails_stands(capture_down, listing):
    OfferSettings.objects.create(listing=listing, auto_accept_cents=2000)
    buyer = UserFactory()

    response = pay_post(
        browser(buyer),
        reverse("orders:offer-new", args=[listing.pk]),
        {
            "idempotency_key": uuid.uuid4().hex,
            "amount": "21",
            **NEW_ADDRESS_FORM,
            **CARD_FORM,
        },
    )

    assert response.status_code == 302
    order = Order.objects.get()
    assert order.buyer == buyer

    capture_down.undo()
    assert_captured_later(order)


# --- Voiding the other offers fails after the sale committed ---------------------


def test_sale_whose_other_offer_void_fails_stands(void_down, listing):
    other = offer(listing=listing, amount_cents=2000)
    client = browser(UserFactory())

    response = checkout(client, listing)

    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == order.get_absolute_url()
    order.refresh_from_db()
    assert order.payment_captured
    other.refresh_from_db()
    assert other.status == Offer.Status.DECLINED and not other.released
    assert not calls("void", other.payment_reference).exists()

    void_down.undo()
    call_command("process_deadlines", stdout=io.StringIO())
    other.refresh_from_db()
    assert other.released
    assert calls("void", other.payment_reference).get().status == "voided"
    assert reconciled()


def test_process_deadlines_goes_on_past_a_capture_that_fails(capture_down):
    first = buy(ListingFactory(price_cents=1500))
    second = buy(ListingFactory(price_cents=1700))

    call_command("process_deadlines", stdout=io.StringIO())

    for order in (first, second):
        order.refresh_from_db()
        assert not order.payment_captured
    capture_down.undo()
    call_command("process_deadlines", stdout=io.StringIO())
    for order in (first, second):
        order.refresh_from_db()
        assert order.payment_captured
    assert reconciled()


# --- A form whose authorization was voided is not replayed ------------------------


def key_on_page(response) -> str:
    match = re.search(
        r'name="idempotency_key" value="([^"]+)"', response.content.decode()
    )
    assert match
    return match.group(1)


def test_checkout_key_voided_after_a_lost_claim_asks_to_confirm_again(
    monkeypatch, listing
):
    """Another buyer wins between our authorize and our claim; the winner's order
    is cancelled later and the item is back on sale at the same total; our
    form, sent again, must not replay the voided authorization."""
    buyer = UserFactory()
    client = browser(buyer)
    authorize = services.settlement._authorize
    winner = []

    def another_buyer_wins(**kwargs):
        result = authorize(**kwargs)
        if kwargs["key"].startswith(f"checkout:{buyer.pk}:") and not winner:
            winner.append(buy(listing))
        return result

    patch_services(monkeypatch, "_authorize", another_buyer_wins)
    key = uuid.uuid4().hex

    lost = checkout(client, listing, key)

    assert lost.status_code == 409
    assert "This item was just sold" in lost.content.decode()
    voided = GatewayCall.objects.get(
        kind="authorize", idempotency_key=f"checkout:{buyer.pk}:{key}"
    )
    assert calls("void", voided.reference).get().status == "voided"
    monkeypatch.undo()
    # While sold, the same form shows the sold page.
    assert "This item was just sold" in checkout(client, listing, key).content.decode()

    won = winner[0]
    services.cancel_order(order=won, user=won.seller, reason="Broke it.")
    assert Listing.objects.get(pk=listing.pk).status == Listing.Status.ON_SALE

    again = checkout(client, listing, key)

    assert again.status_code == 409
    assert "confirm again" in again.content.decode()
    assert not Order.objects.filter(buyer=buyer).exists()
    fresh = key_on_page(again)
    assert fresh != key

    confirmed = checkout(client, listing, fresh)

    order = Order.objects.get(buyer=buyer)
    assert confirmed.status_code == 302
    assert order.status == Order.Status.PAID and order.payment_captured
    assert order.payment_reference != voided.reference
    assert reconciled()


def test_offer_key_voided_after_a_failure_asks_to_confirm_again(monkeypatch, listing):
    buyer = UserFactory()
    client = browser(buyer)
    form = {
        "idempotency_key": uuid.uuid4().hex,
        "amount": "20",
        **NEW_ADDRESS_FORM,
        **CARD_FORM,
    }
    create = Offer.objects.create
    failed = []

    def fails_once(**kwargs):
        if not failed:
            failed.append(True)
            raise DatabaseError("connection lost")
        return create(**kwargs)

    monkeypatch.setattr(Offer.objects, "create", fails_once)
    url = reverse("orders:offer-new", args=[listing.pk])

    first = pay_post(client, url, form)

    assert first.status_code == 503
    auth = GatewayCall.objects.get(kind="authorize")
    assert calls("void", auth.reference).get().status == "voided"

    again = pay_post(client, url, form)

    assert again.status_code == 409
    assert "confirm again" in again.content.decode()
    assert not Offer.objects.exists()
    fresh = key_on_page(again)
    assert fresh != form["idempotency_key"]

    made = pay_post(client, url, {**form, "idempotency_key": fresh})

    assert made.status_code == 302
    sent = Offer.objects.get()
    assert sent.status == Offer.Status.PENDING
    assert sent.payment_reference != auth.reference
    assert not calls("void", sent.payment_reference).exists()


def test_gateway_says_when_it_replays_and_whether_a_hold_is_open():
    gateway = SandboxGateway()

    def pay(**kwargs):
        token = gateway.tokenize(card(), customer_id=1)
        return gateway.authorize(token=token, customer_id=1, **kwargs)

    first = pay(amount_cents=1200, idempotency_key="a")
    again = pay(amount_cents=1200, idempotency_key="a")

    assert not first.replayed and again.replayed
    assert again == first
    assert gateway.authorization_open(reference=first.reference)
    gateway.void(reference=first.reference, idempotency_key="a:void")
    assert not gateway.authorization_open(reference=first.reference)
    assert not gateway.authorization_open(reference="sbx_unknown")
