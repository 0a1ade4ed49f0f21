"""Buying in a real browser: two members trade an item end to end.

The seller lists, the buyer offers, the seller counters, the buyer accepts,
the seller ships, the buyer confirms, both rate, the seller withdraws (cards
go to the card form by script, in one click; the scenario is
tests/e2e/scenarios.py, which tests/topology runs through nginx too); and a
buy-now with JavaScript off (the card form's confirmation page in between).
Money is checked in the ledger at the end.
"""

import re

import pytest
from playwright.sync_api import expect

from listings.models import Listing
from marketplace.templatetags.money import money
from orders.models import Offer, Order
from orders.services import quote_for
from tests.e2e.helpers import field, log_in
from tests.e2e.scenarios import (
    DatabaseRecords,
    Member,
    fill_card,
    fill_new_address,
    trade_an_item,
)
from tests.e2e.test_selling import jpeg
from tests.factories import (
    AddressFactory,
    ListingFactory,
    UserFactory,
    add_photos,
)


@pytest.fixture
def seller(catalogue):
    return UserFactory(username="seller", display_name="Sam Seller")


@pytest.fixture
def buyer(catalogue):
    return UserFactory(username="buyer", display_name="Ada Buyer")


def test_offer_counter_ship_confirm_rate_withdraw(new_page, seller, buyer, tmp_path):
    trade_an_item(
        new_page(1280),
        new_page(360),
        seller=Member(seller.username, seller.display_name),
        buyer=Member(buyer.username, buyer.display_name),
        photo=jpeg(tmp_path, "lamp.jpg", (800, 600), (200, 40, 60)),
        records=DatabaseRecords(),
    )


def test_buy_now_without_javascript(new_page, buyer):
    listing = ListingFactory(title="Walnut side table", price_cents=8000)
    add_photos(listing)
    page = new_page(360, javascript=False)
    log_in(page, buyer.username)

    page.goto(f"/items/{listing.pk}/")
    page.get_by_role("link", name="Buy now").click()
    total = f"${(8000 + listing.buyer_shipping_cents) / 100:,.2f}"
    # The summary's total (its copy in the summary line shows only when the
    # summary is folded).
    expect(page.get_by_text(total).filter(visible=True).first).to_be_visible()
    fill_new_address(page)
    # Without JavaScript the card goes to the card form first, which answers
    # with a page to confirm the payment (the card is checked, not charged).
    fill_card(page, "4000 0000 0000 0002")
    page.get_by_role("button", name="Confirm purchase").click()
    page.get_by_role("button", name=f"Confirm and pay {total}").click()
    expect(page.get_by_text("Your card was declined").first).to_be_visible()
    assert not Order.objects.exists()

    fill_card(page)
    page.get_by_role("button", name="Confirm purchase").click()
    page.get_by_role("button", name=f"Confirm and pay {total}").click()
    expect(page.get_by_text("Thanks! Your order is confirmed.")).to_be_visible()
    order = Order.objects.get(listing=listing, buyer=buyer)
    assert order.total_cents == 8000 + listing.buyer_shipping_cents
    listing.refresh_from_db()
    assert listing.status == Listing.Status.SOLD


# --- Checkout and offer forms with JavaScript --------------------------------------

# Offers across the range of a $25.00 item (offers from $12.50 to $24.99), with
# cents that make the fee round both ways.
OFFERS = ["12.50", "13", "15.49", "17.51", "19.99", "20", "22.25", "24.99"]


@pytest.mark.parametrize("fee_percent", [0, 4, 7])
def test_live_offer_total_equals_the_server_quote(page, buyer, settings, fee_percent):
    settings.BUYER_FEE_PERCENT = fee_percent
    listing = ListingFactory(title="Brass desk lamp", price_cents=2500)
    log_in(page, buyer.username)
    page.goto(f"/items/{listing.pk}/offer/")
    summary = page.locator("[data-live-summary]")
    # With JavaScript the total is live: no "Show total" round trip.
    expect(page.get_by_role("button", name="Show total")).to_have_count(0)

    for typed in OFFERS:
        cents = round(float(typed) * 100)
        quote = quote_for(listing, cents)
        field(page, "Offer").fill(typed)
        expect(summary.locator("dd.summary-total")).to_have_text(
            money(quote.total_cents)
        )
        fee_line = summary.get_by_text("Buyer protection fee")
        if quote.shows_buyer_fee:
            expect(fee_line).to_be_visible()
            expect(summary.locator("dd").nth(2)).to_have_text(
                money(quote.buyer_fee_cents)
            )
        else:
            expect(fee_line).to_have_count(0)
        expect(page.locator("[data-authorized]")).to_have_text(
            f"{money(quote.total_cents)} will be authorized now."
        )

    # Out of range: no total is promised.
    field(page, "Offer").fill("25")
    expect(summary.locator("dd.summary-total")).to_have_count(0)


def test_error_summary_takes_focus_after_a_declined_card(page, buyer):
    listing = ListingFactory(title="Walnut side table", price_cents=8000)
    log_in(page, buyer.username)
    page.goto(f"/items/{listing.pk}/buy/")
    fill_new_address(page)
    fill_card(page, "4000 0000 0000 0002")
    page.get_by_role("button", name="Confirm purchase").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Your card was declined")).to_be_visible()
    summary.get_by_role("link", name="Your card was declined").click()
    expect(page).to_have_url(re.compile(r"#id_card_number$"))
    assert not Order.objects.exists()


@pytest.mark.parametrize("page", [360, 1280], indirect=True)
def test_choosing_a_saved_address_hides_the_new_address_fields(page, buyer):
    AddressFactory(user=buyer, full_name="Saved Person")
    buyer.default_address = None
    buyer.save(update_fields=["default_address"])
    listing = ListingFactory(price_cents=3000)
    log_in(page, buyer.username)
    page.goto(f"/items/{listing.pk}/buy/")

    new_fields = page.locator("[data-new-address]")
    page.get_by_role("radio", name="A new address").check()
    expect(new_fields).to_be_visible()
    expect(field(page, "Full name")).to_be_visible()
    page.get_by_role("radio", name=re.compile("Saved Person")).check()
    expect(new_fields).to_be_hidden()
    page.get_by_role("radio", name="A new address").check()
    expect(field(page, "ZIP code")).to_be_visible()


def test_offer_without_javascript_shows_the_total_then_asks_the_card(new_page, buyer):
    listing = ListingFactory(title="Brass desk lamp", price_cents=2500)
    page = new_page(360, javascript=False)
    log_in(page, buyer.username)
    page.goto(f"/items/{listing.pk}/offer/")

    field(page, "Offer").fill("20")
    fill_new_address(page)
    page.get_by_role("button", name="Show total").click()
    total = money(quote_for(listing, 2000).total_cents)
    expect(page.get_by_text(f"{total} will be authorized now.")).to_be_visible()
    # Everything typed is still there.
    expect(field(page, "Offer")).to_have_value("20")
    expect(field(page, "Full name")).to_have_value("Ada Buyer")
    expect(field(page, "ZIP code")).to_have_value("94105")
    expect(field(page, "Card number")).to_be_hidden()

    page.get_by_role("button", name="Make offer").click()
    expect(page.get_by_role("heading", name="Enter your card")).to_be_visible()
    fill_card(page)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name=re.compile("Confirm and pay")).click()
    expect(page.get_by_text("Waiting for the seller").first).to_be_visible()
    made = Offer.objects.get(listing=listing, buyer=buyer)
    assert made.amount_cents == 2000
