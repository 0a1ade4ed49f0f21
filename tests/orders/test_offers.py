"""Offers through the client: make, accept, decline, counter, thresholds, item page."""

import re
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from listings.models import Listing
from orders import ledger
from orders.models import GatewayCall, Offer, OfferSettings, Order
from orders.selectors import offer_settings_of
from orders.services import accept_counter, counter_offer, counter_quote, quote_for
from tests.factories import (
    CARD_FORM,
    DECLINED_CARD,
    GOOD_CARD,
    NEW_ADDRESS_FORM,
    ListingFactory,
    UserFactory,
    add_photos,
    balance_payment,
    buy,
    card_token,
    completed,
    offer,
    pay_post,
)

NEW_ADDRESS = NEW_ADDRESS_FORM
CARD = CARD_FORM


def url(name: str, obj) -> str:
    return reverse(f"orders:{name}", args=[obj.pk])


def offer_data(amount="20.00", **overrides) -> dict:
    return {
        "idempotency_key": uuid.uuid4().hex,
        "amount": amount,
        **NEW_ADDRESS,
        **CARD,
        **overrides,
    }


def card_data(**overrides) -> dict:
    return {
        "idempotency_key": uuid.uuid4().hex,
        "card_number": GOOD_CARD,
        "expiry": "12/30",
        "cvc": "123",
        **overrides,
    }


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no hidden {name} in the page"
    return match[1]


def field_block(page: str, name: str) -> str:
    """The HTML from the `.field` wrapper of input `name` up to the next field."""
    for block in page.split('<div class="field')[1:]:
        if f'name="{name}"' in block:
            return block
    raise AssertionError(f"no field {name}")


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def subjects_to(member) -> list[str]:
    return [m.subject for m in mail.outbox if m.to == [member.email]]


def give_balance(member, price_cents=5000) -> int:
    completed(buy(ListingFactory(seller=member, price_cents=price_cents)))
    return ledger.available_cents(member)


@pytest.fixture
def listing(db):
    """$25.00 plus $4.99 shipping: offers from $12.50 to $24.99."""
    return ListingFactory(title="Brass desk lamp", price_cents=2500)


@pytest.fixture
def seller_client(client, listing):
    client.force_login(listing.seller)
    return client


@pytest.fixture
def pending(listing, buyer):
    """A $20.00 card offer waiting for the seller."""
    return offer(listing=listing, buyer=buyer, amount_cents=2000)


@pytest.fixture
def countered(pending, listing):
    """The $20.00 offer countered at $22.00."""
    return counter_offer(offer=pending, seller=listing.seller, counter_cents=2200)


# --- Making an offer ----------------------------------------------------------


def test_anonymous_and_unverified_visitors_cannot_offer(client, listing):
    response = client.get(url("offer-new", listing))
    assert response["Location"].startswith(reverse("accounts:login"))

    client.force_login(UserFactory(unverified=True))
    response = pay_post(client, url("offer-new", listing), offer_data())
    assert response["Location"].startswith(reverse("accounts:verification-required"))
    assert not Offer.objects.exists()


def test_seller_cannot_offer_on_own_item(seller_client, listing):
    response = pay_post(seller_client, url("offer-new", listing), offer_data())

    assert response.status_code == 403
    assert not Offer.objects.exists() and not GatewayCall.objects.exists()


def test_offer_page_shows_range_authorization_and_the_form(buyer_client, listing):
    add_photos(listing, 1)

    response = buyer_client.get(url("offer-new", listing))

    page = response.content.decode()
    assert response.status_code == 200
    assert ">Offer</label>" in page
    assert "Offer at least $12.50 and less than $25.00" in page
    assert "plus $4.99 shipping and the buyer protection fee" in page
    for label in ["Full name", "Address", "City", "State", "ZIP code"]:
        assert f">{label}</label>" in page
    for label in ["Card number", "Expiry", "CVC"]:
        assert f">{label}</label>" in page
    assert "Make offer" in page
    assert re.fullmatch(r"[0-9a-f]{32}", hidden(page, "idempotency_key"))


