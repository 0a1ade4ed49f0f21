"""/likes/: newest like first, price drops, sold state, constant queries."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from discovery import services
from discovery.models import Like
from listings.models import Listing
from tests.factories import ListingFactory, add_photos


def test_likes_page_needs_login(client, db):
    response = client.get(reverse("discovery:likes"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_empty_likes_page_says_how_to_like(member_client):
    page = member_client.get(reverse("discovery:likes")).content.decode()

    assert "You have not liked anything yet." in page


def test_likes_page_shows_price_drop_and_sold_state(member_client, member):
    cheaper = ListingFactory(title="Cheaper lamp", price_cents=5000)
    sold = ListingFactory(title="Gone lamp", price_cents=3000)
    dearer = ListingFactory(title="Dearer lamp", price_cents=2000)
    paused = ListingFactory(title="Paused lamp")
    for listing in (cheaper, sold, dearer, paused):
        services.like_listing(user=member, listing=listing)
    Listing.objects.filter(pk=cheaper.pk).update(price_cents=4000)
    Listing.objects.filter(pk=sold.pk).update(status=Listing.Status.SOLD)
    Listing.objects.filter(pk=dearer.pk).update(price_cents=2500)
    Listing.objects.filter(pk=paused.pk).update(status=Listing.Status.PAUSED)

    response = member_client.get(reverse("discovery:likes"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "$10.00 less than when you liked it" in page
    assert page.count("less than when you liked it") == 1
    assert "Gone lamp" in page and "SOLD" in page
    assert "Dearer lamp" in page
    assert "Paused lamp" not in page
    assert page.count(reverse("discovery:unlike", args=[cheaper.pk])) == 2


def test_likes_page_lists_newest_like_first(member_client, member):
    older, newer = ListingFactory(title="Older like"), ListingFactory(title="Newer")
    services.like_listing(user=member, listing=older)
    services.like_listing(user=member, listing=newer)
    Like.objects.filter(listing=older).update(
        created_at=timezone.now() - timedelta(days=1)
    )

    page = member_client.get(reverse("discovery:likes")).content.decode()

    assert page.index("Newer") < page.index("Older like")


def test_likes_page_is_paged_by_48(member_client, member):
    listings = ListingFactory.create_batch(49)
    for listing in listings:
        services.like_listing(user=member, listing=listing)

    first = member_client.get(reverse("discovery:likes"))
    second = member_client.get(reverse("discovery:likes"), {"page": 2})

    assert len(first.context["likes"]) == 48
    assert [like.listing for like in second.context["likes"]] == [listings[0]]


def _likes_page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("discovery:likes")).status_code == 200
    return len(queries)


def test_likes_page_queries_do_not_grow_with_likes(
    member_client, member, django_assert_max_num_queries
):
    def like_more(count):
        for listing in ListingFactory.create_batch(count):
            add_photos(listing)
            services.like_listing(user=member, listing=listing)

    like_more(3)
    few = _likes_page_queries(member_client)
    like_more(27)

    with django_assert_max_num_queries(few):
        response = member_client.get(reverse("discovery:likes"))
    assert len(response.context["likes"]) == 30
