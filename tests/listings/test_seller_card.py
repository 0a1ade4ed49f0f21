"""The item page's seller card: ratings, sales, badges, member since, ships-from
city and state; the ZIP lookup on save and for existing rows; constant queries."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from listings.models import Listing
from listings.places import city_state_for_zip
from listings.services import create_listing, update_listing
from orders.models import Order
from orders.services import rate_order
from tests.factories import (
    ListingFactory,
    UserFactory,
    buy,
    completed,
    first_tier,
    leaf_category,
)

pytestmark = pytest.mark.django_db


def item_page(client, listing):
    response = client.get(reverse("listings:detail", args=[listing.pk]))
    assert response.status_code == 200
    return response.content.decode()


def seller_card(html: str) -> str:
    start = html.index('<section class="seller-card')
    return html[start : html.index("</section>", start)]


def fields(**overrides):
    return {
        "title": "Brass lamp",
        "description": "Works.",
        "category": leaf_category(),
        "brand_name": "",
        "condition": "good",
        "size": "",
        "colour": "",
        "price_cents": 4000,
        "shipping_payer": "buyer",
        "shipping_tier": first_tier(),
        "ships_from_zip": "10001",
        **overrides,
    }


def test_zip_lookup_knows_city_and_state_and_refuses_nonsense():
    assert city_state_for_zip("10001") == ("New York", "NY")
    assert city_state_for_zip("94107") == ("San Francisco", "CA")
    assert city_state_for_zip("00000") == ("", "")
    assert city_state_for_zip("abcde") == ("", "")
    assert city_state_for_zip("") == ("", "")


def test_create_and_edit_fill_ships_from_city_and_state():
    seller = UserFactory()
    listing = create_listing(
        seller=seller, fields=fields(), photo_ids=[], publish=False
    )
    assert (listing.ships_from_city, listing.ships_from_state) == ("New York", "NY")

    update_listing(
        listing=listing,
        seller=seller,
        fields=fields(ships_from_zip="60601"),
        photo_positions={},
        remove_photo_ids=[],
        new_photo_ids=[],
    )

    listing.refresh_from_db()
    assert (listing.ships_from_city, listing.ships_from_state) == ("Chicago", "IL")


def test_backfill_fills_existing_listings():
    listing = ListingFactory(ships_from_zip="98101")
    assert listing.ships_from_city == ""
    migration = import_module("listings.migrations.0010_listing_ships_from_city_state")

    migration.backfill_ships_from(django_apps, None)

    listing.refresh_from_db()
    assert (listing.ships_from_city, listing.ships_from_state) == ("Seattle", "WA")


def ship_after(order, hours):
    """Set how long after payment the order shipped."""
    Order.objects.filter(pk=order.pk).update(
        shipped_at=order.created_at + timedelta(hours=hours)
    )


def test_seller_card_shows_rating_sales_ship_time_badges_since_and_city(client):
    seller = UserFactory(display_name="Rosa")
    for stars, hours in ((5, 10), (4, 30), (4, 50)):
        order = completed(buy(ListingFactory(seller=seller)))
        ship_after(order, hours)
        rate_order(order=order, rater=order.buyer, stars=stars)
        rate_order(order=order, rater=seller, stars=5)
    # Three orders are below BADGE_MIN_ORDERS: set the badge as a longer history would.
    type(seller).objects.filter(pk=seller.pk).update(badge_reliable=True)
    listing = ListingFactory(
        seller=seller,
        ships_from_zip="10001",
        ships_from_city="New York",
        ships_from_state="NY",
    )

    card = seller_card(item_page(client, listing))

    assert "Rosa" in card
    assert "4.3 out of 5" in card
    assert "★★★★☆" in card
    assert "3 ratings" in card
    assert "3 completed sales" in card
    # The median of 10, 30 and 50 hours is 30: "within 2 days", rounded up.
    assert "Usually ships within 2 days" in card
    assert f'href="{reverse("help-badges")}#reliable">Reliable</a>' in card
    assert "Ships fast" not in card
    joined = timezone.localtime(seller.date_joined)
    assert f"Member since {joined:%B %Y}" in card
    assert "Ships from New York, NY" in card


def test_seller_without_sales_shows_no_sales_or_ship_time(client):
    card = seller_card(item_page(client, ListingFactory()))

    assert "No ratings yet" in card
    assert "completed sale" not in card and "Usually ships" not in card


def test_ships_from_is_looked_up_when_the_row_has_no_city_yet(client):
    listing = ListingFactory(ships_from_zip="98101")
    assert listing.ships_from_city == ""

    page = item_page(client, listing)

    assert "Ships from Seattle, WA" in seller_card(page)
    assert "98101" not in page


def test_seller_card_falls_back_to_the_zip(client):
    listing = ListingFactory(ships_from_zip="00000")

    card = seller_card(item_page(client, listing))

    assert "Ships from ZIP 00000" in card
    assert "No ratings yet" in card


def test_item_page_queries_stay_constant_as_the_seller_grows(client):
    seller = UserFactory()
    listing = ListingFactory(seller=seller)
    item_page(client, listing)  # warm caches (categories, page fragments)
    with CaptureQueriesContext(connection) as before:
        item_page(client, listing)

    for _ in range(3):
        order = completed(buy(ListingFactory(seller=seller)))
        rate_order(order=order, rater=order.buyer, stars=4)
        rate_order(order=order, rater=seller, stars=5)
    Listing.objects.filter(seller=seller).exclude(pk=listing.pk).update(
        status="on_sale"
    )
    seller.badge_ships_fast = seller.badge_reliable = True
    seller.save()
    with CaptureQueriesContext(connection) as after:
        html = item_page(client, listing)

    assert "3 completed sales" in html
    assert len(after.captured_queries) == len(before.captured_queries)


def test_fill_ships_from_command_fills_blank_rows_only():
    from io import StringIO

    from django.core.management import call_command

    blank = ListingFactory(ships_from_zip="98101")
    kept = ListingFactory(
        ships_from_zip="98101", ships_from_city="Somewhere", ships_from_state="WA"
    )
    out = StringIO()

    call_command("fill_ships_from", stdout=out)

    blank.refresh_from_db()
    kept.refresh_from_db()
    assert (blank.ships_from_city, blank.ships_from_state) == ("Seattle", "WA")
    assert kept.ships_from_city == "Somewhere"
    assert "listings filled: 1" in out.getvalue()