def test_show_total_previews_the_authorization_without_offering(
    buyer_client, listing, settings
):
    settings.BUYER_FEE_PERCENT = 4
    quote = quote_for(listing, 2000)

    response = pay_post(
        buyer_client, url("offer-new", listing), offer_data("20", preview="1")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert quote.buyer_fee_cents == 80
    assert f"${quote.total_cents / 100:.2f} will be authorized now" in page
    assert not Offer.objects.exists() and not GatewayCall.objects.exists()


def test_offer_with_card_authorizes_offer_shipping_and_fee_for_24_hours(
    buyer_client, buyer, listing, settings, on_commit
):
    settings.BUYER_FEE_PERCENT = 4
    quote = quote_for(listing, 2000)

    with on_commit():
        response = pay_post(buyer_client, url("offer-new", listing), offer_data("20"))

    made = Offer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("offer-detail", made)
    assert (made.buyer, made.status, made.amount_cents) == (buyer, "pending", 2000)
    assert made.authorized_cents == quote.total_cents == 2000 + 499 + 80
    call = GatewayCall.objects.get()
    assert (call.kind, call.status, call.amount_cents) == (
        "authorize",
        "authorized",
        quote.total_cents,
    )
    assert call.reference == made.payment_reference
    expected_expiry = timezone.now() + timedelta(hours=24)
    assert abs((made.expires_at - expected_expiry).total_seconds()) < 60
    assert subjects_to(listing.seller) == ["You received an offer: Brass desk lamp"]
    assert subjects_to(buyer) == []
    assert "Your offer of $20.00 is sent" in messages_of(response)[0]

    page = buyer_client.get(url("offer-detail", made)).content.decode()
    assert "Visa •••• 4242" in page
    assert "Waiting for the seller" in page and "Time left" in page
    assert f"${quote.total_cents / 100:.2f}" in page


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("12.49", "Offer at least $12.50 (50% of the price)."),
        ("25", "An offer must be below the price"),
        ("30.00", "An offer must be below the price"),
        ("", "This field is required."),
        ("abc", "Enter an amount in dollars"),
        ("12.345", "no more than 2 decimal places"),
        ("-5", "greater than or equal to 0.01"),
        ("NaN", "Enter an amount in dollars"),
    ],
)
def test_offer_out_of_range_is_refused_next_to_the_offer_field(
    buyer_client, listing, amount, message
):
    response = pay_post(buyer_client, url("offer-new", listing), offer_data(amount))

    assert response.status_code == 400
    assert message in field_block(response.content.decode(), "amount")
    assert not Offer.objects.exists() and not GatewayCall.objects.exists()


@pytest.mark.parametrize(
    ("price", "typed", "cents"),
    [(2500, "12.50", 1250), (2500, "24.99", 2499), (200_000, "$1,000.50", 100050)],
)
def test_offer_amounts_convert_to_exact_cents(buyer_client, price, typed, cents):
    listing = ListingFactory(price_cents=price)

    response = pay_post(buyer_client, url("offer-new", listing), offer_data(typed))

    assert response.status_code == 302
    assert Offer.objects.get().amount_cents == cents


