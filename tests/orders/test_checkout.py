"""Checkout: /items/<id>/buy/ through the client — totals, payment, refusals, races."""

import re
import threading
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Address
from listings.models import Listing
from marketplace.templatetags.dates import day
from orders import ledger
from orders.models import GatewayCall, LedgerEntry, Offer, Order
from orders.services import quote_for
from tests.factories import (
    CARD_FORM,
    DECLINED_CARD,
    GOOD_CARD,
    NEW_ADDRESS_FORM,
    NO_FUNDS_CARD,
    AddressFactory,
    ListingFactory,
    UserFactory,
    add_photos,
    buy,
    completed,
    offer,
    pay_post,
)
from tests.orders.servicepatch import patch_services

NEW_ADDRESS = NEW_ADDRESS_FORM
CARD = CARD_FORM


def checkout_url(listing) -> str:
    return reverse("orders:checkout", args=[listing.pk])


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no hidden {name} in the page"
    return match[1]


def form_data(listing, key=None, **overrides) -> dict:
    """A complete checkout submission for the listing's current total."""
    return {
        "idempotency_key": key or uuid.uuid4().hex,
        "expected_total_cents": quote_for(listing).total_cents,
        **NEW_ADDRESS,
        **CARD,
        **overrides,
    }


def field_block(page: str, name: str) -> str:
    """The HTML from the `.field` wrapper of input `name` up to the next field."""
    for block in page.split('<div class="field')[1:]:
        if f'name="{name}"' in block:
            return block
    raise AssertionError(f"no field {name}")


@pytest.fixture
def listing(db):
    item = ListingFactory(title="Brass desk lamp", price_cents=2500)
    add_photos(item, 1)
    return item


def give_balance(member, price_cents=5000):
    """Earn a balance the way members do: sell something and complete the order."""
    completed(buy(ListingFactory(seller=member, price_cents=price_cents)))
    return ledger.available_cents(member)


