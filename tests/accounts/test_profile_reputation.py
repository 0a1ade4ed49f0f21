"""The profile's ratings and seller stats: only visible ratings, constant queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from orders.models import Order, Rating
from orders.services import rate_order
from tests.factories import ListingFactory, UserFactory, buy, completed

pytestmark = pytest.mark.django_db


def profile_page(client, member, **params):
    response = client.get(reverse("accounts:profile", args=[member.username]), params)
    assert response.status_code == 200
    return response.content.decode()


def sale(seller, *, buyer=None):
    """A completed sale of a new item of `seller`'s."""
    return completed(buy(ListingFactory(seller=seller), buyer=buyer))


def rated_sale(seller, stars, comment="", *, buyer=None):
    """A completed sale both sides rated, so the buyer's rating is visible."""
    order = sale(seller, buyer=buyer)
    rating = rate_order(order=order, rater=order.buyer, stars=stars, comment=comment)
    rate_order(order=order, rater=seller, stars=5)
    return rating


def test_member_without_ratings_or_sales_shows_the_empty_state(client):
    member = UserFactory()

    page = profile_page(client, member)

    assert "No ratings yet" in page
    assert "Latest reviews" not in page
    assert "completed sale" not in page and "Usually ships" not in page


def test_profile_shows_average_count_and_latest_reviews(client):
    seller = UserFactory(username="dana")
    ana = UserFactory(display_name="Ana Buyer")
    ben = UserFactory(display_name="Ben Buyer")
    rated_sale(seller, 4, "Nice lamp, well packed.", buyer=ana)
    rated_sale(seller, 5, "Fast shipping!", buyer=ben)

    page = profile_page(client, seller)

    assert "No ratings yet" not in page
    assert "4.5 out of 5" in page
    assert "2 ratings" in page
    assert "Nice lamp, well packed." in page and "Fast shipping!" in page
    assert "Ana Buyer" in page and "Ben Buyer" in page
    assert f"{timezone.localdate():%b} {timezone.localdate().day}," in page
    # Each review's stars are read out, not just drawn.
    assert "4 out of 5" in page and "5 out of 5" in page
    assert "2 completed sales" in page


def test_average_has_one_decimal(client):
    seller = UserFactory()
    for stars in (5, 4, 4):
        rated_sale(seller, stars)

    page = profile_page(client, seller)

    assert "4.3 out of 5" in page and "3 ratings" in page


def test_ratings_the_member_gave_are_not_on_their_profile(client):
    seller = UserFactory()
    buyer = UserFactory()
    rated_sale(seller, 2, "Slow.", buyer=buyer)

    page = profile_page(client, buyer)

    # The buyer's page shows the seller's 5 stars for them, not the 2 they gave.
    assert "5.0 out of 5" in page and "1 rating" in page
    assert "Slow." not in page


def test_rating_hidden_until_both_rated_is_not_on_the_profile_even_for_the_ratee(
    client,
):
    seller = UserFactory()
    order = sale(seller)
    rate_order(order=order, rater=order.buyer, stars=1, comment="Never again.")

    assert "Never again." not in profile_page(client, seller)
    client.force_login(seller)
    own_page = profile_page(client, seller)
    assert "Never again." not in own_page and "No ratings yet" in own_page

    rate_order(order=order, rater=seller, stars=4)

    page = profile_page(client, seller)
    assert "Never again." in page and "1.0 out of 5" in page


def test_only_the_five_latest_reviews_are_listed(client):
    seller = UserFactory()
    ratings = [rated_sale(seller, 5, f"Review number {i}.") for i in range(6)]
    for days_ago, rating in enumerate(reversed(ratings)):
        Rating.objects.filter(pk=rating.pk).update(
            created_at=timezone.now() - timedelta(days=days_ago)
        )

    page = profile_page(client, seller)

    assert "6 ratings" in page
    assert "Review number 0." not in page
    assert all(f"Review number {i}." in page for i in range(1, 6))
    assert page.index("Review number 5.") < page.index("Review number 1.")


def test_review_comments_are_escaped(client):
    seller = UserFactory()
    rated_sale(seller, 3, '<script>alert("x")</script>')

    page = profile_page(client, seller)

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def ship_after(order, hours):
    Order.objects.filter(pk=order.pk).update(
        shipped_at=order.created_at + timedelta(hours=hours)
    )


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        ([2, 5, 40], "Usually ships within 5 hours"),
        ([0.2], "Usually ships within 1 hour"),
        ([10, 30, 50], "Usually ships within 2 days"),
        ([24], "Usually ships within 1 day"),
        ([50, 70, 90, 100], "Usually ships within 4 days"),
    ],
)
def test_sellers_show_completed_sales_and_median_ship_time(client, hours, expected):
    seller = UserFactory()
    for ship_hours in hours:
        ship_after(sale(seller), ship_hours)

    page = profile_page(client, seller)

    assert expected in page
    count = len(hours)
    assert f"{count} completed sale{'s' if count > 1 else ''}" in page


def test_only_completed_sales_count(client):
    seller = UserFactory()
    sale(seller)
    buy(ListingFactory(seller=seller))  # paid, not shipped yet
    sale(UserFactory(), buyer=seller)  # a purchase, not a sale

    page = profile_page(client, seller)

    assert "1 completed sale" in page and "1 completed sales" not in page


def test_profile_query_count_does_not_grow_with_reviews(
    client, django_assert_max_num_queries
):
    seller = UserFactory()
    rated_sale(seller, 4, "First.")
    with django_assert_max_num_queries(16) as few:
        profile_page(client, seller)

    for stars in (5, 3, 4, 5):
        rated_sale(seller, stars, "More.", buyer=UserFactory())

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = profile_page(client, seller, x="1")
    assert page.count('class="rating"') == 5


def test_profile_and_seller_card_agree_and_label_sold_items_apart(client):
    seller = UserFactory()
    ship_after(sale(seller), 30)
    buy(ListingFactory(seller=seller))  # sold, not delivered yet
    ListingFactory(seller=seller, status="sold")
    on_sale = ListingFactory(seller=seller)

    page = profile_page(client, seller)
    item = client.get(on_sale.get_absolute_url()).content.decode()
    card = item[item.index('<section class="seller-card') :]

    # One number each, labelled so they cannot be read as the same thing.
    assert 'Sold items <span class="count">(3)</span>' in page
    assert ">Sold <" not in page
    for html in (page, card):
        assert "1 completed sale<" in html
        assert "Usually ships within 2 days" in html
    sold_tab = profile_page(client, seller, tab="sold")
    assert "A sale counts as completed once the buyer confirms it arrived." in sold_tab