def test_declined_card_is_a_400_next_to_card_number(buyer_client, listing):
    data = offer_data(card_number=DECLINED_CARD)

    response = pay_post(buyer_client, url("offer-new", listing), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "Your card was declined" in field_block(page, "card_number")
    assert "4000000000000002" not in page and DECLINED_CARD not in page
    assert 'value="20.00"' in page
    assert hidden(page, "idempotency_key") != data["idempotency_key"]
    assert not Offer.objects.exists()


def test_one_open_offer_per_buyer_per_item(buyer_client, listing, pending):
    page = buyer_client.get(url("offer-new", listing))
    again = pay_post(buyer_client, url("offer-new", listing), offer_data("21"))

    assert page.status_code == again.status_code == 302
    assert page["Location"] == again["Location"] == url("offer-detail", pending)
    assert "You already have an open offer of $20.00" in messages_of(again)[0]
    assert Offer.objects.count() == 1
    assert GatewayCall.objects.filter(kind="authorize").count() == 1


def test_resubmitted_offer_form_makes_one_offer(buyer_client, listing):
    data = offer_data("20")

    first = pay_post(buyer_client, url("offer-new", listing), data)
    second = pay_post(buyer_client, url("offer-new", listing), data)

    assert first["Location"] == second["Location"]
    assert Offer.objects.count() == 1
    assert GatewayCall.objects.count() == 1


def test_offer_on_a_sold_item_gets_the_sold_page(buyer_client, listing):
    buy(listing)

    response = pay_post(buyer_client, url("offer-new", listing), offer_data())

    assert response.status_code == 409
    assert "This item was just sold" in response.content.decode()
    assert not Offer.objects.exists()


# --- The seller answers -------------------------------------------------------


def test_seller_sees_the_answers_buyer_does_not(client, listing, buyer, pending):
    client.force_login(listing.seller)
    seller_page = client.get(url("offer-detail", pending)).content.decode()
    client.force_login(buyer)
    buyer_page = client.get(url("offer-detail", pending)).content.decode()

    for button in ("Accept offer", "Decline offer", ">Counter offer</label>"):
        assert button in seller_page
        assert button not in buyer_page
    assert f"Offer from {buyer.name}" in seller_page


def test_seller_accepts_an_order_is_made_at_the_offer_and_captured(
    seller_client, listing, buyer, pending, on_commit
):
    with on_commit():
        response = seller_client.post(url("offer-accept", pending))

    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == order.get_absolute_url()
    assert (order.buyer, order.offer, order.item_cents) == (buyer, pending, 2000)
    assert order.total_cents == pending.authorized_cents
    capture = GatewayCall.objects.get(kind="capture")
    assert capture.reference == pending.payment_reference
    assert capture.amount_cents == pending.authorized_cents
    pending.refresh_from_db()
    listing.refresh_from_db()
    assert pending.status == "accepted" and listing.status == "sold"
    assert sorted(subjects_to(buyer)) == [
        "Order confirmed: Brass desk lamp",
        "Your offer was accepted: Brass desk lamp",
    ]
    assert len(subjects_to(listing.seller)) == 1
    assert subjects_to(listing.seller)[0].startswith("You made a sale: ship by")


def test_accepting_twice_returns_the_same_order(seller_client, pending):
    first = seller_client.post(url("offer-accept", pending))
    second = seller_client.post(url("offer-accept", pending))

    assert (
        first["Location"]
        == second["Location"]
        == Order.objects.get().get_absolute_url()
    )
    assert GatewayCall.objects.filter(kind="capture").count() == 1


def test_seller_declines_the_authorization_is_voided_and_buyer_told(
    seller_client, listing, buyer, pending, on_commit
):
    with on_commit():
        response = seller_client.post(url("offer-decline", pending))

    assert response["Location"] == url("offer-detail", pending)
    pending.refresh_from_db()
    assert pending.status == "declined" and pending.released
    void = GatewayCall.objects.get(kind="void")
    assert (void.reference, void.status) == (pending.payment_reference, "voided")
    assert subjects_to(buyer) == ["Your offer was declined: Brass desk lamp"]
    assert not Order.objects.exists()
    listing.refresh_from_db()
    assert listing.status == Listing.Status.ON_SALE


def test_buyer_cannot_accept_or_decline_their_own_offer(buyer_client, pending):
    accept = buyer_client.post(url("offer-accept", pending), follow=True)
    decline = buyer_client.post(url("offer-decline", pending), follow=True)

    assert accept.status_code == decline.status_code == 200
    pending.refresh_from_db()
    assert pending.status == "pending"
    assert not Order.objects.exists()
    assert not GatewayCall.objects.filter(kind__in=["capture", "void"]).exists()
    assert "Only the seller can accept, decline or counter an offer." in (
        accept.content.decode()
    )


def test_expired_offer_cannot_be_answered(seller_client, pending):
    Offer.objects.filter(pk=pending.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )

    page = seller_client.get(url("offer-detail", pending)).content.decode()
    response = seller_client.post(url("offer-accept", pending), follow=True)

    assert "Accept offer" not in page and "(expired)" in page
    assert "This offer has expired." in response.content.decode()
    assert not Order.objects.exists()


# --- Counter offers -----------------------------------------------------------


@pytest.mark.parametrize("amount", ["20", "19.99", "25", "26"])
def test_counter_must_be_above_the_offer_and_below_the_price(
    seller_client, pending, amount
):
    response = seller_client.post(url("offer-counter", pending), {"counter": amount})

    assert response.status_code == 400
    assert "A counter offer must be above $20.00 and below $25.00." in field_block(
        response.content.decode(), "counter"
    )
    pending.refresh_from_db()
    assert pending.status == "pending" and pending.counter_cents is None


def test_malformed_counter_is_a_400_next_to_the_field(seller_client, pending):
    response = seller_client.post(url("offer-counter", pending), {"counter": "lots"})

    assert response.status_code == 400
    assert "Enter an amount in dollars" in field_block(
        response.content.decode(), "counter"
    )


def test_seller_counters_once(seller_client, buyer, pending, on_commit):
    before = pending.expires_at

    with on_commit():
        response = seller_client.post(url("offer-counter", pending), {"counter": "22"})
    second = seller_client.post(
        url("offer-counter", pending), {"counter": "23"}, follow=True
    )

    assert response["Location"] == url("offer-detail", pending)
    pending.refresh_from_db()
    assert (pending.status, pending.counter_cents) == ("countered", 2200)
    assert pending.expires_at >= before
    assert subjects_to(buyer) == ["The seller countered your offer: Brass desk lamp"]
    assert "can no longer be answered that way" in second.content.decode()
    assert ">Counter offer</label>" not in second.content.decode()


def test_buyer_sees_the_counter_and_its_total(buyer_client, countered):
    page = buyer_client.get(url("offer-detail", countered)).content.decode()

    total = counter_quote(countered).total_cents
    assert "The seller countered your offer" in page
    assert f"${total / 100:.2f}" in page
    assert "Accept counter offer" in page and "Decline counter offer" in page
    assert ">Card number</label>" in page


def test_buyer_accepts_counter_with_card_new_authorization_old_one_voided(
    buyer_client, listing, buyer, countered, on_commit
):
    old_reference = countered.payment_reference
    total = counter_quote(countered).total_cents

    with on_commit():
        response = pay_post(buyer_client, url("counter-accept", countered), card_data())

    order = Order.objects.get()
    assert response["Location"] == order.get_absolute_url()
    assert (order.item_cents, order.total_cents) == (2200, total)
    new_auth = GatewayCall.objects.get(kind="authorize", amount_cents=total)
    assert new_auth.reference == order.payment_reference != old_reference
    capture = GatewayCall.objects.get(kind="capture")
    assert (capture.reference, capture.amount_cents) == (new_auth.reference, total)
    void = GatewayCall.objects.get(kind="void")
    assert (void.reference, void.status) == (old_reference, "voided")
    assert len(subjects_to(buyer)) == 1
    assert subjects_to(buyer)[0].startswith("Order confirmed")
    seller_subjects = sorted(subjects_to(listing.seller))
    assert len(seller_subjects) == 2
    assert (
        seller_subjects[0] == "The buyer accepted your counter offer: Brass desk lamp"
    )
    assert seller_subjects[1].startswith("You made a sale: ship by")


def test_accepting_a_counter_needs_the_card_again(buyer_client, countered):
    response = pay_post(
        buyer_client,
        url("counter-accept", countered),
        card_data(card_number="", cvc=""),
    )

    assert response.status_code == 400
    assert "Enter a valid card number." in field_block(
        response.content.decode(), "card_number"
    )
    countered.refresh_from_db()
    assert countered.status == "countered"


def test_declined_card_on_a_counter_then_another_card_works(buyer_client, countered):
    data = card_data(card_number=DECLINED_CARD)

    declined = pay_post(buyer_client, url("counter-accept", countered), data)
    page = declined.content.decode()
    retry = pay_post(
        buyer_client,
        url("counter-accept", countered),
        card_data(idempotency_key=hidden(page, "idempotency_key")),
    )

    assert declined.status_code == 400
    assert "Your card was declined" in field_block(page, "card_number")
    assert retry.status_code == 302
    assert Order.objects.get().item_cents == 2200


def test_accepting_a_counter_twice_makes_one_order(buyer_client, countered):
    data = card_data()

    first = pay_post(buyer_client, url("counter-accept", countered), data)
    second = pay_post(buyer_client, url("counter-accept", countered), data)

    order = Order.objects.get()
    assert first["Location"] == second["Location"] == order.get_absolute_url()
    assert GatewayCall.objects.filter(kind="capture").count() == 1
    assert order.payment_captured


def test_a_late_duplicate_acceptance_keeps_the_first_orders_payment(buyer, countered):
    """Two submits that both saw the counter open: the loser must not void the
    winner's authorization (same key, same reference) and gets its order."""
    stale = Offer.objects.get(pk=countered.pk)
    key = uuid.uuid4().hex
    first = accept_counter(
        offer=countered,
        buyer=buyer,
        card_token=card_token(member=buyer),
        idempotency_key=key,
    )

    second = accept_counter(
        offer=stale,
        buyer=buyer,
        card_token=card_token(member=buyer),
        idempotency_key=key,
    )

    assert second == first
    assert not GatewayCall.objects.filter(
        kind="void", reference=first.payment_reference
    ).exists()
    assert GatewayCall.objects.get(kind="capture").status == "captured"


def test_buyer_declines_counter(buyer_client, listing, countered, on_commit):
    with on_commit():
        response = buyer_client.post(url("counter-decline", countered))

    assert response["Location"] == url("offer-detail", countered)
    countered.refresh_from_db()
    assert countered.status == "declined"
    void = GatewayCall.objects.get(kind="void")
    assert void.reference == countered.payment_reference
    assert subjects_to(listing.seller) == [
        "The buyer declined your counter offer: Brass desk lamp"
    ]


def test_seller_cannot_accept_their_own_counter(seller_client, countered):
    pay_post(seller_client, url("counter-accept", countered), card_data())

    countered.refresh_from_db()
    assert countered.status == "countered"
    assert not Order.objects.exists()


# --- Paying offers from the balance -------------------------------------------


def test_balance_offer_holds_then_releases_the_balance(client, buyer, listing):
    available = give_balance(buyer)
    client.force_login(buyer)
    calls = GatewayCall.objects.count()

    pay_post(
        client,
        url("offer-new", listing),
        offer_data("20", payment="balance", card_number="", cvc=""),
    )

    made = Offer.objects.get(listing=listing)
    assert made.payment_source == "balance"
    assert ledger.held_cents(buyer) == made.authorized_cents
    assert ledger.available_cents(buyer) == available - made.authorized_cents
    assert GatewayCall.objects.count() == calls
    page = client.get(url("offer-detail", made)).content.decode()
    assert "Nomi balance" in page

    client.force_login(listing.seller)
    client.post(url("offer-decline", made))

    assert ledger.held_cents(buyer) == 0
    assert ledger.available_cents(buyer) == available


def test_balance_offer_larger_than_the_balance_is_refused(client, buyer):
    available = give_balance(buyer, price_cents=1000)
    listing = ListingFactory(price_cents=4000)
    client.force_login(buyer)

    response = pay_post(
        client,
        url("offer-new", listing),
        offer_data("30", payment="balance", card_number=""),
    )

    assert response.status_code == 400
    assert "does not cover" in field_block(response.content.decode(), "payment")
    assert not Offer.objects.filter(listing=listing).exists()
    assert ledger.available_cents(buyer) == available


def test_balance_counter_is_paid_from_the_hold_and_the_balance(client, buyer, listing):
    available = give_balance(buyer)
    made = offer(
        listing=listing, buyer=buyer, amount_cents=2000, payment=balance_payment()
    )
    counter_offer(offer=made, seller=listing.seller, counter_cents=2200)
    client.force_login(buyer)

    response = pay_post(
        client, url("counter-accept", made), {"idempotency_key": uuid.uuid4().hex}
    )

    order = Order.objects.get(listing=listing)
    assert response["Location"] == order.get_absolute_url()
    assert order.payment_source == "balance" and order.item_cents == 2200
    assert ledger.held_cents(buyer) == 0
    assert ledger.available_cents(buyer) == available - order.total_cents
    assert ledger.order_escrow_cents(order) == order.total_cents


# --- Automatic answers --------------------------------------------------------


def test_auto_decline_below_the_threshold_authorizes_nothing(
    client, listing, buyer, on_commit
):
    client.force_login(listing.seller)
    client.post(url("offer-settings", listing), {"auto_decline": "15"})
    assert offer_settings_of(listing).auto_decline_cents == 1500
    client.force_login(buyer)

    with on_commit():
        response = pay_post(client, url("offer-new", listing), offer_data("14.99"))

    made = Offer.objects.get()
    assert response["Location"] == url("offer-detail", made)
    assert (made.status, made.released) == ("declined", True)
    assert not GatewayCall.objects.exists()
    assert "Nothing was charged" in messages_of(response)[-1]
    assert subjects_to(buyer) == [
        "Your offer was declined automatically: Brass desk lamp"
    ]
    assert subjects_to(listing.seller) == []


def test_auto_accept_at_the_threshold_makes_the_order_at_once(client, listing, buyer):
    client.force_login(listing.seller)
    client.post(url("offer-settings", listing), {"auto_accept": "20"})
    client.force_login(buyer)

    response = pay_post(client, url("offer-new", listing), offer_data("20"))

    order = Order.objects.get()
    assert response["Location"] == order.get_absolute_url()
    assert (order.item_cents, order.offer.status) == (2000, "accepted")
    capture = GatewayCall.objects.get(kind="capture")
    assert capture.amount_cents == order.total_cents


def test_offer_between_the_thresholds_waits_for_the_seller(client, listing, buyer):
    client.force_login(listing.seller)
    client.post(
        url("offer-settings", listing), {"auto_accept": "22", "auto_decline": "15"}
    )
    client.force_login(buyer)

    pay_post(client, url("offer-new", listing), offer_data("21.99"))

    assert Offer.objects.get().status == "pending"
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"auto_accept": "abc"}, "Auto-accept offers from: Enter an amount in dollars"),
        ({"auto_accept": "25"}, "Thresholds must be above $0 and below the price."),
        ({"auto_decline": "0"}, "greater than or equal to 0.01"),
        (
            {"auto_accept": "15", "auto_decline": "15"},
            "The auto-decline amount must be below the auto-accept amount.",
        ),
    ],
)
def test_threshold_form_validation(client, listing, data, message):
    client.force_login(listing.seller)

    response = client.post(url("offer-settings", listing), data, follow=True)

    assert message in " ".join(messages_of(response))
    thresholds = offer_settings_of(listing)
    assert thresholds.auto_accept_cents is None
    assert thresholds.auto_decline_cents is None


