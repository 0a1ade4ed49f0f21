"""Browser scenarios that more than one test runs: against the live server
(tests/e2e) and through nginx in front of several web nodes (tests/topology).

A scenario drives pages and reads what it checks through `records`: a
`DatabaseRecords` reads this process's database; the topology's tests run the
same methods in a process with the topology's settings.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.helpers import field, log_in
from tests.e2e.test_selling import TITLE, fill_sell_form
from tests.factories import PASSWORD


@dataclass(frozen=True)
class Member:
    username: str
    display_name: str


class DatabaseRecords:
    """What the trade scenario checks, read with the ORM (plain values only, so
    that the topology can send them from another process as JSON)."""

    def catalogue(self) -> dict:
        from listings.models import Category, ShippingTier

        tier = ShippingTier.objects.filter(is_active=True).order_by("position").first()
        return {
            "category": Category.objects.get(slug="home-lighting").pk,
            "tier": tier.pk,
        }

    def offer(self, listing_id: int, buyer: str) -> dict:
        from orders.models import Offer

        offer = Offer.objects.get(listing_id=listing_id, buyer__username=buyer)
        return {"amount_cents": offer.amount_cents, "status": offer.status}

    def order(self, order_id: int) -> dict:
        from orders.models import GatewayCall, Order

        order = Order.objects.get(pk=order_id)
        captures = GatewayCall.objects.filter(
            kind="capture", reference=order.payment_reference, status="captured"
        )
        return {
            "listing_id": order.listing_id,
            "status": order.status,
            "item_cents": order.item_cents,
            "total_cents": order.total_cents,
            "seller_earnings_cents": order.seller_earnings_cents,
            "captured_cents": [call.amount_cents for call in captures],
        }

    def visible_ratings(self, order_id: int) -> int:
        from orders.models import Rating

        return Rating.objects.filter(order_id=order_id, visible=True).count()

    def available_cents(self, username: str) -> int:
        from django.contrib.auth import get_user_model

        from orders import ledger

        return ledger.available_cents(get_user_model().objects.get(username=username))

    def withdrawals_cents(self, username: str) -> list[int]:
        from orders.models import Withdrawal

        return list(
            Withdrawal.objects.filter(member__username=username)
            .order_by("pk")
            .values_list("amount_cents", flat=True)
        )

    def reconcile(self) -> None:
        """reconcile_ledger: raises when a cent is unaccounted for."""
        from django.core.management import call_command

        call_command("reconcile_ledger")


def _id_in(url: str, pattern: str) -> int:
    found = re.search(pattern, url)
    assert found, f"no {pattern} in {url}"
    return int(found[1])


def fill_new_address(page):
    field(page, "Full name").fill("Ada Buyer")
    field(page, "Address").fill("1 Market St")
    field(page, "City").fill("San Francisco")
    field(page, "State").select_option("CA")
    field(page, "ZIP code").fill("94105")


def fill_card(page, number="4242 4242 4242 4242"):
    field(page, "Card number").fill(number)
    field(page, "Expiry").fill("12/30")
    field(page, "CVC").fill("123")


def rate(page, stars, comment):
    page.get_by_role("radio", name=f"{stars} stars").check()
    field(page, "Comment").fill(comment)
    page.get_by_role("button", name="Submit rating").click()


def trade_an_item(
    seller_page, buyer_page, *, seller: Member, buyer: Member, photo: Path, records
) -> int:
    """The whole trade: the seller lists, the buyer offers, the seller counters,
    the buyer accepts, the seller ships, the buyer confirms, both rate, the
    seller withdraws; every cent reconciled at the end. Returns the order's id.
    """
    # The seller lists a $40 lamp with a photo.
    log_in(seller_page, seller.username)
    seller_page.goto("/items/new/")
    field(seller_page, "Photos").set_input_files([photo])
    catalogue = records.catalogue()
    fill_sell_form(
        seller_page, price="40", category=catalogue["category"], tier=catalogue["tier"]
    )
    seller_page.get_by_role("button", name="List item").click()
    expect(seller_page.get_by_role("heading", name=TITLE)).to_be_visible()
    listing_id = _id_in(seller_page.url, r"/items/(\d+)/")
    item_url = f"/items/{listing_id}/"

    # The buyer (on a phone) offers $30 with a new address and a card.
    log_in(buyer_page, buyer.username)
    buyer_page.goto(item_url)
    buyer_page.get_by_role("link", name="Make offer").click()
    field(buyer_page, "Offer").fill("30")
    fill_new_address(buyer_page)
    fill_card(buyer_page)
    buyer_page.get_by_role("button", name="Make offer").click()
    expect(buyer_page.get_by_text("Waiting for the seller").first).to_be_visible()
    assert records.offer(listing_id, buyer.username) == {
        "amount_cents": 3000,
        "status": "pending",
    }

    # The seller finds it on /selling/ and counters at $35.
    seller_page.goto("/selling/")
    seller_page.get_by_role("link", name=TITLE).first.click()
    field(seller_page, "Counter offer").fill("35")
    seller_page.get_by_role("button", name="Send counter offer").click()
    expect(seller_page.get_by_text("Countered").first).to_be_visible()

    # The buyer accepts the counter from /buying/, entering the card again.
    buyer_page.goto("/buying/")
    buyer_page.get_by_role("link", name=TITLE).first.click()
    fill_card(buyer_page)
    buyer_page.get_by_role("button", name="Accept counter offer").click()
    expect(buyer_page).to_have_url(re.compile(r"/orders/\d+/$"))
    order_id = _id_in(buyer_page.url, r"/orders/(\d+)/$")
    order_url = f"/orders/{order_id}/"
    order = records.order(order_id)
    assert order["listing_id"] == listing_id
    assert order["item_cents"] == 3500
    assert order["status"] == "paid"
    assert order["captured_cents"] == [order["total_cents"]]
    expect(
        buyer_page.get_by_text(f"${order['total_cents'] / 100:,.2f}").first
    ).to_be_visible()

    # The seller ships with a tracking number.
    seller_page.goto(order_url)
    expect(seller_page.get_by_text("1 Market St")).to_be_visible()
    field(seller_page, "Carrier").select_option("usps")
    field(seller_page, "Tracking number").fill("9400 1000 0000 0000 0000 00")
    seller_page.get_by_role("button", name="Mark shipped").click()
    expect(seller_page.get_by_text("Shipped").first).to_be_visible()

    # The buyer sees the tracking link, confirms receipt and rates.
    buyer_page.goto(order_url)
    expect(buyer_page.get_by_role("link", name=re.compile("9400"))).to_be_visible()
    buyer_page.get_by_role("button", name="Confirm receipt").click()
    expect(buyer_page.get_by_role("button", name="Submit rating")).to_be_visible()
    rate(buyer_page, 5, "Exactly as described, fast shipping.")
    expect(
        buyer_page.get_by_text(f"You rated {seller.display_name} 5 of 5 stars.")
    ).to_be_visible()

    # The seller rates back; both ratings are now visible.
    seller_page.goto(order_url)
    rate(seller_page, 5, "Quick payment, thanks!")
    expect(
        seller_page.get_by_text(f"{buyer.display_name} rated you 5 of 5 stars.")
    ).to_be_visible()
    assert records.visible_ratings(order_id) == 2

    # The seller withdraws the whole available balance.
    earnings = order["seller_earnings_cents"]
    assert records.available_cents(seller.username) == earnings
    seller_page.goto("/balance/")
    expect(seller_page.get_by_text(f"${earnings / 100:,.2f}").first).to_be_visible()
    field(seller_page, "Routing number").fill("011000015")
    field(seller_page, "Account number").fill("000123456789")
    field(seller_page, "Password").fill(PASSWORD)
    seller_page.get_by_role("button", name="Withdraw").click()
    expect(
        seller_page.get_by_text(re.compile("is on its way to your account ending 6789"))
    ).to_be_visible()
    assert records.withdrawals_cents(seller.username) == [earnings]
    assert records.available_cents(seller.username) == 0

    # Every cent is accounted for.
    records.reconcile()
    return order_id
