"""The parts that make a page cheap: cards in one cache round trip, the header
rendered once with holes, the category options rendered once, the Redis
client built once, the block check asked once."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from accounts import selectors as account_selectors
from accounts import services as account_services
from listings.models import Category, Listing
from listings.templatetags import listing_tags
from tests.factories import ListingFactory, UserFactory, add_photos


def cards(listings, eager_count=0):
    return Template("{% listing_cards listings eager_count %}").render(
        Context({"listings": listings, "eager_count": eager_count})
    )


def test_a_grids_cards_are_read_in_one_cache_round_trip(db):
    listings = ListingFactory.create_batch(5)
    for listing in listings:
        add_photos(listing, 1)
    pks = [listing.pk for listing in listings]
    listings = list(Listing.objects.with_card_data().filter(pk__in=pks))
    first = cards(listings, eager_count=2)
    with (
        mock.patch.object(cache, "get_many", wraps=cache.get_many) as many,
        mock.patch.object(listing_tags, "get_template") as template,
    ):
        second = cards(listings, eager_count=2)
    assert second == first
    # One read for the five cards, and none of them rendered again.
    assert many.call_count == 1 and not template.called
    assert first.count('loading="eager"') == 2 and first.count("<li") == 5


def test_a_card_changes_when_its_listing_does(db):
    listing = ListingFactory(title="Brass lamp", like_count=0)
    assert "♥" not in cards([listing])
    Listing.objects.filter(pk=listing.pk).update(like_count=3)
    listing.refresh_from_db()
    assert "♥ 3" in cards([listing])


def header_for(request):
    return Template("{% load storefront_tags %}{% site_header %}").render(
        Context({"request": request})
    )


def test_the_header_fills_its_holes_and_escapes_the_words(db):
    request = RequestFactory().get(
        "/search/", {"q": '"><script>x</script><!--viewer:nav-->'}
    )
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    html = header_for(request)
    assert "<script>x" not in html and "&lt;script&gt;x" in html
    assert "Log in" in html and "<!--viewer:" not in html.replace(
        "&lt;!--viewer:nav--&gt;", ""
    )


def test_a_members_header_has_a_fresh_token_and_their_own_name(client, db, settings):
    settings.SHARED_MAX_SECONDS = 5
    member = UserFactory(display_name="Dana Header")
    client.force_login(member)
    first = client.get(reverse("home")).content.decode()
    second = client.get(reverse("home")).content.decode()
    assert "Dana Header" in first and "<!--viewer:" not in first

    def token(html):
        return html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]

    # The navigation is shared between requests; the masked token is not.
    assert token(first) != token(second) and len(token(first)) == 64
    client.force_login(UserFactory(display_name="Eli Header"))
    other = client.get(reverse("home")).content.decode()
    assert "Eli Header" in other and "Dana Header" not in other


def test_the_category_options_mark_only_the_chosen_one(client, db):
    department = Category.objects.departments().first()

    def category_select(params):
        html = client.get(reverse("listings:search"), params).content.decode()
        return html.split('id="f-category"')[1].split("</select>")[0]

    chosen = category_select({"category": department.slug})
    assert chosen.count(" selected>") == 1
    assert f'<option value="{department.slug}" selected>' in chosen
    assert " selected>" not in category_select({})


def test_the_redis_backend_builds_one_client_per_pool():
    from marketplace.cache import RedisCache

    backend = RedisCache("redis://127.0.0.1:6379/15", {})
    assert backend._cache.get_client() is backend._cache.get_client()
    assert backend._cache.get_client(write=True) is backend._cache.get_client(
        write=True
    )


@pytest.mark.django_db
def test_the_block_check_is_asked_once_and_forgotten_on_a_block(
    django_assert_num_queries,
):
    viewer, seller = UserFactory(), UserFactory()
    with django_assert_num_queries(1):
        assert not account_selectors.is_blocked_between(viewer, seller)
        assert not account_selectors.is_blocked_between(viewer, seller)
    account_services.block_member(blocker=seller, blocked=viewer)
    assert account_selectors.is_blocked_between(viewer, seller)
    account_services.unblock_member(blocker=seller, blocked=viewer)
    assert not account_selectors.is_blocked_between(viewer, seller)