def test_blank_thresholds_turn_them_off(client, listing):
    OfferSettings.objects.create(
        listing=listing, auto_accept_cents=2000, auto_decline_cents=1500
    )
    client.force_login(listing.seller)

    response = client.post(
        url("offer-settings", listing), {"auto_accept": "", "auto_decline": ""}
    )

    assert response["Location"] == listing.get_absolute_url()
    thresholds = offer_settings_of(listing)
    assert thresholds.auto_accept_cents is None
    assert thresholds.auto_decline_cents is None


def test_the_database_refuses_a_decline_threshold_not_below_accept(listing):
    with pytest.raises(IntegrityError), transaction.atomic():
        OfferSettings.objects.create(
            listing=listing, auto_accept_cents=1500, auto_decline_cents=1500
        )


def test_only_the_seller_can_change_thresholds(buyer_client, listing):
    response = buyer_client.post(url("offer-settings", listing), {"auto_accept": "20"})
    get = buyer_client.get(url("offer-settings", listing))

    assert response.status_code == 404
    assert get.status_code in (404, 405)
    assert offer_settings_of(listing).auto_accept_cents is None


# --- When the item sells ------------------------------------------------------


def test_accepting_one_offer_declines_the_others_and_voids_them(
    seller_client, listing, pending, on_commit
):
    other_buyer = UserFactory()
    other = offer(listing=listing, buyer=other_buyer, amount_cents=1800)

    with on_commit():
        seller_client.post(url("offer-accept", pending))

    other.refresh_from_db()
    assert other.status == "declined" and other.released
    void = GatewayCall.objects.get(kind="void")
    assert (void.reference, void.status) == (other.payment_reference, "voided")
    assert subjects_to(other_buyer) == [
        "The item sold to another buyer; your offer closed: Brass desk lamp"
    ]


