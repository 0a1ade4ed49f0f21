"""Shared fragments and the anonymous page cache: bounded staleness for other
people's changes, none for a member's own, none for an item's price, status
and buy button (marketplace/shared.py, marketplace/pagecache.py)."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from listings.models import Listing
from marketplace import shared
from tests.factories import ListingFactory, UserFactory, add_photos

FRESH, MAX = 2, 5
KIND = "item_sold"


@pytest.fixture
def fragments(settings):
    settings.SHARED_FRESH_SECONDS = FRESH
    settings.SHARED_MAX_SECONDS = MAX


def search(client, **params):
    return client.get(reverse("listings:search"), params).content.decode()


def change_behind_the_scenes(listing, **fields):
    """Another member's change, made without a request from the viewer (and,
    as the services do, with a new update time)."""
    Listing.objects.filter(pk=listing.pk).update(updated_at=timezone.now(), **fields)


@pytest.fixture
def lamp(db):
    listing = ListingFactory(title="Brass lamp", price_cents=2500)
    add_photos(listing, 1)
    return listing


# --- Other members' changes: bounded by time ---------------------------------------
def test_a_fragment_is_shared_by_every_member(
    client, lamp, fragments, django_assert_num_queries
):
    first, second = UserFactory(), UserFactory()
    client.force_login(first)
    search(client, sort="newest")
    client.force_login(second)
    search(client, sort="newest")  # the second member's header counts, once
    # From then on: the session, the member, nothing for the page itself.
    with django_assert_num_queries(2):
        html = search(client, sort="newest")
    assert "Brass lamp" in html


def test_others_changes_show_within_the_bound(client, lamp, fragments, clock):
    client.force_login(UserFactory())
    assert "Brass lamp" in search(client, sort="newest")

    change_behind_the_scenes(lamp, status=Listing.Status.PAUSED)
    clock(FRESH - 0.5)
    assert "Brass lamp" in search(client, sort="newest")  # still fresh
    clock(1)
    # Past its fresh time: the next request renders the page again.
    assert "Brass lamp" not in search(client, sort="newest")


def test_a_stale_fragment_is_never_served_past_the_hard_bound(
    client, lamp, fragments, clock
):
    client.force_login(UserFactory())
    search(client, sort="newest")
    change_behind_the_scenes(lamp, status=Listing.Status.PAUSED)
    clock(FRESH + 0.5)
    key = cache_key_of_only_fragment("search")
    # Another worker is re-rendering it: the old copy is served meanwhile...
    cache.add(f"{key}:lock", 1, timeout=60)
    assert "Brass lamp" in search(client, sort="newest")
    # ...but never once it is SHARED_MAX_SECONDS old.
    clock(MAX)
    assert "Brass lamp" not in search(client, sort="newest")


def cache_key_of_only_fragment(name):
    keys = [
        key
        for key in cache._cache  # locmem: the keys as stored
        if f":shared:{name}:" in key and not key.endswith(":lock")
    ]
    assert len(keys) == 1, keys
    return keys[0].split(":", 2)[2]  # without locmem's prefix and version


# --- A member's own changes: at once -------------------------------------------------
def test_a_members_own_change_shows_on_their_next_page(client, lamp, fragments):
    seller = lamp.seller
    other = UserFactory()
    client.force_login(other)
    assert "Brass lamp" in search(client, sort="newest")

    client.force_login(seller)
    response = client.post(reverse("listings:pause", args=[lamp.pk]))
    cookie = response.cookies[shared.FRESH_COOKIE]
    assert cookie["max-age"] == MAX + 1
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert "Brass lamp" not in search(client, sort="newest")
    assert "Brass lamp" not in client.get(seller.get_absolute_url()).content.decode()

    # What the seller's page rendered replaced the shared copy: everyone
    # else sees the change now too, rather than a few seconds later.
    client.cookies.pop(shared.FRESH_COOKIE)
    client.force_login(other)
    assert "Brass lamp" not in search(client, sort="newest")


def test_a_like_shows_on_the_likers_next_page(client, lamp, fragments):
    member = UserFactory()
    client.force_login(member)
    assert "♥ 1" not in search(client, sort="newest")
    client.post(reverse("discovery:like", args=[lamp.pk]))
    assert "♥ 1" in search(client, sort="newest")


def test_reads_set_no_cookie_and_a_get_that_writes_does(client, db, fragments):
    from notifications.models import Notification

    member = UserFactory()
    client.force_login(member)
    assert shared.FRESH_COOKIE not in client.get(reverse("home")).cookies
    notification = Notification.objects.create(
        recipient=member, kind=KIND, event_key="test", text="Sold", url="/"
    )
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert shared.FRESH_COOKIE in response.cookies


def test_the_header_counts_are_fresh_after_the_members_own_write(client, db, fragments):
    from notifications.models import Notification

    member = UserFactory()
    notification = Notification.objects.create(
        recipient=member, kind=KIND, event_key="test", text="Sold", url="/"
    )
    client.force_login(member)
    assert "Notifications, 1 unread" in client.get(reverse("home")).content.decode()
    client.post(reverse("notifications:read", args=[notification.pk]))
    assert "Notifications, 1 unread" not in (
        client.get(reverse("home")).content.decode()
    )


# --- Never stale: an item's price, status and buy button ------------------------------
@pytest.mark.parametrize("who", ["visitor", "member"])
def test_an_items_price_status_and_buy_button_are_always_current(
    client, lamp, fragments, settings, who
):
    settings.PAGE_CACHE_SECONDS = MAX
    if who == "member":
        client.force_login(UserFactory())
    url = lamp.get_absolute_url()
    assert "$25.00" in client.get(url).content.decode()

    change_behind_the_scenes(lamp, price_cents=1900)
    html = client.get(url).content.decode()
    assert "$19.00" in html and "$25.00" not in html.split("Similar items")[0]
    assert "Buy now" in html

    change_behind_the_scenes(lamp, status=Listing.Status.SOLD)
    html = client.get(url).content.decode()
    assert "SOLD" in html and "Buy now" not in html


# --- Viewer parts around a shared fragment --------------------------------------------
def test_each_viewer_gets_their_own_parts_around_a_shared_profile(
    client, lamp, fragments
):
    seller = lamp.seller
    client.get(seller.get_absolute_url())  # a visitor renders the shared part

    client.force_login(seller)
    mine = client.get(seller.get_absolute_url()).content.decode()
    assert "Edit your profile" in mine and "Block" not in mine

    client.force_login(UserFactory())
    theirs = client.get(seller.get_absolute_url()).content.decode()
    assert "Edit your profile" not in theirs and ">Block<" in theirs
    assert "Brass lamp" in mine and "Brass lamp" in theirs
    assert "<!--viewer:" not in mine + theirs


def test_the_save_button_is_the_members_own(client, lamp, fragments):
    visitor = search(client, q="lamp")
    assert "Save this search" not in visitor and "<!--viewer:" not in visitor
    client.force_login(UserFactory())
    html = search(client, q="lamp")
    assert "Save this search" in html and 'name="csrfmiddlewaretoken"' in html
    assert "<!--viewer:" not in html


def test_made_up_parameters_share_one_fragment(
    client, lamp, fragments, django_assert_num_queries
):
    client.force_login(UserFactory())
    search(client, sort="newest")
    with django_assert_num_queries(2):  # session and member only
        html = search(client, sort="newest", utm="x" * 50, anything="else")
    assert "Brass lamp" in html


def test_a_fresh_visitor_fills_the_fragment_for_the_others(
    client, lamp, fragments, clock
):
    client.force_login(UserFactory())
    search(client, sort="newest")
    change_behind_the_scenes(lamp, title="Copper lamp")
    Listing.objects.filter(pk=lamp.pk).update(search_document="copper lamp")
    client.cookies[shared.FRESH_COOKIE] = "1"
    assert "Copper lamp" in search(client, sort="newest")
    client.cookies.pop(shared.FRESH_COOKIE)
    assert "Copper lamp" in search(client, sort="newest")


def test_off_when_the_bound_is_zero(client, lamp, settings, django_assert_num_queries):
    settings.SHARED_MAX_SECONDS = 0
    client.force_login(UserFactory())
    search(client, sort="newest")
    change_behind_the_scenes(lamp, status=Listing.Status.PAUSED)
    assert "Brass lamp" not in search(client, sort="newest")


# --- The home page and the item page's shared parts -----------------------------------
def test_home_shares_new_arrivals_and_keeps_the_members_own_parts(
    client, lamp, fragments, django_assert_max_num_queries
):
    member = UserFactory(display_name="Dana Home")
    client.force_login(member)
    client.get(reverse("home"))
    with django_assert_max_num_queries(2):
        html = client.get(reverse("home")).content.decode()
    assert "Welcome back, Dana Home" in html and "Brass lamp" in html
    client.force_login(UserFactory(display_name="Eli Home"))
    html = client.get(reverse("home")).content.decode()
    assert "Welcome back, Eli Home" in html and "Dana Home" not in html


def test_the_item_pages_similar_items_are_shared(client, lamp, fragments):
    similar = ListingFactory(title="Brass sconce", category=lamp.category)
    add_photos(similar, 1)
    url = lamp.get_absolute_url()
    assert "Brass sconce" in client.get(url).content.decode()
    client.force_login(UserFactory())
    assert "Brass sconce" in client.get(url).content.decode()
