from datetime import timedelta

import pytest
from django.utils import timezone

from conversations import badges
from conversations.models import Comment, Conversation, Message
from tests.factories import ListingFactory, UserFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def _question(seller, asked_hours_ago, answered_after_hours=None):
    listing = ListingFactory(seller=seller)
    asker = UserFactory()
    asked = NOW - timedelta(hours=asked_hours_ago)
    Comment.objects.create(listing=listing, author=asker, text="?", created_at=asked)
    if answered_after_hours is not None:
        Comment.objects.create(
            listing=listing,
            author=seller,
            text="!",
            created_at=asked + timedelta(hours=answered_after_hours),
        )


def _conversation(seller, asked_hours_ago, answered_after_hours=None):
    listing = ListingFactory(seller=seller)
    member = UserFactory()
    asked = NOW - timedelta(hours=asked_hours_ago)
    thread = Conversation.objects.create(
        listing=listing, seller=seller, member=member, created_at=asked
    )
    Message.objects.create(
        conversation=thread, sender=member, text="?", created_at=asked
    )
    if answered_after_hours is not None:
        Message.objects.create(
            conversation=thread,
            sender=seller,
            text="!",
            created_at=asked + timedelta(hours=answered_after_hours),
        )


def test_median_within_the_limit_earns_the_badge():
    seller = UserFactory()
    _question(seller, 100, 1)
    _question(seller, 90, 30)  # slow, but the median is what counts
    _conversation(seller, 80, 2)
    assert badges.update_responsive_badge(seller=seller, now=NOW) is True
    seller.refresh_from_db()
    assert seller.badge_responsive is True


def test_slow_median_loses_the_badge():
    seller = UserFactory(badge_responsive=True)
    _question(seller, 100, 20)
    _conversation(seller, 90, 13)
    _conversation(seller, 80, 1)
    assert badges.update_responsive_badge(seller=seller, now=NOW) is False
    seller.refresh_from_db()
    assert seller.badge_responsive is False


def test_fewer_than_the_minimum_threads_earn_nothing():
    seller = UserFactory()
    _question(seller, 100, 1)
    _conversation(seller, 90, 1)
    assert badges.RESPONSIVE_MIN_THREADS == 3
    assert badges.responsive(seller, now=NOW) is False


def test_ignored_questions_count_once_overdue_but_fresh_ones_wait():
    seller = UserFactory()
    _question(seller, 100, 1)
    _question(seller, 90, 1)
    _question(seller, 80)  # unanswered for 80 h
    _question(seller, 70)  # unanswered for 70 h
    assert badges.responsive(seller, now=NOW) is False
    fresh = UserFactory()
    _question(fresh, 100, 1)
    _question(fresh, 90, 1)
    _question(fresh, 80, 1)
    _question(fresh, 1)  # asked an hour ago: not counted yet
    _conversation(fresh, 2)
    assert badges.reply_hours(
        badges._question_threads(fresh, NOW - timedelta(days=30))
        + badges._conversation_threads(fresh, NOW - timedelta(days=30)),
        now=NOW,
    ) == pytest.approx([1, 1, 1])
    assert badges.responsive(fresh, now=NOW) is True


def test_only_the_first_question_of_each_member_on_an_item_counts():
    seller = UserFactory()
    listing = ListingFactory(seller=seller)
    asker = UserFactory()
    start = NOW - timedelta(hours=50)
    for hours, author in ((0, asker), (1, asker), (2, seller), (10, asker)):
        Comment.objects.create(
            listing=listing,
            author=author,
            text="x",
            created_at=start + timedelta(hours=hours),
        )
    threads = badges._question_threads(seller, NOW - timedelta(days=3))
    assert badges.reply_hours(threads, now=NOW) == pytest.approx([2])


def test_only_the_most_recent_threads_count():
    seller = UserFactory()
    for n in range(badges.RESPONSIVE_THREADS):
        _question(seller, 100 + n, 1)
    for n in range(5):
        _question(seller, 1000 + n, 100)  # older and slow: beyond the window
    assert badges.responsive(seller, now=NOW) is True


def test_a_seller_reply_recomputes_the_badge():
    from conversations.services import post_comment

    seller = UserFactory()
    _question(seller, 100, 1)
    _question(seller, 90, 1)
    listing = ListingFactory(seller=seller)
    post_comment(listing=listing, author=UserFactory(), text="Any scratches?")
    seller.refresh_from_db()
    assert seller.badge_responsive is False  # a question alone changes nothing
    post_comment(listing=listing, author=seller, text="None.")
    seller.refresh_from_db()
    assert seller.badge_responsive is True
