"""Reads for the site-level pages: what a member has to do, and their finds.

The header's count and the home page's lists read the same definitions
(`TO_DO`), so the number on the account menu is the number of rows the home
page lists.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from discovery.models import Like
from discovery.selectors import list_likes
from listings.models import Category, Listing, ListingPhoto
from notifications.models import Notification
from orders.models import Offer, Order

User = get_user_model()

# Rows each to-do list shows on the home page; its count tells how many more.
TO_DO_ROWS = 5
PRICE_DROP_ROWS = 8


def orders_to_ship() -> Q:
    """Orders whose seller must ship: paid, awaiting shipment (as /selling/)."""
    return Q(status=Order.Status.PAID)


def orders_to_confirm() -> Q:
    """Orders whose buyer should confirm receipt: shipped, not yet completed."""
    return Q(status=Order.Status.SHIPPED)


def offers_to_answer(now: datetime) -> Q:
    """Offers the item's seller must answer: pending and not past their deadline
    (orders.rules.offer_is_live; the seller answers a pending offer)."""
    return Q(status=Offer.Status.PENDING, expires_at__gt=now)


def _count(queryset: QuerySet) -> Subquery:
    """A scalar subquery counting `queryset`'s rows (0 when none)."""
    counted = (
        queryset.order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@dataclass(frozen=True)
class HeaderCounts:
    """The header's numbers for one member: the bell and the account menu."""

    unread_notifications: int = 0
    to_ship: int = 0
    offers_to_answer: int = 0
    to_confirm: int = 0

    @property
    def to_do(self) -> int:
        return self.to_ship + self.offers_to_answer + self.to_confirm


def header_counts(*, member: User) -> HeaderCounts:
    """The unread notifications and the three to-do counts, in one query."""
    now = timezone.now()
    member_pk = OuterRef("pk")
    row = (
        User.objects.filter(pk=member.pk)
        .annotate(
            unread_notifications=_count(
                Notification.objects.filter(recipient=member_pk).unread()
            ),
            to_ship=_count(Order.objects.filter(orders_to_ship(), seller=member_pk)),
            offers_to_answer=_count(
                Offer.objects.filter(offers_to_answer(now), listing__seller=member_pk)
            ),
            to_confirm=_count(
                Order.objects.filter(orders_to_confirm(), buyer=member_pk)
            ),
        )
        .values("unread_notifications", "to_ship", "offers_to_answer", "to_confirm")
        .first()
    )
    return HeaderCounts(**row) if row else HeaderCounts()


def _with_cover(prefix: str) -> Prefetch:
    return Prefetch(
        f"{prefix}listing__photos",
        queryset=ListingPhoto.objects.order_by("position", "id"),
    )


@dataclass
class ToDo:
    """A member's to-do lists for the home page, each with its full count."""

    counts: HeaderCounts
    to_ship: list = field(default_factory=list)
    offers_to_answer: list = field(default_factory=list)
    to_confirm: list = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.counts.to_do


def member_to_do(*, member: User, counts: HeaderCounts, rows: int = TO_DO_ROWS) -> ToDo:
    """The first `rows` of each to-do list, oldest first (the most urgent);
    no query for a list whose count (from `header_counts`) is zero."""
    todo = ToDo(counts=counts)
    orders = Order.objects.select_related("listing").prefetch_related(_with_cover(""))
    if counts.to_ship:
        todo.to_ship = list(
            orders.filter(orders_to_ship(), seller=member)
            .select_related("buyer")
            .order_by("created_at", "id")[:rows]
        )
    if counts.to_confirm:
        todo.to_confirm = list(
            orders.filter(orders_to_confirm(), buyer=member)
            .select_related("seller")
            .order_by("shipped_at", "id")[:rows]
        )
    if counts.offers_to_answer:
        todo.offers_to_answer = list(
            Offer.objects.filter(
                offers_to_answer(timezone.now()), listing__seller=member
            )
            .select_related("buyer", "listing")
            .prefetch_related(_with_cover(""))
            .order_by("expires_at", "id")[:rows]
        )
    return todo


def liked_price_drops(*, member: User, rows: int = PRICE_DROP_ROWS) -> list[Like]:
    """The member's liked items still on sale and cheaper than when liked,
    most recently liked first (two queries: likes, then photos)."""
    return list(
        list_likes(user=member).filter(
            listing__status=Listing.Status.ON_SALE,
            listing__price_cents__lt=F("price_cents_at_like"),
        )[:rows]
    )


def list_departments(*, with_categories: bool = False) -> QuerySet[Category]:
    """Departments (top-level categories) in their order; with their categories
    (one more query) when asked."""
    departments = Category.objects.departments()
    if with_categories:
        departments = departments.prefetch_related("children")
    return departments
