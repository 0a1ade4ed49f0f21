"""Reads for buying and selling: orders, offers, balances and ratings."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import (
    Avg,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404
from django.utils import timezone

from marketplace.fees import seller_earnings_cents
from orders import ledger
from orders.models import Dispute, LedgerEntry, Offer, OfferSettings, Order, Rating
from orders.rules import offer_actions, order_actions

User = get_user_model()
Account = LedgerEntry.Account


def get_order_for_participant(*, pk: int, user: User) -> Order:
    """The order if `user` bought or sold it; Http404 for anyone else."""
    return get_object_or_404(
        Order.objects.for_participant(user)
        .select_related("buyer", "seller", "listing", "offer")
        # The page's actions and next step read the payment (Order.payment);
        # it shows the item's photo.
        .prefetch_related("payments", "listing__photos"),
        pk=pk,
    )


def get_offer_for_participant(*, pk: int, user: User) -> Offer:
    """The offer if `user` made it or sells the item; Http404 for anyone else."""
    return get_object_or_404(
        Offer.objects.for_participant(user)
        .select_related("buyer", "listing", "listing__seller")
        # The page shows how the offer is paid (Offer.payment).
        .prefetch_related("payments"),
        pk=pk,
    )


# Only a disputed order, or one a dispute was resolved on, can have a dispute.
DISPUTE_STATUSES = (
    Order.Status.DISPUTED,
    Order.Status.REFUNDED,
    Order.Status.COMPLETED,
)


def dispute_of(order: Order) -> Dispute | None:
    """The order's dispute with its photos, or None (no query when impossible)."""
    if order.status not in DISPUTE_STATUSES:
        return None
    return Dispute.objects.filter(order=order).prefetch_related("photos").first()


def order_timeline(order: Order) -> list:
    return list(order.events.select_related("actor"))


@dataclass
class OrderGroups:
    """A member's orders in one role, grouped by what needs doing, newest first."""

    to_ship: list = field(default_factory=list)
    in_transit: list = field(default_factory=list)
    to_rate: list = field(default_factory=list)
    disputes: list = field(default_factory=list)
    done: list = field(default_factory=list)

    def sections(self) -> list[tuple[str, list]]:
        return [
            ("to_ship", self.to_ship),
            ("in_transit", self.in_transit),
            ("to_rate", self.to_rate),
            ("disputes", self.disputes),
            ("done", self.done),
        ]

    @property
    def empty(self) -> bool:
        return not any(orders for _name, orders in self.sections())


def list_orders_grouped(*, user: User, role: str, done_limit: int = 50) -> OrderGroups:
    """Orders the member bought (role "buyer") or sold ("seller"), grouped.

    Open orders are all listed; finished ones up to `done_limit`, newest first.
    Each row carries its thumbnail (the listing's photos, prefetched) and
    `actions` (orders.rules.order_actions: which inline forms it offers),
    whose payment state is prefetched too, so the queries do not grow with
    the rows.
    """
    own = Order.objects.filter(**{role: user}).select_related(
        "buyer", "seller", "listing"
    )
    rated = Rating.objects.filter(order=OuterRef("pk"), rater=user)
    now = timezone.now()
    groups = OrderGroups()
    for order in own.filter(status__in=Order.OPEN_STATUSES):
        if order.status == Order.Status.PAID:
            groups.to_ship.append(order)
        elif order.status == Order.Status.SHIPPED:
            groups.in_transit.append(order)
        else:
            groups.disputes.append(order)
    finished = own.exclude(status__in=Order.OPEN_STATUSES).annotate(rated=Exists(rated))
    for order in finished[: done_limit + 50]:
        if order.rating_window_open(now) and not order.rated:
            groups.to_rate.append(order)
        elif len(groups.done) < done_limit:
            groups.done.append(order)
    rows = [order for _name, orders in groups.sections() for order in orders]
    # One query each for every row's photos and payments, open and finished.
    prefetch_related_objects(rows, "listing__photos", "payments")
    for order in rows:
        order.actions = order_actions(
            order, user, now, rated=getattr(order, "rated", False)
        )
    return groups


