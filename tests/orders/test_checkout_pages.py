"""Checkout and offer pages: address choice, zero lines, Show total, error summary,
and the inline actions of the Buying and Selling rows."""

import re
import uuid

import pytest
from django.urls import reverse

from accounts.models import Address
from orders.models import GatewayCall, Offer, Order
from orders.services import quote_for, report_problem, resolve_dispute
from tests.factories import (
    CARD_FORM,
    DECLINED_CARD,
    NEW_ADDRESS_FORM,
    AddressFactory,
    ListingFactory,
    UserFactory,
    add_photos,
    buy,
    offer,
    pay_post,
    shipped,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing(db):
    item = ListingFactory(title="Brass desk lamp", price_cents=2500)
    add_photos(item, 1, size=(20, 20))
    return item


def checkout_url(listing) -> str:
    return reverse("orders:checkout", args=[listing.pk])


def offer_url(listing) -> str:
    return reverse("orders:offer-new", args=[listing.pk])


def checkout_data(listing, **overrides) -> dict:
    return {
        "idempotency_key": uuid.uuid4().hex,
        "expected_total_cents": quote_for(listing).total_cents,
        **NEW_ADDRESS_FORM,
        **CARD_FORM,
        **overrides,
    }


def error_summary(page: str) -> str:
    start = page.index('<div class="error-summary"')
    return page[start : page.index("</div>", start)]


# --- Addresses ----------------------------------------------------------------------


def test_a_chosen_saved_address_ignores_whatever_the_new_address_fields_hold(
    buyer_client, buyer, listing
):
    saved = AddressFactory(user=buyer, full_name="Saved Person", zip_code="10001")
    # Without JavaScript the new-address fields stay visible: a half-typed,
    # invalid new address must neither block the purchase nor be saved.
    data = checkout_data(
        listing,
        address=str(saved.pk),
        full_name="Half Typed",
        line1="",
        zip_code="not a zip",
        save_address="on",
    )

    response = pay_post(buyer_client, checkout_url(listing), data)

    assert response.status_code == 302
    order = Order.objects.get()
    assert (order.ship_name, order.ship_zip) == ("Saved Person", "10001")
    assert list(Address.objects.filter(user=buyer)) == [saved]


def test_new_address_fields_are_marked_as_the_alternative(buyer_client, buyer, listing):
    AddressFactory(user=buyer)

    page = buyer_client.get(checkout_url(listing)).content.decode()

    assert "data-new-address" in page and "Or enter a new address" in page
    assert "Used only when “A new address” is chosen above." in page


def test_save_this_address_is_ticked_by_default(buyer_client, listing):
    page = buyer_client.get(checkout_url(listing)).content.decode()

    box = re.search(r'<input type="checkbox" name="save_address"[^>]*>', page)[0]
    assert "checked" in box
    assert ">Save this address</label>" in page


def test_a_new_address_goes_to_the_address_book_as_the_browser_posts_it(
    buyer_client, buyer, listing
):
    # The ticked box posts "on", as a browser sends a checked checkbox.
    pay_post(
        buyer_client, checkout_url(listing), checkout_data(listing, save_address="on")
    )

    assert Order.objects.count() == 1
    saved = Address.objects.get(user=buyer)
    assert (saved.full_name, saved.zip_code) == ("Ada Buyer", "94105")


def test_unticking_save_keeps_the_address_out_of_the_book(buyer_client, buyer, listing):
    pay_post(buyer_client, checkout_url(listing), checkout_data(listing))

    assert Order.objects.count() == 1
    assert not Address.objects.filter(user=buyer).exists()


# --- No zero lines ------------------------------------------------------------------


def test_a_zero_buyer_fee_is_not_a_line(buyer_client, listing, settings):
    settings.BUYER_FEE_PERCENT = 0

    page = buyer_client.get(checkout_url(listing)).content.decode()

    summary = page[page.index('<aside class="checkout-aside"') : page.index("</aside>")]
    assert "Buyer protection fee" not in summary and "$0.00" not in summary
    assert ">$29.99</strong>" in summary  # $25.00 + $4.99 shipping


def test_a_buyer_fee_is_a_line_when_there_is_one(buyer_client, listing, settings):
    settings.BUYER_FEE_PERCENT = 4

    page = buyer_client.get(checkout_url(listing)).content.decode()

    assert '<dt>Buyer protection fee</dt><dd class="price">$1.00</dd>' in page


def test_the_quote_says_whether_it_has_a_fee_line(settings):
    settings.BUYER_FEE_PERCENT = 0
    assert not quote_for(ListingFactory(price_cents=2500)).shows_buyer_fee
    settings.BUYER_FEE_PERCENT = 4
    assert quote_for(ListingFactory(price_cents=2500)).shows_buyer_fee


# --- Show total without JavaScript --------------------------------------------------


def test_show_total_keeps_every_typed_field(buyer_client, listing, settings):
    settings.BUYER_FEE_PERCENT = 4
    data = {
        "idempotency_key": uuid.uuid4().hex,
        "card_step": "next",
        "amount": "20",
        "payment": "card",
        **NEW_ADDRESS_FORM,
        "line2": "Apt 4",
        "save_address": "on",
        "preview": "1",
    }

    response = buyer_client.post(offer_url(listing), data)

    page = response.content.decode()
    assert response.status_code == 200
    for name, value in [
        ("amount", "20"),
        ("full_name", "Ada Buyer"),
        ("line1", "1 Market St"),
        ("line2", "Apt 4"),
        ("city", "San Francisco"),
        ("zip_code", "94105"),
    ]:
        assert re.search(rf'name="{name}" value="{value}"', page), name
    assert re.search(r'<option value="CA" selected>', page)
    box = re.search(r'<input type="checkbox" name="save_address"[^>]*>', page)[0]
    assert "checked" in box
    total = quote_for(listing, 2000).total_cents
    assert f"${total / 100:.2f} will be authorized now" in page
    assert not Offer.objects.exists() and not GatewayCall.objects.exists()


def test_show_total_shows_only_the_amounts_errors(buyer_client, listing):
    data = {"idempotency_key": uuid.uuid4().hex, "amount": "5", "preview": "1"}

    page = buyer_client.post(offer_url(listing), data).content.decode()

    summary = error_summary(page)
    assert 'href="#id_amount"' in summary
    assert "full name" not in page.lower().split("error-summary")[1][:2000]


def test_the_offer_card_is_asked_after_the_total_without_javascript(
    buyer_client, listing
):
    page = buyer_client.get(offer_url(listing)).content.decode()
    # The card inputs are in the page for the script to show, hidden until then,
    # so "Show total" never carries (and never clears) a typed card.
    step = page[page.index("<div data-card-step") :]
    assert step.startswith("<div data-card-step hidden>")
    assert 'name="card_number"' in step[: step.index("</div>\n  </div>")]
    assert 'name="card_step" value="next"' in page

    # Make offer goes to the card form, which asks for the card without errors
    # and carries everything typed.
    answer = buyer_client.post(
        reverse("orders:card-token"),
        {
            "next": offer_url(listing),
            "card_step": "next",
            "payment": "card",
            "amount": "20",
            **NEW_ADDRESS_FORM,
        },
    )
    card_page = answer.content.decode()
    assert answer.status_code == 200
    assert "<h1>Enter your card</h1>" in card_page
    assert ">Card number</label>" in card_page and "errorlist" not in card_page
    assert 'name="amount" value="20"' in card_page
    assert 'name="card_step"' not in card_page


# --- Error summary ------------------------------------------------------------------


def test_a_declined_card_comes_back_with_an_error_summary_at_the_top(
    buyer_client, listing
):
    response = pay_post(
        buyer_client,
        checkout_url(listing),
        checkout_data(listing, card_number=DECLINED_CARD),
    )

    page = response.content.decode()
    assert response.status_code == 400
    summary = error_summary(page)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    assert (
        '<a href="#id_card_number">Your card was declined. Try another card.</a>'
        in (summary)
    )
    # At the top: before the first section of the form.
    assert page.index("error-summary") < page.index("Shipping address")
    assert not Order.objects.exists()


def test_every_field_error_is_listed_with_a_link_to_its_field(buyer_client, listing):
    data = checkout_data(listing, full_name="", city="", payment="")

    page = buyer_client.post(checkout_url(listing), data).content.decode()

    summary = error_summary(page)
    for anchor in ["id_full_name", "id_city", "id_payment_0"]:
        assert f'href="#{anchor}"' in summary
    assert 'id="id_payment_0"' in page


def test_no_error_summary_on_a_fresh_form(buyer_client, listing):
    page = buyer_client.get(checkout_url(listing)).content.decode()

    assert "error-summary" not in page


# --- Buying and Selling rows --------------------------------------------------------


def test_rows_show_the_items_thumbnail_titled(client, listing):
    order = buy(listing)
    client.force_login(order.buyer)

    page = client.get(reverse("orders:buying")).content.decode()

    cover = listing.cover
    assert re.search(
        rf'<img class="thumb" src="{re.escape(cover.thumb_320.url)}"[^>]*'
        rf'alt="{listing.title}"',
        page,
    )


def test_seller_row_ships_inline_and_the_ship_view_takes_it(client, listing):
    order = buy(listing)
    client.force_login(order.seller)

    page = client.get(reverse("listings:selling")).content.decode()

    ship_url = reverse("orders:ship", args=[order.pk])
    assert f'action="{ship_url}"' in page
    assert f'<label for="tracking-{order.pk}">Tracking number</label>' in page
    response = client.post(
        ship_url, {"carrier": "usps", "tracking_number": "9400 1000 0000 0000"}
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == Order.Status.SHIPPED


def test_buyer_row_confirms_receipt_inline_only_once_shipped(client, listing):
    order = buy(listing)
    client.force_login(order.buyer)
    confirm_url = reverse("orders:confirm", args=[order.pk])

    assert confirm_url not in client.get(reverse("orders:buying")).content.decode()

    shipped(order)
    page = client.get(reverse("orders:buying")).content.decode()
    assert f'action="{confirm_url}"' in page
    # A buyer's row never offers shipping.
    assert reverse("orders:ship", args=[order.pk]) not in page
    assert client.post(confirm_url).status_code == 302
    order.refresh_from_db()
    assert order.status == Order.Status.COMPLETED


def test_seller_offer_row_accepts_or_declines_inline(client, listing):
    pending = offer(listing=listing, amount_cents=2000)
    client.force_login(listing.seller)

    page = client.get(reverse("listings:selling")).content.decode()

    accept = reverse("orders:offer-accept", args=[pending.pk])
    decline = reverse("orders:offer-decline", args=[pending.pk])
    assert f'action="{accept}"' in page and f'action="{decline}"' in page
    response = client.post(decline)
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Offer.Status.DECLINED
    # A closed offer has nothing left to answer.
    page = client.get(reverse("listings:selling")).content.decode()
    assert f'action="{accept}"' not in page


def test_buyer_offer_row_has_no_seller_answers(client, listing):
    pending = offer(listing=listing, amount_cents=2000)
    client.force_login(pending.buyer)

    page = client.get(reverse("orders:buying")).content.decode()

    assert reverse("orders:offer-accept", args=[pending.pk]) not in page


def test_another_members_row_actions_are_refused(client, listing):
    order = buy(listing)
    client.force_login(UserFactory())

    response = client.post(
        reverse("orders:ship", args=[order.pk]),
        {"carrier": "usps", "tracking_number": "9400 1000 0000 0000"},
    )

    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == Order.Status.PAID


# --- The order page speaks to its viewer ---------------------------------------------


@pytest.mark.parametrize(
    ("for_buyer", "buyer_reads", "seller_reads"),
    [
        (True, "Refunded to you", "Refunded to the buyer"),
        (False, "Payment released to the seller", "Payment released to you"),
    ],
)
def test_a_settled_problem_is_told_to_each_side_as_you(
    client, listing, for_buyer, buyer_reads, seller_reads
):
    order = buy(listing)
    order = report_problem(
        order=order, buyer=order.buyer, reason="other", description="Odd"
    )
    resolve_dispute(order=order, staff=UserFactory(is_staff=True), for_buyer=for_buyer)

    client.force_login(order.buyer)
    buyer_page = client.get(order.get_absolute_url()).content.decode()
    client.force_login(order.seller)
    seller_page = client.get(order.get_absolute_url()).content.decode()

    assert buyer_reads in buyer_page and seller_reads not in buyer_page
    assert seller_reads in seller_page and buyer_reads not in seller_page
