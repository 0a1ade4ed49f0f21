"""`seller_stats`: the numbers of the seller card and the profile, one
selector, two queries however many orders and ratings."""

from datetime import timedelta

import pytest

from orders.models import Order
from orders.receivers import ships_within
from orders.selectors import member_reputation, seller_stats
from orders.services import rate_order
from tests.factories import ListingFactory, UserFactory, buy, completed, shipped

pytestmark = pytest.mark.django_db


def sale(seller, ship_hours=None):
    """A completed sale of `seller`'s, shipped `ship_hours` after payment."""
    order = completed(buy(ListingFactory(seller=seller)))
    if ship_hours is not None:
        Order.objects.filter(pk=order.pk).update(
            shipped_at=order.created_at + timedelta(hours=ship_hours)
        )
    return order


def test_no_sales_no_ratings():
    stats = seller_stats(seller=UserFactory())

    assert (stats.average, stats.count) == (None, 0)
    assert (stats.completed_sales, stats.median_ship_hours) == (0, None)


@pytest.mark.parametrize(
    ("hours", "median"),
    [
        ([7], 7),
        ([40, 2], 21),
        ([50, 2, 5], 5),
        ([90, 50, 100, 70], 80),
        ([1, 1, 300, 2, 3], 2),
    ],
)
def test_median_ship_time_of_completed_sales(hours, median):
    seller = UserFactory()
    for ship_hours in hours:
        sale(seller, ship_hours)

    stats = seller_stats(seller=seller)

    assert stats.completed_sales == len(hours)
    assert stats.median_ship_hours == pytest.approx(median)


def test_only_completed_sales_count_and_give_the_ship_time():
    seller = UserFactory()
    sale(seller, 10)
    sale(seller, 30)
    buy(ListingFactory(seller=seller))  # paid, not shipped: its listing is sold
    late = shipped(buy(ListingFactory(seller=seller)))  # on its way
    Order.objects.filter(pk=late.pk).update(
        shipped_at=late.created_at + timedelta(days=30)
    )
    sale(UserFactory(), 1)  # someone else's
    completed(buy(ListingFactory(), buyer=seller))  # a purchase, not a sale

    stats = seller_stats(seller=seller)

    assert stats.completed_sales == 2
    assert stats.median_ship_hours == pytest.approx(20)


def test_completed_order_without_a_ship_time_counts_as_a_sale_only():
    seller = UserFactory()
    sale(seller, 4)
    unshipped = sale(seller)
    Order.objects.filter(pk=unshipped.pk).update(shipped_at=None)

    stats = seller_stats(seller=seller)

    assert stats.completed_sales == 2
    assert stats.median_ship_hours == pytest.approx(4)

    Order.objects.filter(seller=seller).update(shipped_at=None)
    stats = seller_stats(seller=seller)
    assert (stats.completed_sales, stats.median_ship_hours) == (2, None)


def test_visible_ratings_give_average_and_count():
    seller = UserFactory()
    for stars in (5, 4, 4):
        order = sale(seller, 1)
        rate_order(order=order, rater=order.buyer, stars=stars)
        rate_order(order=order, rater=seller, stars=5)
    hidden = sale(seller, 1)
    rate_order(order=hidden, rater=hidden.buyer, stars=1)  # seller has not rated

    stats = seller_stats(seller=seller)

    assert stats.count == 3
    assert stats.average == pytest.approx(13 / 3, abs=1e-3)
    assert stats.completed_sales == 4


def test_two_queries_whatever_the_history(django_assert_num_queries):
    seller = UserFactory()
    with django_assert_num_queries(2):
        seller_stats(seller=seller)
    for hours in (3, 9, 27, 81):
        order = sale(seller, hours)
        rate_order(order=order, rater=order.buyer, stars=5)
        rate_order(order=order, rater=seller, stars=5)
    with django_assert_num_queries(2):
        stats = seller_stats(seller=seller)
    assert stats.median_ship_hours == pytest.approx(18)


def test_profile_reputation_has_the_seller_card_numbers():
    seller = UserFactory()
    for hours in (5, 50):
        order = sale(seller, hours)
        rate_order(order=order, rater=order.buyer, stars=4)
        rate_order(order=order, rater=seller, stars=5)

    card = seller_stats(seller=seller)
    profile = member_reputation(member=seller)

    assert (profile.average, profile.count) == (card.average, card.count)
    assert profile.completed_sales == card.completed_sales == 2
    assert profile.median_ship_hours == card.median_ship_hours
    assert ships_within(card.median_ship_hours) == "Usually ships within 2 days"