def list_offers(*, user: User, role: str, limit: int = 50) -> list[Offer]:
    """Offers the member made ("buyer") or received ("seller"): open first, newest.

    Each carries its thumbnail (prefetched) and `actions` (rules.offer_actions).
    """
    offers = Offer.objects.select_related("buyer", "listing", "listing__seller")
    if role == "buyer":
        offers = offers.filter(buyer=user)
    else:
        offers = offers.filter(listing__seller=user)
    open_offers = list(offers.filter(status__in=Offer.OPEN_STATUSES))
    closed = list(offers.exclude(status__in=Offer.OPEN_STATUSES)[:limit])
    rows = open_offers + closed
    prefetch_related_objects(rows, "listing__photos")
    now = timezone.now()
    for offer in rows:
        offer.actions = offer_actions(offer, user, now)
    return rows


def offer_settings_of(listing) -> OfferSettings:
    """The listing's automatic answers to offers (blank, unsaved, when none set)."""
    found = OfferSettings.objects.filter(listing=listing).first()
    return found or OfferSettings(listing=listing)


def list_pending_offers_for_listing(*, listing) -> list[Offer]:
    return list(Offer.objects.open().filter(listing=listing).select_related("buyer"))


def order_of_offer(offer: Offer) -> Order | None:
    """The order an accepted offer made, if any."""
    return Order.objects.filter(offer=offer).first()


def open_offer_of(*, listing, buyer: User) -> Offer | None:
    if not buyer.is_authenticated:
        return None
    return Offer.objects.filter(listing=listing, open_buyer_id=buyer.pk).first()


# --- Balance ----------------------------------------------------------------------


@dataclass(frozen=True)
class BalanceSummary:
    available_cents: int
    pending_cents: int
    held_cents: int


def balance_summary(*, member: User) -> BalanceSummary:
    """Available now; pending = seller earnings still in escrow; held for offers."""
    pending = (
        Order.objects.captured()
        .filter(seller=member, status__in=Order.OPEN_STATUSES)
        .aggregate(
            item=Sum("item_cents", default=0),
            shipping=Sum("shipping_cents", default=0),
            fee=Sum("seller_fee_cents", default=0),
        )
    )
    return BalanceSummary(
        available_cents=ledger.available_cents(member),
        # Earnings are linear in their amounts: the sum's earnings.
        pending_cents=seller_earnings_cents(
            pending["item"],
            shipping_cents=pending["shipping"],
            fee_cents=pending["fee"],
        ),
        held_cents=ledger.held_cents(member),
    )


def balance_history(*, member: User) -> QuerySet[LedgerEntry]:
    """Every movement of the member's available balance, newest first."""
    return LedgerEntry.objects.filter(
        member=member, account=Account.AVAILABLE
    ).select_related("order", "withdrawal", "offer__listing")


@dataclass(frozen=True)
class WeekEarnings:
    week_start: date
    cents: int


def weekly_earnings(
    *, member: User, weeks: int = 12, today: date | None = None
) -> list[WeekEarnings]:
    """Earnings released to the member per week (Monday start), oldest first."""
    today = today or timezone.localdate()
    this_monday = today - timedelta(days=today.weekday())
    first = this_monday - timedelta(weeks=weeks - 1)
    start = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    totals = [0] * weeks
    entries = LedgerEntry.objects.filter(
        member=member,
        account=Account.AVAILABLE,
        kind=LedgerEntry.Kind.RELEASE,
        created_at__gte=start,
    ).values_list("created_at", "amount_cents")
    # Bucketed in Python: a handful of rows, and no time-zone SQL functions
    # (MariaDB's tz tables are not always loaded).
    for created_at, cents in entries:
        index = (timezone.localtime(created_at).date() - first).days // 7
        if 0 <= index < weeks:
            totals[index] += cents
    return [
        WeekEarnings(first + timedelta(weeks=i), cents)
        for i, cents in enumerate(totals)
    ]


