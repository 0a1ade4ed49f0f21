"""The anonymous page cache serves repeat visits and never outlives a change."""

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


def test_a_change_to_listings_shows_at_once(client, db, page_cache, on_commit):
    from listings.services import change_listing_status
    from tests.factories import add_photos

    listing = ListingFactory(title="Brass lamp")
    add_photos(listing, 1)
    assert "Brass lamp" in client.get(reverse("listings:search")).content.decode()

    with on_commit():
        change_listing_status(listing=listing, seller=listing.seller, status="paused")

    assert "Brass lamp" not in client.get(reverse("listings:search")).content.decode()


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
