"""Proof that money is conserved: the ledger against itself, the orders and the gateway.

`reconcile()` reads everything and writes nothing. What the gateway did comes
from its own report, `PaymentGateway.list_transactions()`, as a real
processor's settlement report would, never from the gateway's storage.
Every figure is in cents. A difference is any cent that the ledger, the
orders, the offers, the withdrawals and the gateway's record of card
payments do not agree on, including a capture or refund the gateway has not
confirmed yet (money in flight is money unaccounted for).
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from marketplace.templatetags.money import money
from orders.models import (
    LedgerEntry,
    Offer,
    Order,
    Payment,
    PaymentSource,
    Withdrawal,
)
from orders.payment_states import LIVE
from orders.payments import Kind as GatewayKind
from orders.payments import Transaction, get_gateway

Account = LedgerEntry.Account
Kind = LedgerEntry.Kind
BATCH_SIZE = 500


@dataclass(frozen=True)
class Difference:
    """One thing that does not add up: what it is about and by how much."""

    subject: str
    detail: str

    def __str__(self):
        return f"{self.subject}: {self.detail}"


@dataclass(frozen=True)
class OrderLine:
    """One order's figures, listed with `--verbose`."""

    order_id: int
    status: str
    total_cents: int
    escrow_cents: int
    ok: bool


@dataclass
class Report:
    """The totals of every account and the gateway, and each difference found."""

    gateway_captured_cents: int = 0
    gateway_refunded_cents: int = 0
    # What the ledger says was taken from cards (captures minus refunds).
    cards_cents: int = 0
    escrow_cents: int = 0
    held_cents: int = 0
    available_cents: int = 0
    payouts_cents: int = 0
    revenue_cents: int = 0
    withdrawals_cents: int = 0
    movements: int = 0
    orders_checked: int = 0
    differences: list[Difference] = field(default_factory=list)
    orders: list[OrderLine] = field(default_factory=list)

    @property
    def gateway_net_cents(self) -> int:
        return self.gateway_captured_cents - self.gateway_refunded_cents

    @property
    def inside_cents(self) -> int:
        """Money held on Nomi's side: escrow, holds, balances, payouts, revenue."""
        return (
            self.escrow_cents
            + self.held_cents
            + self.available_cents
            + self.payouts_cents
            + self.revenue_cents
        )

    @property
    def ok(self) -> bool:
        return not self.differences

    def differ(self, subject: str, detail: str) -> None:
        self.differences.append(Difference(subject, detail))


@dataclass
class GatewayBook:
    """The gateway's own report (`list_transactions`), summed per payment reference."""

    captured: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    refunded: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # Captured or voided: no longer a hold.
    settled: set[str] = field(default_factory=set)
    authorizations: list[Transaction] = field(default_factory=list)

    @classmethod
    def from_report(cls, transactions: list[Transaction]) -> "GatewayBook":
        book = cls()
        for line in transactions:
            if line.kind == GatewayKind.AUTHORIZE:
                book.authorizations.append(line)
            elif line.kind == GatewayKind.CAPTURE:
                book.captured[line.reference] += line.amount_cents
                book.settled.add(line.reference)
            elif line.kind == GatewayKind.VOID:
                book.settled.add(line.reference)
            elif line.kind == GatewayKind.REFUND:
                book.refunded[line.reference] += line.amount_cents
        return book

    def sums(self, reference: str) -> dict:
        return {
            "captured": self.captured.get(reference, 0),
            "refunded": self.refunded.get(reference, 0),
        }

    def references(self) -> set[str]:
        """Every payment with money captured or refunded."""
        return set(self.captured) | set(self.refunded)