# --- Who may check out --------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login(client, listing):
    response = client.get(checkout_url(listing))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_unverified_member_is_sent_to_the_verification_page(client, listing):
    client.force_login(UserFactory(unverified=True))

    for response in (
        client.get(checkout_url(listing)),
        pay_post(client, checkout_url(listing), form_data(listing)),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(
            reverse("accounts:verification-required")
        )
    assert not Order.objects.exists()


def test_own_item_is_refused_on_get_and_post(client, listing):
    client.force_login(listing.seller)

    page = client.get(checkout_url(listing))
    post = pay_post(client, checkout_url(listing), form_data(listing))

    assert page.status_code == post.status_code == 403
    assert "your own listing" in page.content.decode()
    assert not Order.objects.exists() and not GatewayCall.objects.exists()


def test_seller_on_vacation_is_refused(buyer_client, listing):
    listing.seller.vacation_until = timezone.localdate() + timedelta(days=5)
    listing.seller.save()

    page = buyer_client.get(checkout_url(listing))
    post = pay_post(buyer_client, checkout_url(listing), form_data(listing))

    assert page.status_code == post.status_code == 409
    assert "The seller is away until" in page.content.decode()
    assert "Confirm purchase" not in page.content.decode()
    assert not Order.objects.exists() and not GatewayCall.objects.exists()


def test_suspended_sellers_items_cannot_be_bought(buyer_client, listing):
    listing.seller.is_active = False
    listing.seller.save()

    assert buyer_client.get(checkout_url(listing)).status_code == 404
    assert (
        pay_post(buyer_client, checkout_url(listing), form_data(listing)).status_code
        == 404
    )
    assert not Order.objects.exists() and not GatewayCall.objects.exists()


@pytest.mark.parametrize("status", ["draft", "paused", "removed"])
def test_items_not_on_sale_are_a_404_for_buyers(buyer_client, status):
    listing = ListingFactory(status=status)

    assert buyer_client.get(checkout_url(listing)).status_code == 404


def test_sold_item_shows_the_sold_page_on_get(buyer_client, listing):
    buy(listing)

    response = buyer_client.get(checkout_url(listing))

    assert response.status_code == 409
    assert "This item was just sold" in response.content.decode()


# --- The page -----------------------------------------------------------------


def test_page_shows_item_address_payment_and_the_whole_total(
    buyer_client, buyer, listing, settings
):
    settings.BUYER_FEE_PERCENT = 5
    AddressFactory(user=buyer, full_name="Old Address")
    default = AddressFactory(user=buyer, full_name="Grace Default", city="Oakland")
    buyer.default_address = default
    buyer.save()
    quote = quote_for(listing)

    response = buyer_client.get(checkout_url(listing))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Brass desk lamp" in page and 'alt="Brass desk lamp"' in page
    for label in ["Full name", "Address", "City", "State", "ZIP code"]:
        assert f">{label}</label>" in page
    for label in ["Card number", "Expiry", "CVC"]:
        assert f">{label}</label>" in page
    assert "Confirm purchase" in page
    # Item $25.00 + shipping + 5% fee ($1.25): every line and the total.
    assert quote.buyer_fee_cents == 125
    for cents in (quote.item_cents, quote.shipping_cents, quote.buyer_fee_cents):
        assert f"${cents // 100}.{cents % 100:02d}" in page
    total = quote.total_cents
    assert f"<strong>${total // 100}.{total % 100:02d}</strong>" in page
    assert hidden(page, "expected_total_cents") == str(total)
    assert re.fullmatch(r"[0-9a-f]{32}", hidden(page, "idempotency_key"))
    assert re.search(rf'value="{default.pk}"[^>]*checked', page)
    assert "Grace Default" in page and "Old Address" in page
    assert "Nomi balance (empty)" in page and "$0.00" not in page
    assert re.search(r'value="balance"[^>]*disabled', page)


def test_free_shipping_is_shown_as_free(buyer_client):
    listing = ListingFactory(shipping_payer="seller")

    page = buyer_client.get(checkout_url(listing)).content.decode()

    assert '<dt>Shipping</dt><dd class="price">Free</dd>' in page
    assert hidden(page, "expected_total_cents") == str(listing.price_cents)


def test_each_visit_gets_a_new_key(buyer_client, listing):
    first = hidden(
        buyer_client.get(checkout_url(listing)).content.decode(), "idempotency_key"
    )
    second = hidden(
        buyer_client.get(checkout_url(listing)).content.decode(), "idempotency_key"
    )

    assert first != second


# --- Buying with a card -------------------------------------------------------


def test_buy_with_card_makes_a_paid_order_at_the_total_shown(
    buyer_client, buyer, listing, settings, on_commit
):
    settings.BUYER_FEE_PERCENT = 3
    page = buyer_client.get(checkout_url(listing)).content.decode()
    shown = int(hidden(page, "expected_total_cents"))
    data = form_data(
        listing,
        key=hidden(page, "idempotency_key"),
        expected_total_cents=shown,
    )

    with on_commit():
        response = pay_post(buyer_client, checkout_url(listing), data)

    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("orders:detail", args=[order.pk])
    assert (order.buyer, order.seller, order.status) == (buyer, listing.seller, "paid")
    assert order.total_cents == shown == quote_for(listing).total_cents
    assert (order.card_brand, order.card_last4) == ("visa", "4242")
    assert order.address_lines() == [
        "Ada Buyer",
        "1 Market St",
        "San Francisco, CA 94105",
    ]
    listing.refresh_from_db()
    assert listing.status == Listing.Status.SOLD
    authorize = GatewayCall.objects.get(kind="authorize")
    capture = GatewayCall.objects.get(kind="capture")
    assert authorize.amount_cents == capture.amount_cents == shown
    assert capture.reference == order.payment_reference and capture.status == "captured"
    assert order.payment_captured
    assert ledger.order_escrow_cents(order) == shown
    assert LedgerEntry.objects.get(order=order, account="cards").amount_cents == -shown
    # One email each, to the right member.
    ship_by = day(order.ship_by)
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == sorted(
        [
            (buyer.email, "Order confirmed: Brass desk lamp"),
            (listing.seller.email, f"You made a sale: ship by {ship_by}"),
        ]
    )


def test_order_page_opens_with_the_confirmation_once(buyer_client, buyer, listing):
    response = pay_post(
        buyer_client, checkout_url(listing), form_data(listing), follow=True
    )

    order = Order.objects.get()
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == order.get_absolute_url()
    # No small flash: a confirmation panel with the photo, total and receipt.
    assert not [str(m) for m in response.wsgi_request._messages]
    panel = page[page.index('class="card order-confirmation"') :]
    panel = panel[: panel.index("</section>")]
    assert "Thanks! Your order is confirmed." in panel
    assert listing.cover.thumb_320.url in panel and f'alt="{listing.title}"' in panel
    assert f'Total paid: <strong class="price">${order.total_cents / 100:.2f}' in (
        panel
    )
    assert f"We emailed you a receipt at <strong>{buyer.email}</strong>" in panel
    # The stepper: paid, and shipping next.
    assert '<li class="is-done"><span class="visually-hidden">Done: </span>Paid' in page
    assert '<li aria-current="step">Shipped</li>' in page
    # Shown once: a later visit is the plain order page.
    again = buyer_client.get(order.get_absolute_url()).content.decode()
    assert "order-confirmation" not in again and 'class="stepper"' in again


def test_saved_address_is_copied_to_the_order(buyer_client, buyer, listing):
    address = AddressFactory(user=buyer, full_name="Saved Person", zip_code="10001")
    data = form_data(listing, address=str(address.pk), full_name="", line1="")

    pay_post(buyer_client, checkout_url(listing), data)

    order = Order.objects.get()
    assert (order.ship_name, order.ship_zip) == ("Saved Person", "10001")


def test_another_members_address_cannot_be_chosen(buyer_client, listing):
    stranger_address = AddressFactory()

    response = pay_post(
        buyer_client,
        checkout_url(listing),
        form_data(listing, address=str(stranger_address.pk)),
    )

    assert response.status_code == 400
    assert not Order.objects.exists()


def test_new_address_is_saved_once_when_asked(buyer_client, buyer):
    first, second = ListingFactory(), ListingFactory()

    pay_post(buyer_client, checkout_url(first), form_data(first, save_address="on"))
    pay_post(buyer_client, checkout_url(second), form_data(second, save_address="on"))

    assert Order.objects.count() == 2
    saved = Address.objects.get(user=buyer)
    assert (saved.full_name, saved.zip_code) == ("Ada Buyer", "94105")


def test_new_address_is_not_saved_unless_asked(buyer_client, buyer, listing):
    pay_post(buyer_client, checkout_url(listing), form_data(listing))

    assert Order.objects.count() == 1
    assert not Address.objects.filter(user=buyer).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("full_name", "", "Enter the full name."),
        ("line1", "", "Enter the street address."),
        ("city", "", "Enter the city."),
        ("state", "", "Choose the state."),
        ("state", "XX", "Select a valid choice."),
        ("zip_code", "9410", "Enter a 5-digit ZIP code"),
        ("zip_code", "", "Enter the ZIP code."),
    ],
)
def test_bad_new_address_gets_a_message_next_to_the_field(
    buyer_client, listing, field, value, message
):
    response = pay_post(
        buyer_client, checkout_url(listing), form_data(listing, **{field: value})
    )

    assert response.status_code == 400
    assert message in field_block(response.content.decode(), field)
    assert not Order.objects.exists() and not GatewayCall.objects.exists()


