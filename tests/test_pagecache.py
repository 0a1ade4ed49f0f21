"""The anonymous page cache serves repeat visits, and a change within its bound."""

import pytest
from django.urls import reverse

from tests.factories import ListingFactory, UserFactory


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60


def test_repeat_anonymous_visit_is_served_from_cache(
    client, db, page_cache, django_assert_num_queries
):
    ListingFactory(title="Brass lamp")
    first = client.get(reverse("listings:search"))
    with django_assert_num_queries(0):
        second = client.get(reverse("listings:search"))
    assert second.content == first.content


def test_a_change_shows_within_the_bound(client, db, page_cache, on_commit, clock):
    from listings.services import change_listing_status
    from tests.factories import add_photos

    listing = ListingFactory(title="Brass lamp")
    add_photos(listing, 1)
    assert "Brass lamp" in client.get(reverse("listings:search")).content.decode()

    with on_commit():
        change_listing_status(listing=listing, seller=listing.seller, status="paused")

    # No write empties the cache (a trickle of writes would keep it cold)...
    assert "Brass lamp" in client.get(reverse("listings:search")).content.decode()
    # ...but no page is served once PAGE_CACHE_SECONDS old.
    clock(60)
    assert "Brass lamp" not in client.get(reverse("listings:search")).content.decode()


def test_a_visitor_who_just_wrote_is_not_served_cached_pages(client, db, page_cache):
    from marketplace.shared import FRESH_COOKIE

    ListingFactory(title="Brass lamp")
    client.get(reverse("listings:search"))
    client.cookies[FRESH_COOKIE] = "1"
    assert client.get(reverse("listings:search")).status_code == 200
    assert FRESH_COOKIE in client.cookies


def test_members_and_visitors_with_a_session_are_never_served_cached_pages(
    client, db, page_cache
):
    client.get(reverse("home"))
    member = UserFactory(display_name="Dana Visible")
    client.force_login(member)
    assert "Dana Visible" in client.get(reverse("home")).content.decode()


def test_off_by_default(client, db, django_assert_max_num_queries, settings):
    assert settings.PAGE_CACHE_SECONDS == 0
    client.get(reverse("listings:search"))
    with django_assert_max_num_queries(20) as queries:
        client.get(reverse("listings:search"))
    assert len(queries.captured_queries) > 0
