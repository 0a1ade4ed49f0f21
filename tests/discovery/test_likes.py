"""Likes: counted once per member, only public listings, htmx partial."""

import threading

import pytest
from django.db import connection, transaction
from django.template import Context, Template
from django.urls import reverse

from discovery import selectors, services
from discovery.exceptions import DiscoveryError
from discovery.models import Like
from listings.models import Listing
from tests.factories import ListingFactory, UserFactory


def _like_count(listing) -> int:
    return Listing.objects.values_list("like_count", flat=True).get(pk=listing.pk)


def test_like_is_counted_once_per_member(member):
    listing = ListingFactory(price_cents=4200)
    other = UserFactory()

    assert services.like_listing(user=member, listing=listing) is True
    assert services.like_listing(user=member, listing=listing) is False
    assert _like_count(listing) == 1
    services.like_listing(user=other, listing=listing)
    assert _like_count(listing) == 2
    like = Like.objects.get(user=member, listing=listing)
    assert like.price_cents_at_like == 4200

    assert services.unlike_listing(user=member, listing=listing) is True
    assert services.unlike_listing(user=member, listing=listing) is False
    assert _like_count(listing) == 1
    assert not Like.objects.filter(user=member, listing=listing).exists()


def test_sold_listing_can_be_liked(member):
    listing = ListingFactory(status=Listing.Status.SOLD)

    assert services.like_listing(user=member, listing=listing) is True


def test_seller_cannot_like_own_listing(member):
    listing = ListingFactory(seller=member)

    with pytest.raises(DiscoveryError, match="your own"):
        services.like_listing(user=member, listing=listing)
    assert _like_count(listing) == 0
    assert not Like.objects.exists()


@pytest.mark.parametrize("status", ["draft", "paused", "removed"])
def test_hidden_listing_cannot_be_liked(member, status):
    listing = ListingFactory(status=status)

    with pytest.raises(DiscoveryError):
        services.like_listing(user=member, listing=listing)
    assert _like_count(listing) == 0


def test_listing_of_closed_account_cannot_be_liked(member):
    listing = ListingFactory(seller=UserFactory(is_active=False))

    with pytest.raises(DiscoveryError):
        services.like_listing(user=member, listing=listing)


def test_unlike_never_takes_the_count_below_zero(member):
    listing = ListingFactory()
    # A like row whose count was lost (e.g. restored from a backup).
    Like.objects.create(user=member, listing=listing, price_cents_at_like=2500)

    assert services.unlike_listing(user=member, listing=listing) is True
    assert _like_count(listing) == 0


@pytest.mark.mysql
@pytest.mark.django_db(transaction=True)
def test_concurrent_double_like_counts_once(catalogue):
    member = UserFactory()
    listing = ListingFactory()
    first_inserted = threading.Event()
    results, errors = [], []

    def first():
        try:
            with transaction.atomic():
                results.append(services.like_listing(user=member, listing=listing))
                first_inserted.set()
                # Hold the uncommitted like while the second request runs into
                # the unique key (it waits for this commit, then loses).
                threading.Event().wait(0.5)
        except Exception as error:
            errors.append(error)
            first_inserted.set()
        finally:
            connection.close()

    def second():
        try:
            first_inserted.wait(5)
            results.append(services.like_listing(user=member, listing=listing))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    assert errors == []
    assert sorted(results) == [False, True]
    assert Like.objects.filter(listing=listing).count() == 1
    assert _like_count(listing) == 1


# --- Views --------------------------------------------------------------------
def test_like_and_unlike_redirect_back_to_the_item(member_client, member):
    listing = ListingFactory()

    response = member_client.post(reverse("discovery:like", args=[listing.pk]))
    assert response.status_code == 302
    assert response.url == listing.get_absolute_url()
    assert _like_count(listing) == 1
    member_client.post(reverse("discovery:like", args=[listing.pk]))
    assert _like_count(listing) == 1

    response = member_client.post(
        reverse("discovery:unlike", args=[listing.pk]), {"next": "/likes/?page=2"}
    )
    assert response.url == "/likes/?page=2"
    assert _like_count(listing) == 0


