"""The home page: a member's to-dos and finds first; visitors' page cached."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from discovery.services import like_listing
from listings.models import Listing
from storefront.selectors import header_counts
from tests.factories import (
    ListingFactory,
    UserFactory,
    add_photos,
    buy,
    offer,
    shipped,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60


def sections(html: str) -> dict[str, str]:
    """The to-do groups' HTML by heading id."""
    found = {}
    for heading_id in ("to-ship-heading", "offers-heading", "to-confirm-heading"):
        match = re.search(
            rf'aria-labelledby="{heading_id}">(.*?)</section>', html, re.S
        )
        found[heading_id] = match.group(1) if match else ""
    return found


def trades_of(member, n: int, *, photos: bool = False) -> None:
    """`n` orders to ship, offers to answer and deliveries to confirm for `member`."""
    for i in range(n):
        sold = ListingFactory(seller=member, title=f"To ship {i}")
        offered = ListingFactory(seller=member, title=f"Offered {i}")
        bought = ListingFactory(title=f"Bought {i}")
        if photos:
            for listing in (sold, offered, bought):
                add_photos(listing)
        buy(listing=sold)
        offer(listing=offered)
        shipped(buy(listing=bought, buyer=member))


def test_member_home_lists_what_needs_doing_first(client, member):
    trades_of(member, 2)
    # Someone else's trades and the member's finished ones are not to-dos.
    trades_of(UserFactory(), 1)
    client.force_login(member)

    html = client.get(reverse("home")).content.decode()

    found = sections(html)
    assert "To ship 0" in found["to-ship-heading"]
    assert "To ship 1" in found["to-ship-heading"]
    assert "Offered 0" in found["offers-heading"]
    assert "Bought 1" in found["to-confirm-heading"]
    assert 'class="count-badge">2<' in found["to-ship-heading"]
    assert "Offered 0" not in found["to-ship-heading"]
    assert "To ship" not in found["to-confirm-heading"]
    # The to-dos come before the new arrivals.
    assert html.index("to-do-heading") < html.index("new-heading")
    assert "Sell what you don't use" not in html  # the visitor's hero


def test_a_member_with_nothing_to_do_is_told_so(client, member):
    client.force_login(member)
    html = client.get(reverse("home")).content.decode()
    assert "Nothing needs doing right now" in html
    assert "to-ship-heading" not in html


def test_shipped_and_answered_items_leave_the_lists(client, member, on_commit):
    sold = ListingFactory(seller=member, title="Shipped lamp")
    order = buy(listing=sold)
    shipped(order)
    client.force_login(member)
    html = client.get(reverse("home")).content.decode()
    assert "Shipped lamp" not in sections(html)["to-ship-heading"]
    assert header_counts(member=member).to_do == 0


def test_member_home_queries_do_not_grow_with_the_items(client, member):
    trades_of(member, 1, photos=True)
    client.force_login(member)
    client.get(reverse("home"))  # warm the per-process caches (sessions, ...)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    trades_of(member, 4, photos=True)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("home"))
    assert len(many) == len(few)
    # Session, member, header counts, three to-do lists and their photos,
    # likes, saved searches, new arrivals (ids, rows, photos), departments.
    assert len(many) <= 15


def test_liked_items_with_a_price_drop_are_shown(client, member):
    dropped = ListingFactory(title="Cheaper chair", price_cents=5000)
    same = ListingFactory(title="Same-price stool", price_cents=5000)
    like_listing(user=member, listing=dropped)
    like_listing(user=member, listing=same)
    Listing.objects.filter(pk=dropped.pk).update(price_cents=4000)
    client.force_login(member)

    html = client.get(reverse("home")).content.decode()

    drops = html[html.index("drops-heading") : html.index("new-heading")]
    assert "Cheaper chair" in drops
    assert "$10.00 less than when you liked it" in drops
    assert "Same-price stool" not in drops


def test_visitor_home_keeps_hero_new_arrivals_and_department_tiles(client):
    ListingFactory(title="Brass lamp")
    html = client.get(reverse("home")).content.decode()
    assert "Sell what you don't use" in html
    assert "new-heading" in html
    assert 'class="department-tile"' in html
    assert reverse("departments") in html
    assert "to-do-heading" not in html


def test_visitor_home_is_served_from_the_page_cache(
    client, page_cache, django_assert_num_queries
):
    first = client.get(reverse("home"))
    with django_assert_num_queries(0):
        second = client.get(reverse("home"))
    assert second.content == first.content


def test_a_member_never_gets_the_cached_visitor_page(client, member, page_cache):
    trades_of(member, 1)
    client.get(reverse("home"))  # a visitor fills the cache
    client.force_login(member)
    html = client.get(reverse("home")).content.decode()
    assert "To ship 0" in html
    assert "Sell what you don't use" not in html


def test_a_member_page_is_never_stored_for_visitors(
    client, member, page_cache, django_assert_max_num_queries
):
    trades_of(member, 1)
    client.force_login(member)
    client.get(reverse("home"))
    client.logout()
    client.cookies.clear()
    html = client.get(reverse("home")).content.decode()
    assert "To ship 0" not in html
    assert "Sell what you don't use" in html


def test_departments_page_lists_every_department_and_category(client):
    from listings.models import Category

    html = client.get(reverse("departments")).content.decode()
    for category in Category.objects.all():
        assert category.get_absolute_url() in html


# --- The account menu -----------------------------------------------------------


def test_header_counts_are_one_query(member, django_assert_num_queries):
    trades_of(member, 2)
    with django_assert_num_queries(1):
        counts = header_counts(member=member)
    assert (counts.to_ship, counts.offers_to_answer, counts.to_confirm) == (2, 2, 2)
    assert counts.to_do == 6


def test_account_menu_shows_the_to_do_count(client, member):
    trades_of(member, 1)
    client.force_login(member)
    html = client.get(reverse("discovery:likes")).content.decode()
    summary = html[html.index('class="account-button"') : html.index("</summary>")]
    assert 'class="count-badge" aria-hidden="true">3<' in summary
    assert "(3 things to do)" in summary
    assert member.name in summary


def test_bell_and_menu_share_one_count_query(client, member):
    trades_of(member, 1)
    client.force_login(member)
    client.get(reverse("discovery:likes"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("discovery:likes"))
    notification_queries = [
        q["sql"] for q in queries if "notifications_notification" in q["sql"]
    ]
    assert len(notification_queries) == 1
    assert "orders_order" in notification_queries[0]