def _check_totals(report: Report, book: GatewayBook) -> None:
    """Account totals; the ledger sums to zero and its cards match the gateway."""
    totals = dict(
        LedgerEntry.objects.order_by()
        .values("account")
        .annotate(total=Sum("amount_cents"))
        .values_list("account", "total")
    )
    report.cards_cents = -totals.get(Account.CARDS, 0)
    report.escrow_cents = totals.get(Account.ESCROW, 0)
    report.held_cents = totals.get(Account.HOLD, 0)
    report.available_cents = totals.get(Account.AVAILABLE, 0)
    report.payouts_cents = totals.get(Account.PAYOUTS, 0)
    report.revenue_cents = totals.get(Account.REVENUE, 0)
    report.gateway_captured_cents = sum(book.captured.values())
    report.gateway_refunded_cents = sum(book.refunded.values())
    total = sum(totals.values())
    if total != 0 or report.cards_cents != report.inside_cents:
        report.differ(
            "ledger",
            f"entries sum to {money(total)}, not $0.00: taken from cards "
            f"{money(report.cards_cents)} but Nomi holds {money(report.inside_cents)}",
        )
    if report.gateway_net_cents != report.cards_cents:
        report.differ(
            "gateway",
            f"captured − refunded is {money(report.gateway_net_cents)} but the "
            f"ledger took {money(report.cards_cents)} from cards",
        )


def _check_movements(report: Report) -> None:
    """Every movement's legs sum to zero."""
    movements = (
        LedgerEntry.objects.order_by()
        .values("movement")
        .annotate(total=Sum("amount_cents"))
    )
    report.movements = movements.count()
    for row in movements.exclude(total=0).order_by("movement"):
        kinds = sorted(
            set(
                LedgerEntry.objects.filter(movement=row["movement"]).values_list(
                    "kind", flat=True
                )
            )
        )
        report.differ(
            f"movement {row['movement']} ({', '.join(kinds)})",
            f"legs sum to {money(row['total'])}, not $0.00",
        )


def _batches(rows) -> Iterator[list]:
    """`rows` (a queryset, read in chunks, or a list) in lists of BATCH_SIZE."""
    if hasattr(rows, "iterator"):
        rows = rows.iterator(chunk_size=BATCH_SIZE)
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def _order_problems(
    order: Order, payment: Payment, legs: dict, gateway: dict
) -> list[str]:
    """What does not add up for one order, given its payment row, its ledger
    legs and its gateway calls.

    `legs` maps (kind, account) to cents; `gateway` is its payment's captured
    and refunded totals at the gateway (card orders).
    """

    def leg(kind: str, account: str) -> int:
        return legs.get((kind, account), 0)

    def account_total(account: str) -> int:
        return sum(cents for (_kind, acc), cents in legs.items() if acc == account)

    problems = []
    captured = payment.captured_cents > 0
    is_open = order.status in Order.OPEN_STATUSES
    completed = order.status == Order.Status.COMPLETED
    closed = order.status in (Order.Status.CANCELLED, Order.Status.REFUNDED)

    paid_in = leg(Kind.CAPTURE, Account.ESCROW) + leg(
        Kind.BALANCE_PAYMENT, Account.ESCROW
    )
    expected = order.total_cents if captured else 0
    if paid_in != expected:
        problems.append(
            f"paid into escrow {money(paid_in)}, expected {money(expected)}"
        )
    escrow = account_total(Account.ESCROW)
    expected = order.total_cents if captured and is_open else 0
    if escrow != expected:
        problems.append(
            f"escrow holds {money(escrow)} while {order.status}, "
            f"expected {money(expected)}"
        )
    released = leg(Kind.RELEASE, Account.AVAILABLE)
    expected = order.seller_earnings_cents if completed else 0
    if released != expected:
        problems.append(
            f"released {money(released)} to the seller, expected {money(expected)}"
        )
    fees = leg(Kind.FEE, Account.REVENUE)
    expected = order.platform_fee_cents if completed else 0
    if fees != expected:
        problems.append(f"fees {money(fees)}, expected {money(expected)}")
    refunded = -leg(Kind.REFUND, Account.ESCROW)
    expected = order.total_cents if closed and captured else 0
    if refunded != expected:
        problems.append(f"refunded {money(refunded)}, expected {money(expected)}")

    from_cards = -account_total(Account.CARDS)
    if payment.paid_with_card:
        net = gateway["captured"] - gateway["refunded"]
        if net != from_cards:
            problems.append(
                f"the gateway holds {money(net)} of its card payment but the "
                f"ledger took {money(from_cards)}"
            )
        recorded = payment.captured_cents - payment.refunded_cents
        if net != recorded:
            problems.append(
                f"the gateway holds {money(net)} of its card payment but its "
                f"payment records {money(recorded)}"
            )
        if is_open and payment.status in LIVE:
            problems.append(
                f"capture of {money(order.total_cents)} still pending at the gateway"
            )
        if payment.status == Payment.Status.REFUND_PENDING:
            problems.append(
                f"refund of {money(order.total_cents)} still pending at the gateway"
            )
    elif from_cards:
        problems.append(
            f"paid from balance but the ledger took {money(from_cards)} from cards"
        )
    return problems