def test_buy_now_declines_every_open_offer(client, listing, pending):
    balance_buyer = UserFactory()
    give_balance(balance_buyer)
    held = offer(
        listing=listing,
        buyer=balance_buyer,
        amount_cents=1900,
        payment=balance_payment(),
    )
    client.force_login(UserFactory())

    buy(listing)

    pending.refresh_from_db()
    held.refresh_from_db()
    assert pending.status == held.status == "declined"
    assert GatewayCall.objects.get(kind="void").reference == pending.payment_reference
    assert ledger.held_cents(balance_buyer) == 0
    page = client.get(url("offer-new", listing))
    assert page.status_code == 409


def test_accepting_after_the_item_sold_shows_the_sold_page(seller_client, pending):
    buy(pending.listing)

    response = seller_client.post(url("offer-accept", pending))

    assert response.status_code == 409
    assert "This item was just sold" in response.content.decode()
    assert Order.objects.filter(offer=pending).count() == 0


# --- Privacy ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("offer-detail", "get"),
        ("offer-accept", "post"),
        ("offer-decline", "post"),
        ("offer-counter", "post"),
        ("counter-accept", "post"),
        ("counter-decline", "post"),
    ],
)
def test_other_members_get_a_404(client, pending, name, method):
    client.force_login(UserFactory())

    response = getattr(client, method)(
        url(name, pending), {"counter": "22", **card_data()}
    )

    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == "pending"
    assert not Order.objects.exists()


