"""Pages that show one member's own data tell browsers and proxies not to store them."""

import pytest
from django.urls import reverse

from tests.factories import ListingFactory, add_photos, buy, offer

PRIVATE_PAGES = [
    ("orders:buying", None),
    ("orders:detail", "order"),
    ("orders:balance", None),
    ("orders:offer-detail", "offer"),
    ("orders:checkout", "listing"),
    ("listings:selling", None),
    ("accounts:settings", None),
    ("accounts:addresses", None),
    ("accounts:address-new", None),
    ("accounts:password-change", None),
    ("discovery:likes", None),
    ("discovery:saved-searches", None),
]


@pytest.fixture
def world(buyer):
    listing = ListingFactory()
    add_photos(listing, 1)
    offered = ListingFactory()
    add_photos(offered, 1)
    return {
        "listing": listing,
        "order": buy(buyer=buyer),
        "offer": offer(listing=offered, buyer=buyer),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "needs"), PRIVATE_PAGES)
def test_private_page_is_never_stored(buyer_client, world, name, needs):
    args = [world[needs].pk] if needs else []

    response = buyer_client.get(reverse(name, args=args))

    assert response.status_code == 200
    cache_control = response.get("Cache-Control", "")
    assert "no-store" in cache_control
    assert "private" in cache_control


@pytest.mark.django_db
def test_public_pages_for_visitors_stay_cacheable(client, settings):
    settings.PAGE_CACHE_SECONDS = 60
    listing = ListingFactory()
    add_photos(listing, 1)

    for url in (
        reverse("listings:search"),
        reverse("home"),
        listing.get_absolute_url(),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" not in response.get("Cache-Control", ""), url
