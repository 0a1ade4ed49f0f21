"""The "Responsive" seller badge: the median time to a seller's first reply.

A *thread* is one member's first question on one of the seller's items (the
first comment by that member on that listing), or one conversation (its
first message from the interested member). Its reply time runs from there to
the seller's first comment on that listing, or first message in that
conversation, after it. A thread still unanswered counts with the time it has
waited once that exceeds BADGE_RESPONSIVE_MAX_HOURS (ignoring questions does
not help), and not at all before (it may still be answered in time).

Over the RESPONSIVE_THREADS most recent threads, at least
RESPONSIVE_MIN_THREADS of them counted, the badge is earned when the median
is ≤ BADGE_RESPONSIVE_MAX_HOURS. Recomputed when the seller replies (a
question or message arriving cannot lower the median, see above); written
with `accounts.services.set_badge`.
"""

from datetime import datetime, timedelta
from statistics import median

from django.conf import settings
from django.utils import timezone

from accounts.services import set_badge
from conversations.models import Comment, Conversation, Message

RESPONSIVE_THREADS = 20
RESPONSIVE_MIN_THREADS = 3
# How far back threads are read (bounds the work of one recomputation).
RESPONSIVE_LOOKBACK_DAYS = 180


def _question_threads(
    seller, since: datetime
) -> list[tuple[datetime, datetime | None]]:
    """(asked, first seller comment after it) per (listing, asker)."""
    rows = (
        Comment.objects.filter(listing__seller=seller, created_at__gte=since)
        .order_by("created_at", "id")
        .values_list("listing_id", "author_id", "created_at")
    )
    asked: dict[tuple[int, int], datetime] = {}
    answered: dict[tuple[int, int], datetime] = {}
    waiting: dict[int, list[tuple[int, int]]] = {}
    for listing_id, author_id, at in rows:
        if author_id == seller.pk:
            for key in waiting.pop(listing_id, []):
                answered[key] = at
        elif (listing_id, author_id) not in asked:
            asked[(listing_id, author_id)] = at
            waiting.setdefault(listing_id, []).append((listing_id, author_id))
    return [(when, answered.get(key)) for key, when in asked.items()]


def _conversation_threads(
    seller, since: datetime
) -> list[tuple[datetime, datetime | None]]:
    """(first member message, first seller message after it) per conversation."""
    ids = list(
        Conversation.objects.filter(seller=seller, created_at__gte=since)
        .order_by("-created_at")
        .values_list("id", flat=True)[:RESPONSIVE_THREADS]
    )
    first: dict[int, datetime] = {}
    reply: dict[int, datetime] = {}
    rows = (
        Message.objects.filter(conversation_id__in=ids)
        .order_by("created_at", "id")
        .values_list("conversation_id", "sender_id", "created_at")
    )
    for conversation_id, sender_id, at in rows:
        if sender_id != seller.pk:
            first.setdefault(conversation_id, at)
        elif conversation_id in first:
            reply.setdefault(conversation_id, at)
    return [(when, reply.get(cid)) for cid, when in first.items()]


def reply_hours(
    threads: list[tuple[datetime, datetime | None]], *, now: datetime
) -> list[float]:
    """The reply times in hours of the most recent threads that count."""
    limit = timedelta(hours=settings.BADGE_RESPONSIVE_MAX_HOURS)
    hours = []
    for asked, replied in sorted(threads, reverse=True)[:RESPONSIVE_THREADS]:
        if replied is not None:
            hours.append((replied - asked).total_seconds() / 3600)
        elif now - asked > limit:
            hours.append((now - asked).total_seconds() / 3600)
    return hours


def is_responsive(hours: list[float]) -> bool:
    """Enough threads counted and their median within the limit."""
    return (
        len(hours) >= RESPONSIVE_MIN_THREADS
        and median(hours) <= settings.BADGE_RESPONSIVE_MAX_HOURS
    )


def responsive(seller, *, now: datetime | None = None) -> bool:
    """Whether `seller` earns the Responsive badge now (see the module's rule)."""
    now = now or timezone.now()
    since = now - timedelta(days=RESPONSIVE_LOOKBACK_DAYS)
    threads = _question_threads(seller, since) + _conversation_threads(seller, since)
    return is_responsive(reply_hours(threads, now=now))


def update_responsive_badge(*, seller, now: datetime | None = None) -> bool:
    """Recompute and store the seller's Responsive badge; returns it."""
    earned = responsive(seller, now=now)
    set_badge(member_id=seller.pk, badge="responsive", earned=earned)
    seller.badge_responsive = earned
    return earned
