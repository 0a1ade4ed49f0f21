"""Each offer endpoint answers for one party in one state, and no other.

The seller accepts, declines or counters a pending offer; the buyer accepts or
declines a counter. Any other party or state is refused with a message: no
order, no payment, no 500.
"""

import uuid

import pytest
from django.urls import reverse

from orders.exceptions import OrderError
from orders.models import GatewayCall, Offer, Order
from orders.services import (
    accept_counter,
    accept_offer,
    counter_offer,
    decline_counter,
    decline_offer,
)
from tests.factories import GOOD_CARD, ListingFactory, card_token, offer, pay_post

pytestmark = pytest.mark.django_db


def url(name: str, obj) -> str:
    return reverse(f"orders:{name}", args=[obj.pk])


def card_data() -> dict:
    return {
        "idempotency_key": uuid.uuid4().hex,
        "card_number": GOOD_CARD,
        "expiry": "12/30",
        "cvc": "123",
    }


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


@pytest.fixture
def listing(db):
    return ListingFactory(title="Brass desk lamp", price_cents=2500)


@pytest.fixture
def pending(listing, buyer):
    """A $20.00 card offer waiting for the seller."""
    return offer(listing=listing, buyer=buyer, amount_cents=2000)


@pytest.fixture
def countered(pending, listing):
    """The $20.00 offer countered at $22.00."""
    return counter_offer(offer=pending, seller=listing.seller, counter_cents=2200)


def money_moved() -> bool:
    return GatewayCall.objects.filter(kind__in=["capture", "void"]).exists()


@pytest.mark.parametrize("buyer_fee_percent", [0, 10])
def test_buyer_cannot_accept_their_own_counter_through_the_sellers_url(
    client, settings, buyer, countered, buyer_fee_percent
):
    settings.BUYER_FEE_PERCENT = buyer_fee_percent
    client.force_login(buyer)

    response = client.post(url("offer-accept", countered))

    assert response.status_code == 302
    assert response["Location"] == url("offer-detail", countered)
    assert messages_of(response) == [
        "Only the seller can accept, decline or counter an offer."
    ]
    countered.refresh_from_db()
    assert countered.status == Offer.Status.COUNTERED
    assert not Order.objects.exists()
    assert not money_moved()


@pytest.mark.parametrize(
    ("endpoint", "party", "state", "message"),
    [
        (
            "counter-decline",
            "seller",
            "pending",
            "Only the buyer can accept or decline a counter offer.",
        ),
        (
            "offer-decline",
            "buyer",
            "countered",
            "Only the seller can accept, decline or counter an offer.",
        ),
    ],
)
def test_nobody_declines_through_the_other_partys_decline(
    request, client, listing, buyer, endpoint, party, state, message
):
    the_offer = request.getfixturevalue(state)
    client.force_login(listing.seller if party == "seller" else buyer)

    response = client.post(url(endpoint, the_offer))

    assert response.status_code == 302
    assert messages_of(response) == [message]
    the_offer.refresh_from_db()
    assert the_offer.status == state and not the_offer.released
    assert not money_moved()


def test_seller_cannot_decline_their_counter_through_decline(
    client, listing, countered
):
    """The seller's endpoints answer a pending offer only; a counter is the buyer's."""
    client.force_login(listing.seller)

    response = client.post(url("offer-decline", countered))

    assert messages_of(response) == [
        "This offer is countered by the seller; it can no longer be answered that way."
    ]
    countered.refresh_from_db()
    assert countered.status == Offer.Status.COUNTERED


# Endpoint → (the party it belongs to, the state it answers, the state it makes).
ENDPOINTS = {
    "offer-accept": ("seller", "pending", "accepted"),
    "offer-decline": ("seller", "pending", "declined"),
    "offer-counter": ("seller", "pending", "countered"),
    "counter-accept": ("buyer", "countered", "accepted"),
    "counter-decline": ("buyer", "countered", "declined"),
}


def post_data(name: str) -> dict:
    if name == "offer-counter":
        return {"counter": "23"}
    if name == "counter-accept":
        return card_data()
    return {}


@pytest.mark.parametrize("state", ["pending", "countered"])
@pytest.mark.parametrize("party", ["seller", "buyer"])
@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_only_the_named_party_and_state_move_an_offer(
    client, listing, buyer, pending, name, party, state
):
    the_offer = pending
    if state == "countered":
        the_offer = counter_offer(
            offer=pending, seller=listing.seller, counter_cents=2200
        )
    client.force_login(listing.seller if party == "seller" else buyer)
    owner, from_state, to_state = ENDPOINTS[name]
    allowed = (party, state) == (owner, from_state)

    response = pay_post(client, url(name, the_offer), post_data(name))

    assert response.status_code < 500
    the_offer.refresh_from_db()
    if allowed:
        assert the_offer.status == to_state
        assert Order.objects.exists() == (to_state == "accepted")
    else:
        assert the_offer.status == state
        assert response.status_code in (302, 400)
        assert not Order.objects.exists()
        assert not money_moved()
        assert the_offer.counter_cents == (2200 if state == "countered" else None)


# --- The services refuse on their own, whatever the view does --------------------


def test_accept_offer_refuses_the_buyer_and_a_countered_offer(listing, countered):
    with pytest.raises(OrderError, match="Only the seller"):
        accept_offer(offer=countered, seller=countered.buyer)
    with pytest.raises(OrderError, match="countered by the seller"):
        accept_offer(offer=countered, seller=listing.seller)
    assert not Order.objects.exists()


def test_decline_offer_refuses_the_buyer(pending):
    with pytest.raises(OrderError, match="Only the seller"):
        decline_offer(offer=pending, seller=pending.buyer)
    pending.refresh_from_db()
    assert pending.status == Offer.Status.PENDING


def test_counter_services_refuse_the_seller_and_a_pending_offer(listing, pending):
    with pytest.raises(OrderError, match="Only the buyer"):
        decline_counter(offer=pending, buyer=listing.seller)
    with pytest.raises(OrderError, match="Only the buyer"):
        accept_counter(
            offer=pending,
            buyer=listing.seller,
            card_token=card_token(member=listing.seller),
        )
    with pytest.raises(OrderError):
        decline_counter(offer=pending, buyer=pending.buyer)
    pending.refresh_from_db()
    assert pending.status == Offer.Status.PENDING
    assert not GatewayCall.objects.filter(kind="void").exists()
