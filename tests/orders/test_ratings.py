"""Ratings: after completion, each side once, 1–5 stars, hidden until both rate."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from orders.exceptions import RatingError
from orders.models import Order, Rating
from orders.selectors import member_reputation
from orders.services import cancel_order, process_deadlines, rate_order
from tests.factories import UserFactory, buy, completed, shipped

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    """A completed sale: the buyer confirmed receipt just now."""
    return completed(buy())


def rate(order, rater, stars=5, comment=""):
    return rate_order(order=order, rater=rater, stars=stars, comment=comment)


def back_date(order, **delta):
    """Move the completion back in time, as if it happened `delta` ago."""
    Order.objects.filter(pk=order.pk).update(
        completed_at=timezone.now() - timedelta(**delta)
    )
    order.refresh_from_db()
    return order


# --- When a rating is allowed ------------------------------------------------------


@pytest.mark.parametrize("state", ["paid", "shipped", "cancelled"])
def test_rating_is_refused_before_completion(state):
    order = buy()
    if state == "shipped":
        order = shipped(order)
    elif state == "cancelled":
        order = cancel_order(order=order, user=order.seller, reason="Broke it")

    with pytest.raises(RatingError, match="once the order is completed"):
        rate(order, order.buyer)
    with pytest.raises(RatingError, match="once the order is completed"):
        rate(order, order.seller)
    assert not Rating.objects.exists()


def test_buyer_and_seller_each_rate_the_other(order):
    by_buyer = rate(order, order.buyer, stars=4, comment="  Quick and friendly.  ")
    by_seller = rate(order, order.seller, stars=5)

    assert (by_buyer.rater, by_buyer.ratee) == (order.buyer, order.seller)
    assert (by_seller.rater, by_seller.ratee) == (order.seller, order.buyer)
    assert by_buyer.stars == 4 and by_buyer.comment == "Quick and friendly."


def test_each_side_rates_only_once(order):
    rate(order, order.buyer, stars=2)

    with pytest.raises(RatingError, match="already rated"):
        rate(order, order.buyer, stars=5)

    assert list(Rating.objects.values_list("stars", flat=True)) == [2]


def test_the_database_refuses_a_second_rating_by_the_same_side(order):
    rate(order, order.buyer)

    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            order=order, rater=order.buyer, ratee=order.seller, stars=1
        )


def test_the_database_refuses_out_of_range_stars_and_self_ratings(order):
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            order=order, rater=order.buyer, ratee=order.seller, stars=6
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            order=order, rater=order.buyer, ratee=order.buyer, stars=3
        )


@pytest.mark.parametrize("stars", [0, 6, -1, "5", None, 4.5])
def test_stars_must_be_a_whole_number_from_1_to_5(order, stars):
    with pytest.raises(RatingError, match="1 to 5 stars"):
        rate(order, order.buyer, stars=stars)
    assert not Rating.objects.exists()


@pytest.mark.parametrize("stars", [1, 5])
def test_one_and_five_stars_are_accepted(order, stars):
    assert rate(order, order.buyer, stars=stars).stars == stars


def test_comment_is_limited_by_the_setting(order, settings):
    limit = settings.RATING_COMMENT_MAX_LENGTH

    with pytest.raises(RatingError, match=f"{limit} characters"):
        rate(order, order.buyer, comment="x" * (limit + 1))
    assert rate(order, order.buyer, comment="x" * limit).comment == "x" * limit

    settings.RATING_COMMENT_MAX_LENGTH = 10
    with pytest.raises(RatingError, match="10 characters"):
        rate(order, order.seller, comment="x" * 11)


def test_a_member_who_is_not_buyer_or_seller_cannot_rate(order):
    with pytest.raises(RatingError, match="not yours"):
        rate(order, UserFactory())
    assert not Rating.objects.exists()


def test_rating_is_accepted_until_the_window_ends(order, settings):
    days = settings.RATING_WINDOW_DAYS
    back_date(order, days=days, minutes=-5)

    assert rate(order, order.buyer).pk


def test_rating_after_the_window_is_refused(order, settings):
    back_date(order, days=settings.RATING_WINDOW_DAYS, minutes=5)

    with pytest.raises(RatingError, match="window for this order has closed"):
        rate(order, order.buyer)
    assert not Rating.objects.exists()


# --- Who sees a rating -----------------------------------------------------------


def test_rating_stays_hidden_from_the_ratee_until_both_have_rated(order):
    first = rate(order, order.buyer, stars=3)

    first.refresh_from_db()
    assert first.visible is False
    assert member_reputation(member=order.seller).count == 0
    assert member_reputation(member=order.seller).latest == []

    second = rate(order, order.seller, stars=5)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.visible and second.visible
    seller = member_reputation(member=order.seller)
    buyer = member_reputation(member=order.buyer)
    assert (seller.count, seller.average, seller.latest) == (1, 3.0, [first])
    assert (buyer.count, buyer.average, buyer.latest) == (1, 5.0, [second])


def test_closing_the_window_reveals_a_single_rating_and_ends_rating(order, settings):
    rating = rate(order, order.buyer, stars=4)
    closes = order.completed_at + timedelta(days=settings.RATING_WINDOW_DAYS)

    early = process_deadlines(now=closes - timedelta(minutes=1))
    rating.refresh_from_db()
    assert early["rating windows closed"] == 0 and rating.visible is False

    result = process_deadlines(now=closes + timedelta(seconds=1))

    rating.refresh_from_db()
    order.refresh_from_db()
    assert result["rating windows closed"] == 1
    assert rating.visible is True
    assert order.ratings_closed_at == closes + timedelta(seconds=1)
    assert member_reputation(member=order.seller).count == 1
    # The window is closed even though the clock has not reached it yet.
    with pytest.raises(RatingError, match="window for this order has closed"):
        rate(order, order.seller)
    again = process_deadlines(now=closes + timedelta(hours=1))
    assert again["rating windows closed"] == 0


def test_closing_a_window_without_ratings_stops_rating(order, settings):
    closes = order.completed_at + timedelta(days=settings.RATING_WINDOW_DAYS)

    process_deadlines(now=closes + timedelta(seconds=1))

    for side in (order.buyer, order.seller):
        with pytest.raises(RatingError, match="closed"):
            rate(order, side)


# --- Emails ----------------------------------------------------------------------


def test_the_rated_member_is_emailed_once(order, on_commit):
    mail.outbox.clear()

    with on_commit():
        rate(order, order.buyer, stars=5)

    assert [message.to for message in mail.outbox] == [[order.seller.email]]
    assert order.title in mail.outbox[0].subject

    mail.outbox.clear()
    with on_commit():
        rate(order, order.seller, stars=5)

    assert [message.to for message in mail.outbox] == [[order.buyer.email]]


def test_a_refused_rating_sends_no_email(order, on_commit):
    rate(order, order.buyer)
    mail.outbox.clear()

    with on_commit(), pytest.raises(RatingError):
        rate(order, order.buyer)

    assert mail.outbox == []


def test_a_comment_with_a_direction_override_is_a_rating_error(client, order):
    client.force_login(order.buyer)

    response = client.post(
        reverse("orders:rate", kwargs={"pk": order.pk}),
        {"stars": "5", "comment": "fine \u202egnp.exe"},
    )

    assert response.status_code == 400
    assert not Rating.objects.exists()
    with pytest.raises(RatingError):
        rate(order, order.buyer, comment="\u202e")