# --- Refused cards ------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (DECLINED_CARD, "Your card was declined. Try another card."),
        (NO_FUNDS_CARD, "Your card was declined for insufficient funds."),
    ],
)
def test_declined_card_is_a_400_next_to_card_number_and_nothing_is_sold(
    buyer_client, listing, number, message
):
    data = form_data(listing, card_number=number, full_name="Keep Me")

    response = pay_post(buyer_client, checkout_url(listing), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert message in field_block(page, "card_number")
    assert 'value="Keep Me"' in page
    assert number not in page and number.replace(" ", "") not in page
    assert 'value="123"' not in page
    assert not Order.objects.exists()
    listing.refresh_from_db()
    assert listing.status == Listing.Status.ON_SALE
    assert GatewayCall.objects.get().status == "declined"
    # A new attempt key: the gateway remembers the declined one.
    assert hidden(page, "idempotency_key") != data["idempotency_key"]


def test_another_card_after_a_decline_buys_the_item(buyer_client, listing):
    declined = pay_post(
        buyer_client,
        checkout_url(listing),
        form_data(listing, card_number=DECLINED_CARD),
    )
    retry_key = hidden(declined.content.decode(), "idempotency_key")

    response = pay_post(
        buyer_client, checkout_url(listing), form_data(listing, key=retry_key)
    )

    assert response.status_code == 302
    assert Order.objects.get().total_cents == quote_for(listing).total_cents


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"card_number": "4242 4242 4242 4241"},
            "card_number",
            "Enter a valid card number.",
        ),
        ({"card_number": ""}, "card_number", "Enter a valid card number."),
        (
            {"card_number": "4242 4242 ٤٢٤٢ 4242"},
            "card_number",
            "Enter a valid card number.",
        ),
        ({"expiry": "13/30"}, "expiry", "Enter the expiry date as MM/YY."),
        ({"expiry": "01/20"}, "expiry", "This card has expired"),
        ({"cvc": "12"}, "cvc", "Enter the 3-digit security code (CVC)."),
        ({"cvc": "<b>1</b>"}, "cvc", "at most 4 characters"),
    ],
)
def test_bad_card_details_get_a_message_next_to_the_right_field(
    buyer_client, listing, overrides, field, message
):
    response = pay_post(
        buyer_client, checkout_url(listing), form_data(listing, **overrides)
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert message in field_block(page, field)
    assert GOOD_CARD not in page
    assert not Order.objects.exists() and not GatewayCall.objects.exists()


def test_malformed_submission_is_a_400_never_a_500(buyer_client, listing):
    response = pay_post(
        buyer_client,
        checkout_url(listing),
        {
            "idempotency_key": "<script>",
            "expected_total_cents": "lots",
            "address": "9999",
            "payment": "bitcoin",
        },
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "This form has expired" in page
    assert "<script>" not in page
    assert re.fullmatch(r"[0-9a-f]{32}", hidden(page, "idempotency_key"))
    assert not Order.objects.exists()


# --- Paying from the balance --------------------------------------------------


def test_pay_with_balance(buyer_client, buyer, listing):
    available = give_balance(buyer)
    total = quote_for(listing).total_cents
    assert available > total
    page = buyer_client.get(checkout_url(listing)).content.decode()
    assert not re.search(r'value="balance"[^>]*disabled', page)

    response = pay_post(
        buyer_client,
        checkout_url(listing),
        form_data(listing, payment="balance", card_number="", expiry="", cvc=""),
    )

    order = Order.objects.get(listing=listing)
    assert response.status_code == 302
    assert order.payment_source == "balance" and order.payment_captured
    assert ledger.available_cents(buyer) == available - total
    assert ledger.order_escrow_cents(order) == total
    assert not GatewayCall.objects.filter(reference=order.payment_reference or "-")


def test_balance_that_does_not_cover_the_total_is_refused(buyer_client, buyer):
    available = give_balance(buyer, price_cents=1000)
    listing = ListingFactory(price_cents=5000)
    assert available < quote_for(listing).total_cents

    page = buyer_client.get(checkout_url(listing)).content.decode()
    response = pay_post(
        buyer_client,
        checkout_url(listing),
        form_data(listing, payment="balance", card_number=""),
    )

    assert re.search(r'value="balance"[^>]*disabled', page)
    assert response.status_code == 400
    assert "does not cover" in field_block(response.content.decode(), "payment")
    assert not Order.objects.filter(listing=listing).exists()
    assert ledger.available_cents(buyer) == available


# --- The total, the key, the race ---------------------------------------------


def test_changed_total_is_refused_and_shows_the_new_one(buyer_client, listing):
    data = form_data(listing)
    Listing.objects.filter(pk=listing.pk).update(price_cents=3000)
    listing.refresh_from_db()
    new_total = quote_for(listing).total_cents

    response = pay_post(buyer_client, checkout_url(listing), data)

    page = response.content.decode()
    assert response.status_code == 409
    assert "The total changed to" in page
    assert hidden(page, "expected_total_cents") == str(new_total)
    assert not Order.objects.exists() and not GatewayCall.objects.exists()

    again = pay_post(
        buyer_client, checkout_url(listing), {**data, "expected_total_cents": new_total}
    )
    assert again.status_code == 302
    assert Order.objects.get().total_cents == new_total


def test_same_key_twice_makes_one_order_and_one_capture(
    buyer_client, listing, on_commit
):
    data = form_data(listing)

    with on_commit():
        first = pay_post(buyer_client, checkout_url(listing), data)
        second = pay_post(buyer_client, checkout_url(listing), data)

    order = Order.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == order.get_absolute_url()
    assert GatewayCall.objects.filter(kind="capture").count() == 1
    assert GatewayCall.objects.filter(kind="authorize").count() == 1
    assert len(mail.outbox) == 2


def test_second_buyer_gets_the_sold_page_with_similar_items(client, listing):
    similar = ListingFactory(title="Another brass lamp", price_cents=2600)
    late = UserFactory()
    client.force_login(late)
    data = form_data(listing)
    buy(listing)

    response = pay_post(client, checkout_url(listing), data)

    page = response.content.decode()
    assert response.status_code == 409
    assert "This item was just sold" in page
    assert similar.title in page
    assert Order.objects.filter(buyer=late).count() == 0


def test_loser_of_a_race_has_its_authorization_voided(client, listing, monkeypatch):
    """The item sells between the loser's check and claim: the card is released."""

    late = UserFactory()
    client.force_login(late)
    data = form_data(listing)
    buy(listing)
    patch_services(monkeypatch, "check_can_buy", lambda **kwargs: None)

    response = pay_post(client, checkout_url(listing), data)

    assert response.status_code == 409
    assert "This item was just sold" in response.content.decode()
    authorize = GatewayCall.objects.filter(kind="authorize").latest("id")
    assert authorize.status == "authorized"
    calls = GatewayCall.objects.filter(reference=authorize.reference)
    assert sorted(calls.values_list("kind", "status")) == [
        ("authorize", "authorized"),
        ("void", "voided"),
    ]


def test_buying_declines_open_offers_and_voids_their_authorizations(
    buyer_client, listing, on_commit
):
    bidder = UserFactory()
    pending = offer(listing=listing, buyer=bidder)

    with on_commit():
        pay_post(buyer_client, checkout_url(listing), form_data(listing))

    pending.refresh_from_db()
    assert pending.status == Offer.Status.DECLINED and pending.released
    void = GatewayCall.objects.get(kind="void")
    assert void.reference == pending.payment_reference and void.status == "voided"
    assert [m.subject for m in mail.outbox if m.to == [bidder.email]] == [
        f"The item sold to another buyer; your offer closed: {listing.title}"
    ]


@pytest.mark.mysql
def test_simultaneous_checkouts_sell_the_item_once(catalogue):
    listing = ListingFactory()
    buyers = UserFactory.create_batch(4)
    responses = []

    def checkout_as(member):
        client = Client()
        client.force_login(member)
        try:
            responses.append(
                pay_post(client, checkout_url(listing), form_data(listing))
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=checkout_as, args=(b,)) for b in buyers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(r.status_code for r in responses) == [302, 409, 409, 409]
    order = Order.objects.get()
    assert GatewayCall.objects.filter(kind="capture").count() == 1
    assert GatewayCall.objects.get(kind="capture").reference == order.payment_reference
    # Every loser that got as far as an authorization had it released.
    for auth in GatewayCall.objects.filter(kind="authorize").exclude(
        reference=order.payment_reference
    ):
        assert GatewayCall.objects.filter(
            reference=auth.reference, kind="void"
        ).exists()
