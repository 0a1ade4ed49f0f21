"""Ships fast and Reliable: business days, the thresholds at their edges, the
minimum history, recomputation on each order move and by the command."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from orders.badges import (
    business_days_between,
    refresh_seller_badges,
    reliable,
    ship_business_days,
    ships_fast,
)
from orders.services import cancel_order
from tests.factories import ListingFactory, UserFactory, buy, order_row, shipped

NY = ZoneInfo("America/New_York")
MONDAY = date(2026, 11, 2)


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=NY)


# --- Business days ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("paid", "shipped_on", "days"),
    [
        (MONDAY, MONDAY, 0),
        (MONDAY, MONDAY + timedelta(days=1), 1),  # Mon → Tue
        (MONDAY, MONDAY + timedelta(days=2), 2),  # Mon → Wed
        (MONDAY + timedelta(days=4), MONDAY + timedelta(days=7), 1),  # Fri → Mon
        (MONDAY + timedelta(days=4), MONDAY + timedelta(days=8), 2),  # Fri → Tue
        (MONDAY + timedelta(days=5), MONDAY + timedelta(days=7), 1),  # Sat → Mon
        (MONDAY + timedelta(days=5), MONDAY + timedelta(days=6), 0),  # Sat → Sun
        (MONDAY, MONDAY + timedelta(days=14), 10),  # two whole weeks
    ],
)
def test_business_days_count_weekdays_after_payment(paid, shipped_on, days):
    assert business_days_between(paid, shipped_on) == days


def test_business_days_use_the_site_time_zone(settings):
    settings.TIME_ZONE = "America/New_York"
    # Friday 23:30 in New York is Saturday in UTC; shipped Monday morning.
    paid = datetime(2026, 11, 6, 23, 30, tzinfo=NY)
    shipped_at = datetime(2026, 11, 9, 9, 0, tzinfo=NY)
    assert ship_business_days(paid, shipped_at) == 1


# --- Pure rules at their edges ----------------------------------------------------


def test_ships_fast_at_exactly_the_maximum_and_one_over(settings):
    settings.BADGE_MIN_ORDERS = 5
    settings.BADGE_SHIPS_FAST_MAX_BUSINESS_DAYS = 1
    assert ships_fast([1, 1, 1, 1, 1])
    assert ships_fast([0, 0, 1, 2, 2])  # median 1
    assert not ships_fast([1, 1, 2, 2, 2])  # median 2
    assert not ships_fast([1, 1, 2, 2])  # too few (and median 1.5)


def test_no_badge_before_the_minimum_number_of_orders(settings):
    settings.BADGE_MIN_ORDERS = 5
    assert not ships_fast([0, 0, 0, 0])
    assert not reliable(["completed"] * 4)
    assert not reliable([])
    assert reliable(["completed"] * 5)
    assert not reliable(["completed"] * 4 + ["cancelled"])


# --- Measured from the database -----------------------------------------------------


@pytest.mark.django_db
def test_ships_fast_with_weekend_in_between(settings):
    settings.BADGE_MIN_ORDERS = 5
    seller = UserFactory()
    friday = MONDAY + timedelta(days=4)
    for week in range(5):
        paid = friday + timedelta(weeks=week)
        order_row(
            seller=seller,
            created_at=at(paid, 16),
            shipped_at=at(paid + timedelta(days=3), 10),  # the Monday after
        )

    refresh_seller_badges(seller_id=seller.pk)

    seller.refresh_from_db()
    assert seller.badge_ships_fast


@pytest.mark.django_db
def test_ships_fast_lost_at_two_business_days(settings):
    settings.BADGE_MIN_ORDERS = 5
    seller = UserFactory()
    for week in range(5):
        paid = MONDAY + timedelta(weeks=week)
        order_row(
            seller=seller,
            created_at=at(paid),
            shipped_at=at(paid + timedelta(days=2)),  # Wednesday: 2 days
        )

    refresh_seller_badges(seller_id=seller.pk)

    seller.refresh_from_db()
    assert not seller.badge_ships_fast


@pytest.mark.django_db
def test_ships_fast_counts_only_the_last_n_shipped_orders(settings):
    settings.BADGE_MIN_ORDERS = 2
    settings.BADGE_SHIPS_FAST_ORDERS = 3
    seller = UserFactory()
    # Three slow old orders, then three fast recent ones.
    for offset, gap in ((0, 7), (1, 7), (2, 7), (10, 0), (11, 0), (12, 0)):
        paid = MONDAY + timedelta(weeks=offset)
        order_row(
            seller=seller,
            created_at=at(paid),
            shipped_at=at(paid + timedelta(days=gap)),
        )

    refresh_seller_badges(seller_id=seller.pk)

    seller.refresh_from_db()
    assert seller.badge_ships_fast


def _history(seller, count, *, cancelled_at_position):
    """`count` settled orders, newest first at position 1; one cancelled."""
    for position in range(count, 0, -1):
        order_row(
            seller=seller,
            status="cancelled" if position == cancelled_at_position else "completed",
            created_at=at(MONDAY) + timedelta(hours=count - position),
        )


@pytest.mark.django_db
def test_cancellation_within_the_last_30_orders_loses_reliable(settings):
    settings.BADGE_RELIABLE_ORDERS = 30
    seller = UserFactory()
    _history(seller, 31, cancelled_at_position=30)

    refresh_seller_badges(seller_id=seller.pk)

    seller.refresh_from_db()
    assert not seller.badge_reliable


@pytest.mark.django_db
def test_cancellation_31_orders_ago_is_forgotten(settings):
    settings.BADGE_RELIABLE_ORDERS = 30
    seller = UserFactory()
    _history(seller, 31, cancelled_at_position=31)

    refresh_seller_badges(seller_id=seller.pk)

    seller.refresh_from_db()
    assert seller.badge_reliable


@pytest.mark.django_db
def test_orders_awaiting_shipment_do_not_count_toward_reliable(settings):
    settings.BADGE_MIN_ORDERS = 5
    seller = UserFactory()
    for hour in range(5):
        order_row(seller=seller, status="paid", created_at=at(MONDAY, 8 + hour))

    refresh_seller_badges(seller_id=seller.pk)

    seller.refresh_from_db()
    assert not seller.badge_reliable
    assert not seller.badge_ships_fast


# --- Recomputed on each move, and by the command ------------------------------------


@pytest.mark.django_db
def test_shipping_and_seller_cancelling_recompute_the_badges(settings):
    settings.BADGE_MIN_ORDERS = 2
    seller = UserFactory()
    first = buy(ListingFactory(seller=seller))
    shipped(first)
    seller.refresh_from_db()
    assert not seller.badge_ships_fast  # one shipped order: below the minimum

    second = shipped(buy(ListingFactory(seller=seller)))
    seller.refresh_from_db()
    assert seller.badge_ships_fast
    assert seller.badge_reliable

    third = buy(ListingFactory(seller=seller))
    cancel_order(order=third, user=seller, reason="Broke it while packing.")
    seller.refresh_from_db()
    assert not seller.badge_reliable
    assert seller.badge_ships_fast
    assert second.seller_id == seller.pk


@pytest.mark.django_db
def test_automatic_cancel_recomputes_reliable(settings):
    from django.utils import timezone

    from orders.services import process_deadlines

    settings.BADGE_MIN_ORDERS = 1
    seller = UserFactory()
    shipped(buy(ListingFactory(seller=seller)))
    seller.refresh_from_db()
    assert seller.badge_reliable
    buy(ListingFactory(seller=seller))

    later = timezone.now() + timedelta(days=settings.AUTO_CANCEL_DAYS + 1)
    process_deadlines(now=later)

    seller.refresh_from_db()
    assert not seller.badge_reliable


@pytest.mark.django_db
def test_refresh_badges_command_applies_new_thresholds(settings):
    settings.BADGE_MIN_ORDERS = 5
    seller = UserFactory(badge_ships_fast=True, badge_reliable=True)
    stranger = UserFactory(badge_ships_fast=True, badge_reliable=True)
    for week in range(5):
        paid = MONDAY + timedelta(weeks=week)
        order_row(
            seller=seller,
            created_at=at(paid),
            shipped_at=at(paid + timedelta(days=2)),
        )

    call_command("refresh_badges")
    seller.refresh_from_db()
    stranger.refresh_from_db()
    assert not seller.badge_ships_fast
    assert seller.badge_reliable
    assert not stranger.badge_ships_fast and not stranger.badge_reliable

    settings.BADGE_SHIPS_FAST_MAX_BUSINESS_DAYS = 2
    call_command("refresh_badges")
    seller.refresh_from_db()
    assert seller.badge_ships_fast


# --- Display --------------------------------------------------------------------


@pytest.mark.django_db
def test_profile_shows_badges_as_text_linking_to_the_help_page(client):
    seller = UserFactory(badge_ships_fast=True, badge_reliable=False)

    page = client.get(reverse("accounts:profile", args=[seller.username]))

    html = page.content.decode()
    help_url = reverse("help-badges")
    assert f'href="{help_url}#ships-fast">Ships fast</a>' in html
    assert "#reliable" not in html


@pytest.mark.django_db
def test_help_page_publishes_the_thresholds_in_force(client, settings):
    settings.BADGE_SHIPS_FAST_ORDERS = 17
    settings.BADGE_RELIABLE_ORDERS = 33
    settings.BADGE_RESPONSIVE_MAX_HOURS = 9
    settings.BADGE_MIN_ORDERS = 4

    page = client.get(reverse("help-badges"))

    assert page.status_code == 200
    html = page.content.decode()
    assert "last 17 shipped orders" in html
    assert "within 1 business day" in html
    assert "last 33 orders" in html
    assert "at most 9 hours" in html
    assert "at least 4 orders" in html