# --- Ratings and profile stats ------------------------------------------------------


@dataclass(frozen=True)
class SellerStats:
    """The numbers a member is trusted by, the same on the item page's seller
    card and on the profile: visible ratings, completed sales, ship time."""

    average: float | None
    count: int
    completed_sales: int
    median_ship_hours: float | None


def completed_sales(*, seller: User) -> QuerySet[Order]:
    """The seller's completed orders: their sales on the profile and the ones
    that raise the active-listing limit."""
    return Order.objects.filter(seller=seller, status=Order.Status.COMPLETED)


def _sales_and_median_ship_hours(seller: User) -> tuple[int, float | None]:
    """(completed sales, median hours from payment to shipping over them).

    One query whatever the number of orders: the database numbers the
    completed orders by ship time (unshipped ones first) and returns only the
    middle one or two shipped rows, each carrying both counts.
    """
    ship_time = ExpressionWrapper(
        F("shipped_at") - F("created_at"), output_field=DurationField()
    )
    rows = list(
        completed_sales(seller=seller)
        .annotate(
            ship_time=ship_time,
            position=Window(
                RowNumber(), order_by=[ship_time.asc(nulls_first=True), F("id").asc()]
            ),
            sales=Window(Count("id")),
            shipped=Window(Count("shipped_at")),
        )
        # Among the `shipped` rows, which follow the unshipped ones, the
        # middle is at positions sales - shipped/2 .. sales - shipped/2 + 1.
        .filter(
            position__gte=F("sales") - F("shipped") / 2.0,
            position__lte=F("sales") - F("shipped") / 2.0 + 1,
        )
        .order_by()
        .values_list("ship_time", "sales")
    )
    if not rows:
        return 0, None
    times = [time for time, _sales in rows if time is not None]
    median = (
        sum(t.total_seconds() for t in times) / len(times) / 3600 if times else None
    )
    return rows[0][1], median


def seller_stats(*, seller: User) -> SellerStats:
    """Visible rating average and count, completed sales and median ship time
    (2 queries, however many orders and ratings)."""
    ratings = Rating.objects.filter(ratee=seller, visible=True).aggregate(
        average=Avg("stars"), count=Count("id")
    )
    sales, median_ship_hours = _sales_and_median_ship_hours(seller)
    average = ratings["average"]
    return SellerStats(
        # MariaDB's AVG is a DECIMAL with 4 places (div_precision_increment).
        average=None if average is None else float(average),
        count=ratings["count"],
        completed_sales=sales,
        median_ship_hours=median_ship_hours,
    )


@dataclass(frozen=True)
class MemberReputation:
    average: float | None
    count: int
    completed_sales: int
    median_ship_hours: float | None
    latest: list


def member_reputation(*, member: User, latest: int = 5) -> MemberReputation:
    """A profile's seller stats (`seller_stats`, as on the seller card) and
    latest visible reviews."""
    stats = seller_stats(seller=member)
    return MemberReputation(
        average=stats.average,
        count=stats.count,
        completed_sales=stats.completed_sales,
        median_ship_hours=stats.median_ship_hours,
        latest=list(
            Rating.objects.filter(ratee=member, visible=True).select_related("rater")[
                :latest
            ]
        ),
    )


def rating_of(*, order: Order, rater: User) -> Rating | None:
    return order.ratings.filter(rater=rater).first()


def ratings_visible_to(*, order: Order, user: User) -> list[Rating]:
    """The order's ratings `user` may read: their own, and theirs once visible."""
    return list(
        order.ratings.filter(Q(rater=user) | Q(visible=True)).select_related("rater")
    )