def test_anonymous_visitor_is_sent_to_login_from_an_offer(client, pending):
    response = client.get(url("offer-detail", pending))

    assert response["Location"].startswith(reverse("accounts:login"))


# --- The item page ------------------------------------------------------------


def test_item_page_links_to_checkout_and_offer(buyer_client, listing):
    page = buyer_client.get(listing.get_absolute_url()).content.decode()

    assert f'href="{url("checkout", listing)}"' in page
    assert f'href="{url("offer-new", listing)}"' in page


def test_item_page_shows_the_viewers_open_offer_instead_of_make_offer(
    buyer_client, listing, pending
):
    page = buyer_client.get(listing.get_absolute_url()).content.decode()

    assert "Your offer of $20.00 is waiting" in page
    assert url("offer-detail", pending) in page
    assert "Make offer" not in page
    assert "Buy now" in page


def test_item_page_shows_the_owner_open_offers_and_threshold_form(
    seller_client, listing, pending
):
    OfferSettings.objects.create(listing=listing, auto_decline_cents=1250)

    page = seller_client.get(listing.get_absolute_url()).content.decode()

    assert "1 open offer" in page
    assert f'href="{url("offer-detail", pending)}"' in page
    assert f"$20.00 from {pending.buyer.name}" in page
    assert f'action="{url("offer-settings", listing)}"' in page
    assert 'name="auto_decline" value="12.5"' in page


def test_item_page_query_count_does_not_grow_with_offers(
    client, listing, django_assert_max_num_queries
):
    offer(listing=listing)
    client.force_login(listing.seller)
    with django_assert_max_num_queries(20) as few:
        client.get(listing.get_absolute_url())

    for _ in range(5):
        offer(listing=listing)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(listing.get_absolute_url()).content.decode()
    assert "6 open offers" in page