def _check_orders(report: Report, book: GatewayBook, *, verbose: bool) -> None:
    """Each order's escrow, releases, fees and refunds against its state and gateway."""
    orders = Order.objects.order_by("pk").only(
        "pk",
        "status",
        "item_cents",
        "shipping_cents",
        "buyer_fee_cents",
        "total_cents",
        "seller_fee_cents",
    )
    for batch in _batches(orders):
        legs = defaultdict(dict)
        for row in (
            LedgerEntry.objects.filter(order_id__in=[order.pk for order in batch])
            .order_by()
            .values("order_id", "kind", "account")
            .annotate(total=Sum("amount_cents"))
        ):
            legs[row["order_id"]][(row["kind"], row["account"])] = row["total"]
        # The newest payment of each order is the one that pays for it.
        payments = {
            payment.order_id: payment
            for payment in Payment.objects.filter(
                order_id__in=[order.pk for order in batch]
            ).order_by("id")
        }
        for order in batch:
            report.orders_checked += 1
            order_legs = legs.get(order.pk, {})
            payment = payments.get(order.pk)
            if payment is None:
                report.differ(f"order {order.pk}", "no payment pays for it")
                continue
            problems = _order_problems(
                order, payment, order_legs, book.sums(payment.reference)
            )
            for problem in problems:
                report.differ(f"order {order.pk}", problem)
            if verbose:
                report.orders.append(
                    OrderLine(
                        order_id=order.pk,
                        status=order.status,
                        total_cents=order.total_cents,
                        escrow_cents=sum(
                            cents
                            for (_kind, account), cents in order_legs.items()
                            if account == Account.ESCROW
                        ),
                        ok=not problems,
                    )
                )


def _check_stray_payments(report: Report, book: GatewayBook) -> None:
    """Money captured at the gateway for no order, or escrow owned by no order."""
    references = book.references()
    ordered = set()
    for batch in _batches(sorted(references)):
        ordered.update(
            Payment.objects.filter(
                method=PaymentSource.CARD, order__isnull=False, reference__in=batch
            ).values_list("reference", flat=True)
        )
    for reference in sorted(references - ordered):
        sums = book.sums(reference)
        report.differ(
            f"payment {reference}",
            f"captured {money(sums['captured'])} and refunded "
            f"{money(sums['refunded'])} at the gateway for no order",
        )
    orphan_escrow = LedgerEntry.objects.filter(
        account=Account.ESCROW, order__isnull=True
    ).aggregate(total=Sum("amount_cents", default=0))["total"]
    if orphan_escrow:
        report.differ("escrow", f"{money(orphan_escrow)} belongs to no order")


def _check_open_authorizations(report: Report, book: GatewayBook) -> None:
    """Card holds neither captured nor voided after their expected life.

    An open offer's authorization lives until the offer expires; any other
    (a checkout's, a closed offer's, an accepted counter's) is captured or
    voided at once. AUTHORIZATION_GRACE_MINUTES is added to both, the time
    process_deadlines has to finish what a failure left. An order still
    waiting for its capture is reported by the order check instead.
    """
    now = timezone.now()
    grace = timedelta(minutes=settings.AUTHORIZATION_GRACE_MINUTES)
    held = [
        (line.reference, line.amount_cents, line.created_at)
        for line in book.authorizations
        if line.reference not in book.settled
    ]
    for batch in _batches(held):
        references = [reference for reference, *_ in batch]
        awaiting_capture = set(
            Payment.objects.filter(
                status__in=LIVE,
                method=PaymentSource.CARD,
                order__status=Order.Status.PAID,
                reference__in=references,
            ).values_list("reference", flat=True)
        )
        offer_expiry = dict(
            Payment.objects.filter(
                status__in=LIVE,
                order__isnull=True,
                offer__status__in=Offer.OPEN_STATUSES,
                reference__in=references,
            ).values_list("reference", "offer__expires_at")
        )
        for reference, amount_cents, created_at in batch:
            if reference in awaiting_capture:
                continue
            deadline = offer_expiry.get(reference, created_at) + grace
            if deadline < now:
                report.differ(
                    f"payment {reference}",
                    f"authorization of {money(amount_cents)} neither captured nor "
                    f"voided since {created_at:%Y-%m-%d %H:%M} UTC (expected by "
                    f"{deadline:%Y-%m-%d %H:%M} UTC)",
                )


