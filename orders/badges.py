"""The seller badges orders measures: "Ships fast" and "Reliable".

Pure functions decide from order history; `refresh_seller_badges` reads one
seller's recent orders and stores the result on the member through
`accounts.services.set_badge`. It runs inside every order transition
(`orders.services.transitions._transition`, which the automatic moves of
`process_deadlines` use too) and from `manage.py refresh_badges`; pages only
read the stored flags. Thresholds are settings (BADGE_*), published on
/help/badges/ (docs/trust.md).
"""

import statistics
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from accounts.services import set_badge
from orders.models import Order


def business_days_between(start: date, end: date) -> int:
    """Weekdays (Monday to Friday) after `start` up to and including `end`.

    Paid on Friday and shipped on Monday is 1; the same day is 0.
    """
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + timedelta(days=offset)).weekday() < 5:
            count += 1
    return count


def ship_business_days(paid_at: datetime, shipped_at: datetime) -> int:
    """Business days from payment to shipping, in the site's time zone."""
    return business_days_between(
        timezone.localdate(paid_at), timezone.localdate(shipped_at)
    )


def ships_fast(ship_days: list[int]) -> bool:
    """`ship_days`: business days of the seller's latest shipped orders."""
    if len(ship_days) < settings.BADGE_MIN_ORDERS:
        return False
    return statistics.median(ship_days) <= settings.BADGE_SHIPS_FAST_MAX_BUSINESS_DAYS


def reliable(statuses: list[str]) -> bool:
    """`statuses`: the seller's latest orders past "paid" (newest first)."""
    if len(statuses) < settings.BADGE_MIN_ORDERS:
        return False
    return Order.Status.CANCELLED not in statuses


def refresh_seller_badges(*, seller_id: int) -> None:
    """Recompute and store one seller's "Ships fast" and "Reliable" badges.

    Two bounded reads and two one-row updates: safe inside the caller's
    transaction (a transition holds the order's row lock).
    """
    orders = Order.objects.filter(seller_id=seller_id)
    shipped = (
        orders.filter(shipped_at__isnull=False)
        .order_by("-shipped_at", "-id")
        .values_list("created_at", "shipped_at")[: settings.BADGE_SHIPS_FAST_ORDERS]
    )
    settled = (
        orders.exclude(status=Order.Status.PAID)
        .order_by("-created_at", "-id")
        .values_list("status", flat=True)[: settings.BADGE_RELIABLE_ORDERS]
    )
    set_badge(
        member_id=seller_id,
        badge="ships_fast",
        earned=ships_fast([ship_business_days(*times) for times in shipped]),
    )
    set_badge(member_id=seller_id, badge="reliable", earned=reliable(list(settled)))


def refresh_all_badges() -> int:
    """Recompute every seller's badges (after a threshold changes); the count."""
    seller_ids = list(Order.objects.values_list("seller_id", flat=True).distinct())
    for seller_id in seller_ids:
        refresh_seller_badges(seller_id=seller_id)
    return len(seller_ids)
