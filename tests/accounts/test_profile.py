from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory


def test_profile_shows_public_details(client, db):
    member = UserFactory(
        username="dana", display_name="Dana D", bio="Hi there", state="OR"
    )

    response = client.get(reverse("accounts:profile", args=["dana"]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Dana D" in page and "Hi there" in page and "Oregon" in page
    # A visitor sees the site's zone (settings.TIME_ZONE), not UTC.
    joined = timezone.localtime(member.date_joined)
    assert f"Member since {joined:%B %Y}" in page


def test_unknown_or_suspended_profile_is_a_404(client, db):
    UserFactory(username="gone", is_active=False)

    assert client.get(reverse("accounts:profile", args=["gone"])).status_code == 404
    assert client.get(reverse("accounts:profile", args=["nobody"])).status_code == 404


def test_profile_lists_on_sale_and_sold_items_in_tabs_with_seek_paging(
    client, db, settings
):
    from tests.factories import ListingFactory

    settings.SEARCH_PAGE_SIZE = 2
    seller = UserFactory(username="dana")
    for i in range(3):
        ListingFactory(seller=seller, title=f"Lamp {i}")
    ListingFactory(seller=seller, title="Old radio", status="sold")
    ListingFactory(seller=seller, title="Secret draft", status="draft")
    url = reverse("accounts:profile", args=["dana"])

    first = client.get(url)
    page = first.content.decode()
    assert 'On sale <span class="count">(3)</span>' in page
    assert 'Sold items <span class="count">(1)</span>' in page
    assert "Secret draft" not in page and "Old radio" not in page
    assert page.count('class="card listing-card"') == 2
    next_url = first.context["next_url"]
    rest = client.get(next_url).content.decode()
    assert rest.count('class="card listing-card"') == 1
    assert "Old radio" in client.get(url, {"tab": "sold"}).content.decode()


def test_profile_query_count_does_not_grow_with_listings(
    client, db, django_assert_max_num_queries
):
    from tests.factories import ListingFactory, add_photos

    seller = UserFactory(username="dana")
    url = reverse("accounts:profile", args=["dana"])
    for listing in ListingFactory.create_batch(2, seller=seller):
        add_photos(listing, 1, size=(20, 20))
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for listing in ListingFactory.create_batch(30, seller=seller):
        add_photos(listing, 1, size=(20, 20))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url, {"x": "1"})