def _check_members(report: Report) -> None:
    """No member's available balance or offer hold is below zero."""
    negative = (
        LedgerEntry.objects.filter(account__in=[Account.AVAILABLE, Account.HOLD])
        .order_by()
        .values("member_id", "account")
        .annotate(total=Sum("amount_cents"))
        .filter(total__lt=0)
        .order_by("member_id", "account")
    )
    for row in negative:
        report.differ(
            f"member {row['member_id']}",
            f"{Account(row['account']).label} is {money(row['total'])}",
        )


def _check_holds(report: Report) -> None:
    """An offer holds its authorized amount while open and paid from balance, else 0."""
    held = dict(
        LedgerEntry.objects.filter(account=Account.HOLD)
        .order_by()
        .values("offer_id")
        .annotate(total=Sum("amount_cents"))
        .exclude(total=0)
        .values_list("offer_id", "total")
    )
    holding = Payment.objects.filter(
        method=PaymentSource.BALANCE, status=Payment.Status.AUTHORIZED
    ).values("offer_id")
    expected = dict(
        Offer.objects.open()
        .filter(pk__in=holding)
        .order_by()
        .values_list("pk", "authorized_cents")
    )
    for offer_id in sorted(set(held) | set(expected), key=lambda pk: pk or 0):
        if held.get(offer_id, 0) != expected.get(offer_id, 0):
            subject = f"offer {offer_id}" if offer_id else "holds"
            report.differ(
                subject,
                f"holds {money(held.get(offer_id, 0))}, expected "
                f"{money(expected.get(offer_id, 0))}",
            )


def _check_withdrawals(report: Report) -> None:
    """Payouts equal the withdrawals, one by one and in total."""
    report.withdrawals_cents = Withdrawal.objects.aggregate(
        total=Sum("amount_cents", default=0)
    )["total"]
    if report.payouts_cents != report.withdrawals_cents:
        report.differ(
            "payouts",
            f"{money(report.payouts_cents)} paid out but withdrawals total "
            f"{money(report.withdrawals_cents)}",
        )
    paid = (
        LedgerEntry.objects.filter(withdrawal=OuterRef("pk"), account=Account.PAYOUTS)
        .order_by()
        .values("withdrawal")
        .annotate(total=Sum("amount_cents"))
        .values("total")
    )
    mismatched = (
        Withdrawal.objects.annotate(paid=Coalesce(Subquery(paid), 0))
        .exclude(paid=F("amount_cents"))
        .order_by("pk")
        .values_list("pk", "amount_cents", "paid")
    )
    for pk, amount, paid_cents in mismatched:
        report.differ(
            f"withdrawal {pk}",
            f"paid out {money(paid_cents)}, expected {money(amount)}",
        )


def reconcile(*, verbose: bool = False) -> Report:
    """Check that every cent is where the orders, offers and gateway say it is.

    With `verbose`, the report also lists every order's figures.
    """
    report = Report()
    # One transaction, so every query reads the same snapshot (InnoDB's
    # repeatable read; SQLite's read transaction): money moving while the
    # checks run cannot show up as a difference.
    with transaction.atomic():
        book = GatewayBook.from_report(get_gateway().list_transactions())
        _check_totals(report, book)
        _check_movements(report)
        _check_orders(report, book, verbose=verbose)
        _check_stray_payments(report, book)
        _check_open_authorizations(report, book)
        _check_members(report)
        _check_holds(report)
        _check_withdrawals(report)
    return report