def test_like_ignores_an_offsite_next(member_client):
    listing = ListingFactory()

    response = member_client.post(
        reverse("discovery:like", args=[listing.pk]),
        {"next": "https://evil.example/"},
    )

    assert response.url == listing.get_absolute_url()


def test_get_on_like_url_changes_nothing(member_client):
    listing = ListingFactory()

    response = member_client.get(reverse("discovery:like", args=[listing.pk]))

    assert response.status_code == 302
    assert response.url == listing.get_absolute_url()
    assert _like_count(listing) == 0


def test_liking_own_listing_shows_a_message(member_client, member):
    listing = ListingFactory(seller=member)

    response = member_client.post(
        reverse("discovery:like", args=[listing.pk]), follow=True
    )

    assert "You cannot like your own listing." in response.content.decode()
    assert _like_count(listing) == 0


def test_visitor_is_sent_to_login_and_back_to_the_item(client, db):
    listing = ListingFactory()

    response = client.post(reverse("discovery:like", args=[listing.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert f"next=/items/{listing.pk}/" in response.url
    assert _like_count(listing) == 0

    response = client.post(
        reverse("discovery:like", args=[listing.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("accounts:login"))


def test_like_of_missing_listing_is_a_404(member_client):
    assert member_client.post(reverse("discovery:like", args=[999999])).status_code == (
        404
    )


def test_htmx_like_returns_just_the_button(member_client, member):
    listing = ListingFactory()
    services.like_listing(user=UserFactory(), listing=listing)

    response = member_client.post(
        reverse("discovery:like", args=[listing.pk]), HTTP_HX_REQUEST="true"
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert page.lstrip().startswith("<form")
    assert 'aria-pressed="true"' in page
    assert "2 likes" in page
    assert reverse("discovery:unlike", args=[listing.pk]) in page
    assert "csrfmiddlewaretoken" in page

    response = member_client.post(
        reverse("discovery:unlike", args=[listing.pk]), HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert 'aria-pressed="false"' in page and "1 like<" in page
    assert reverse("discovery:like", args=[listing.pk]) in page


def test_htmx_refusal_comes_back_in_the_button(member_client, member):
    listing = ListingFactory(seller=member)

    response = member_client.post(
        reverse("discovery:like", args=[listing.pk]), HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert "You cannot like your own listing." in response.content.decode()


def test_like_button_include_renders_for_the_item_page(member):
    listing = ListingFactory()
    services.like_listing(user=member, listing=listing)
    template = Template(
        '{% include "discovery/_like_button.html" with listing=listing '
        "liked=liked csrf_token=csrf_token only %}"
    )

    html = template.render(
        Context(
            {
                "listing": Listing.objects.get(pk=listing.pk),
                "liked": selectors.is_liked(user=member, listing=listing),
                "csrf_token": "tok",
            }
        )
    )

    assert 'name="csrfmiddlewaretoken" value="tok"' in html
    assert 'aria-pressed="true"' in html and "1 like<" in html
    assert f'data-hx-post="{reverse("discovery:unlike", args=[listing.pk])}"' in html


# --- Selectors ----------------------------------------------------------------
def test_liked_ids_is_one_query(member, django_assert_num_queries):
    liked = [ListingFactory(), ListingFactory()]
    not_liked = ListingFactory()
    for listing in liked:
        services.like_listing(user=member, listing=listing)

    with django_assert_num_queries(1):
        ids = selectors.liked_ids(
            user=member, listing_ids=[*(x.pk for x in liked), not_liked.pk]
        )

    assert ids == {x.pk for x in liked}


def test_selectors_for_a_visitor_ask_nothing(db, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    listing = ListingFactory()
    with django_assert_num_queries(0):
        assert selectors.liked_ids(user=AnonymousUser(), listing_ids=[1]) == set()
        assert selectors.is_liked(user=AnonymousUser(), listing=listing) is False
