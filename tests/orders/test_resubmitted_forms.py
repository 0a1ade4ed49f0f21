"""A checkout or offer form submitted again after its amount changed.

The gateway refuses to reuse an idempotency key for a different amount. A
Back-button resubmit after a price change (or after a declined card) must not
hit that refusal as a 500: the page comes back with a new key and the new
total to confirm, and the next confirmation buys the item once.
"""

import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from listings.models import Listing
from orders.exceptions import PaymentDeclined, StaleAttempt
from orders.models import GatewayCall, Offer, Order
from orders.services import purchase_listing, quote_for
from tests.factories import (
    CARD_FORM,
    DECLINED_CARD,
    GOOD_CARD,
    NEW_ADDRESS_FORM,
    ListingFactory,
    card_payment,
    pay_post,
    shipping_address,
)

pytestmark = pytest.mark.django_db


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no hidden {name} in the page"
    return match[1]


@pytest.fixture
def listing(db):
    return ListingFactory(title="Brass desk lamp", price_cents=2500)


@pytest.fixture
def shopper(buyer):
    """The test client that answers 500 instead of raising, as a browser sees it."""
    client = Client(raise_request_exception=False)
    client.force_login(buyer)
    return client


def checkout_url(listing) -> str:
    return reverse("orders:checkout", args=[listing.pk])


def change_price(listing, price_cents: int) -> int:
    Listing.objects.filter(pk=listing.pk).update(price_cents=price_cents)
    listing.refresh_from_db()
    return quote_for(listing).total_cents


def test_back_button_resubmit_after_a_decline_and_a_price_change(shopper, listing):
    """Declined at $25 with key K; the price rises; the earlier form is sent again."""
    page = shopper.get(checkout_url(listing)).content.decode()
    earlier = {
        "idempotency_key": hidden(page, "idempotency_key"),
        "expected_total_cents": hidden(page, "expected_total_cents"),
        **NEW_ADDRESS_FORM,
        **CARD_FORM,
    }
    declined = pay_post(
        shopper, checkout_url(listing), {**earlier, "card_number": DECLINED_CARD}
    )
    assert declined.status_code == 400
    new_total = change_price(listing, 3000)

    # The earlier form again: its total is stale, its key was spent on $25.
    resubmit = pay_post(shopper, checkout_url(listing), earlier)
    page = resubmit.content.decode()
    assert resubmit.status_code == 409
    assert "The total changed to $34.99" in page
    assert hidden(page, "expected_total_cents") == str(new_total)
    key = hidden(page, "idempotency_key")
    assert key != earlier["idempotency_key"]

    # The earlier key with the new total (the form edited, or a stale page).
    reused = pay_post(
        shopper, checkout_url(listing), {**earlier, "expected_total_cents": new_total}
    )
    page = reused.content.decode()
    assert reused.status_code == 409
    assert "Review the total and confirm again" in page
    assert hidden(page, "idempotency_key") != earlier["idempotency_key"]
    assert hidden(page, "expected_total_cents") == str(new_total)
    assert not Order.objects.exists()

    confirmed = pay_post(
        shopper,
        checkout_url(listing),
        {**earlier, "idempotency_key": key, "expected_total_cents": new_total},
    )
    assert confirmed.status_code == 302
    order = Order.objects.get()
    assert order.total_cents == new_total
    assert GatewayCall.objects.filter(kind="capture").count() == 1


def test_the_service_refuses_a_key_reused_for_another_total(buyer, listing):
    key = uuid.uuid4().hex
    with pytest.raises(PaymentDeclined):
        purchase_listing(
            listing=listing,
            buyer=buyer,
            address=shipping_address(),
            payment=card_payment(DECLINED_CARD, member=buyer),
            idempotency_key=key,
            expected_total_cents=quote_for(listing).total_cents,
        )
    new_total = change_price(listing, 3000)

    with pytest.raises(StaleAttempt, match="Review the total and confirm again"):
        purchase_listing(
            listing=listing,
            buyer=buyer,
            address=shipping_address(),
            payment=card_payment(GOOD_CARD, member=buyer),
            idempotency_key=key,
            expected_total_cents=new_total,
        )
    assert not Order.objects.exists()


def test_offer_form_resubmitted_with_another_amount_gets_a_new_key(shopper, listing):
    data = {
        "idempotency_key": uuid.uuid4().hex,
        "amount": "20.00",
        **NEW_ADDRESS_FORM,
        **CARD_FORM,
    }
    declined = pay_post(
        shopper,
        reverse("orders:offer-new", args=[listing.pk]),
        {**data, "card_number": DECLINED_CARD},
    )
    assert declined.status_code == 400

    reused = pay_post(
        shopper,
        reverse("orders:offer-new", args=[listing.pk]),
        {**data, "amount": "21.00"},
    )

    page = reused.content.decode()
    assert reused.status_code == 409
    assert "Review the total and confirm again" in page
    key = hidden(page, "idempotency_key")
    assert key != data["idempotency_key"]
    assert not Offer.objects.exists()
    again = pay_post(
        shopper,
        reverse("orders:offer-new", args=[listing.pk]),
        {**data, "amount": "21.00", "idempotency_key": key},
    )
    assert again.status_code == 302
    assert Offer.objects.get().amount_cents == 2100
